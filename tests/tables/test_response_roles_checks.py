"""Response (Bijlage 3 layout), roles, expertise sorting, representativeness and checks."""

from __future__ import annotations

import pytest

from olievlek.tables import (
    classify,
    combine,
    compare,
    consistency_checks,
    expertise_table,
    observed_counts,
    practice_flag,
    response_by_network,
    response_by_process,
    response_by_role,
    response_by_unit,
    roles_table,
    sort_expertise,
)
from tests.factories import small_package

from .helpers import package

UNITS = [
    {"id": "st", "name": "Stuurgroep", "process": "coordinatie"},
    {"id": "ot", "name": "Onderzoeksteam", "process": "onderzoek"},
    {"id": "pt", "name": "Praktijkteam", "process": "praktijk"},
    {"id": "leeg", "name": "Nooit gestart", "process": "praktijk", "parent": "st"},
]


def structured():
    people = [
        {"id": "a", "expertise": "Leidinggeven en verandermanagement"},
        {"id": "b", "expertise": "Praktijkgericht onderzoek"},
        {"id": "c", "status": "invited"},
        {"id": "d", "status": "partial"},
        {"id": "e"},
        {"id": "f", "status": "invited"},
        {"id": "g"},  # in no unit
    ]
    memberships = [
        {"person": "a", "unit": "st", "role": "projectleider"},
        {"person": "b", "unit": "ot", "role": "onderzoeker"},
        {"person": "c", "unit": "pt", "role": "leraar"},
        {"person": "d", "unit": "pt", "role": "leraar"},
        {"person": "e", "unit": "pt", "role": "Leraar"},
        {"person": "f", "unit": "st", "role": "leraar"},  # a teacher in the steering group
    ]
    return combine([package("net", "vo", people, units=UNITS, memberships=memberships)])


def test_response_by_network_counts_invited_members_and_complete_respondents():
    study = combine([small_package()], wave="2024")
    row = response_by_network(study).iloc[0]
    # invited in 2024: p1..p4 and p6 (p5 joined later); complete: p1, p2, p3
    assert (row["members"], row["respondents"], row["percent"]) == (5, 3, 60)


def test_network_nobody_was_invited_to_is_empty_like_nvt():
    study = combine([small_package(), package("elf", "sectoroverstijgend", [{"status": ""}])])
    row = response_by_network(study).set_index("network").loc["elf"]
    assert row["members"] is None and row["percent"] is None


def test_response_by_unit_role_and_process():
    study = structured()
    units = response_by_unit(study).set_index("unit")
    assert (units.at["pt", "members"], units.at["pt", "respondents"], units.at["pt", "percent"]) == (3, 1, 33)
    assert units.at["leeg", "members"] is None
    roles = response_by_role(study).set_index("role")
    assert roles.at["leraar", "members"] == 4 and roles.at["leraar", "respondents"] == 1  # role case folded
    process = response_by_process(study).set_index("process")
    assert process.at["coordinatie", "percent"] == 50 and process.at["onderzoek", "percent"] == 100


def test_roles_sorted_by_how_often_given():
    table = roles_table(structured())
    assert list(table["role"]) == ["leraar", "onderzoeker", "projectleider"]
    assert list(table["respondents"]) == [1, 1, 1] and list(table["members"]) == [4, 1, 1]


def test_practice_flag_when_practice_responds_less():
    flag = practice_flag(structured())
    assert flag.flagged
    assert flag.rates == {"coordinatie": 50, "onderzoek": 100, "praktijk": 33}
    assert 0 < flag.p_value <= 1


def test_consistency_checks_find_what_is_wrong():
    found = {(f.kind, f.subject): f for f in consistency_checks(structured())}
    assert found[("person-without-unit", "")].people == ("g",)
    assert ("unit-without-people", "leeg") in found
    assert found[("role-contradicts-unit", "st: leraar")].people == ("f",)
    assert found[("item-nonresponse", "education_level")].people == ("a", "b", "e", "g")  # none answered
    assert not any(k == "counts" for k, _ in found)


def test_counts_check_flags_respondents_outside_every_sector():
    study = combine([package("x", "", [{"education_level": "hbo"}])])
    kinds = {f.kind for f in consistency_checks(study)}
    assert "no-sector" in kinds


@pytest.mark.parametrize("text,kinds", [
    ("Praktijkgericht onderzoek en begeleiden van onderzoek door leraren",
     ("onderzoek-doen", "onderzoek-begeleiden", "praktijk-leraar")),
    ("Onderzoeksbegeleiding", ("onderzoek-begeleiden",)),
    ("Twintig jaar leerkracht in groep 3", ("praktijk-leraar",)),
    ("Schoolleider, veranderprocessen", ("verandermanagement", "leidinggeven")),
    ("Begrijpend lezen", ("thema",)),
    ("Tuinieren", ()),
])
def test_classify_into_the_six_kinds(text, kinds):
    assert classify(text) == kinds


def test_researcher_override_wins_and_table_counts_answered():
    study = structured()
    sorting = sort_expertise(study, {("net", "b"): ("thema",)})
    by_person = dict(zip(sorting["person"], sorting["kinds"]))
    assert by_person["a"] == ("verandermanagement", "leidinggeven")
    assert by_person["b"] == ("thema",)
    table = expertise_table(study, sorting).set_index("category")
    assert table.at["thema", "net"] == 50 and table.at["leidinggeven", "net"] == 50
    assert table.at["missing", "net"] == 2 and table.at["n", "net"] == 4


def test_compare_uses_an_exact_test_for_small_counts_and_chi_square_for_large():
    small = compare({"hbo": 1, "universiteit": 6, "phd": 3}, {"hbo": 70, "universiteit": 25, "phd": 5})
    assert small.test == "exact-multinomial" and small.significant
    rows = small.rows.set_index("category")
    assert rows.at["hbo", "flag"] == "under" and rows.at["phd", "flag"] == "over"
    big = compare({"hbo": 70, "universiteit": 25, "phd": 5}, {"hbo": 700, "universiteit": 250, "phd": 50})
    assert big.test == "chi-square" and not big.significant and set(big.rows["flag"]) == {""}
    two = compare({"po": 3, "vo": 7}, {"po": 1, "vo": 1})
    assert two.test == "exact-binomial" and two.p_value == pytest.approx(0.34375)


def test_exact_multinomial_matches_binomial_on_two_categories():
    import numpy as np
    from scipy import stats

    from olievlek.tables.representativeness import _exact_multinomial

    p = _exact_multinomial(np.array([2, 8]), np.array([0.5, 0.5]))
    assert p == pytest.approx(stats.binomtest(2, 10, 0.5).pvalue)


def test_observed_counts_for_process_and_organisations():
    study = combine([small_package()], wave="2024")
    assert observed_counts(study, "process") == {"coordinatie": 2, "praktijk": 3}  # p4: partial, background
    assert observed_counts(study, "organisation_type") == {"hogeschool": 1, "school": 1}


def test_partial_response_with_background_is_an_explained_count_difference():
    people = [{"education_level": "hbo"}, {"id": "half", "education_level": "phd", "status": "partial"},
              {"status": "partial"}]
    findings = consistency_checks(combine([package("a", "po", people)]))
    counts = [f for f in findings if f.kind == "counts"]
    assert [f.subject for f in counts] == ["po"]
    assert counts[0].detail.startswith(
        "n 2 in the background tables = 1 complete in the response table + 1 partial with background answers")
    partial = [f for f in findings if f.kind == "partial-background"]
    assert [(f.network, f.people) for f in partial] == [("a", ("half",))]
