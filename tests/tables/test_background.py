"""Background tables (Tabel 5.1-5.3 layout) on hand-made networks."""

from __future__ import annotations

from fractions import Fraction

from olievlek.tables import (
    background_counts,
    background_table,
    combine,
    percent,
    response_by_network,
)
from tests.factories import small_package

from .helpers import package, people_from_counts


def cell(df, category, column):
    return df.loc[df["category"] == category, column].iloc[0]


def test_percent_rounds_halves_up_exactly():
    for valid in range(1, 120):
        for count in range(valid + 1):
            exact = Fraction(100 * count, valid)
            expected = int(exact) + (1 if exact - int(exact) >= Fraction(1, 2) else 0)
            assert percent(count, valid) == expected, (count, valid)
    assert percent(1, 8) == 13 and percent(1, 200) == 1 and percent(1, 201) == 0


def test_percent_of_nothing_is_empty():
    assert percent(0, 0) is None


def test_layout_codes_missing_and_n_rows():
    study = combine([small_package()], wave="2024")
    df = background_table(study, "education_level")
    assert list(df.columns) == ["category", "po", "vo", "mbo", "sectoroverstijgend"]
    assert list(df["category"]) == ["mbo", "hbo", "universiteit", "phd", "anders", "missing", "n"]
    # 2024 respondents of testnet (po): p1 phd, p2 universiteit, p3 hbo complete; p4 hbo,
    # partial but with background answers, counts too
    assert [cell(df, c, "po") for c in ("hbo", "universiteit", "phd", "missing", "n")] == [50, 25, 25, 0, 4]


def test_sector_without_respondents_has_empty_cells_and_n_zero():
    study = combine([package("a", "po", [{"education_level": "hbo"}])])
    df = background_table(study, "education_level")
    for sector in ("vo", "mbo", "sectoroverstijgend"):
        assert all(v is None for v in df[sector].iloc[:5])
        assert cell(df, "n", sector) == 0
        assert cell(df, "missing", sector) == 0


def test_category_nobody_chose_is_zero_percent():
    study = combine([package("a", "vo", [{"involvement": "6-12m"}, {"involvement": "1-2y"}])])
    df = background_table(study, "involvement")
    assert cell(df, "0-3m", "vo") == 0
    assert cell(df, "6-12m", "vo") == 50


def test_missing_answers_are_their_own_row_outside_the_base():
    # 3 hbo, 1 phd, 2 left open: percentages of the 4 valid answers
    people = people_from_counts("education_level", {"hbo": 3, "phd": 1}, missing=2)
    df = background_table(combine([package("a", "mbo", people)]), "education_level")
    assert cell(df, "hbo", "mbo") == 75
    assert cell(df, "phd", "mbo") == 25
    assert cell(df, "missing", "mbo") == 2
    assert cell(df, "n", "mbo") == 6


def test_everyone_missing_gives_empty_percentages_but_counts():
    df = background_table(combine([package("a", "po", [{}, {}])]), "years_in_education")
    assert all(v is None for v in df["po"].iloc[:3])
    assert cell(df, "missing", "po") == 2 and cell(df, "n", "po") == 2


def test_partial_with_background_answers_counts_in_n_but_not_in_the_response_rate():
    """Edge case of docs/participants.md "Who counts": part 1 answered, part 2 broken off."""
    people = [
        {"education_level": "hbo"},                                        # complete
        {"education_level": "", "involvement": "1-2y", "status": "partial"},  # background, then broke off
        {"expertise": "Praktijkgericht onderzoek", "status": "partial"},   # only the open question
        {"status": "partial"},                                             # no background answers
        {"education_level": "phd", "status": "invited"},                   # never responded
        {"education_level": "phd", "status": ""},                          # not invited
    ]
    study = combine([package("a", "po", people)])
    df = background_table(study, "education_level")
    # n: the complete one and the two partial ones with a background answer
    assert cell(df, "n", "po") == 3
    assert cell(df, "missing", "po") == 2 and cell(df, "hbo", "po") == 100
    assert cell(background_table(study, "involvement"), "1-2y", "po") == 100
    # the response table (Bijlage 3) counts the complete one of the five invited
    row = response_by_network(study).iloc[0]
    assert (row["members"], row["respondents"], row["percent"]) == (5, 1, 20)
    assert list(study.respondents["person"]) == ["a-p1", "a-p2", "a-p3"]
    assert list(study.completes["person"]) == ["a-p1"]


def test_partial_without_background_answers_counts_nowhere():
    people = [{"education_level": "hbo"}, {"status": "partial"}, {"status": "partial", "expertise": "  "}]
    study = combine([package("a", "vo", people)])
    assert cell(background_table(study, "education_level"), "n", "vo") == 1
    row = response_by_network(study).iloc[0]
    assert (row["members"], row["respondents"], row["percent"]) == (3, 1, 33)


def test_packages_are_combined_by_their_networks_sector():
    a = package("a", "po", [{"education_level": "hbo"}])
    b = package("b", "po", [{"education_level": "phd"}])
    c = package("c", "mbo", [{"education_level": "mbo", "sector": "vo"}])  # person's own sector ignored
    df = background_table(combine([a, b, c]), "education_level")
    assert cell(df, "n", "po") == 2 and cell(df, "hbo", "po") == 50
    assert cell(df, "n", "mbo") == 1 and cell(df, "n", "vo") == 0


def test_wave_chooses_respondents_default_first_label():
    study = combine([small_package()])
    assert study.wave == "2024"
    later = combine([small_package()], wave="2025")
    assert cell(background_table(later, "education_level"), "n", "po") == 4  # p1 p2 p3 p5


def test_by_unit_process_and_role_count_a_person_in_each_group():
    study = combine([small_package()], wave="2024")
    counts = background_counts(study, "education_level", "unit")
    assert counts["u-stuur"].n == 2  # p1, p2
    assert counts["u-a"].n == 3      # p2, p3, and p4 (partial, with background answers)
    assert counts["u-b"].n == 0
    process = background_counts(study, "education_level", "process")
    assert process["praktijk"].n == 3 and process["coordinatie"].n == 2 and process["onderzoek"].n == 0
    roles = background_counts(study, "involvement", "role")
    assert roles["leraar"].counts["6-12m"] == 1 and roles["leraar"].n == 2  # p3, p4
    df = background_table(study, "education_level", "network")
    assert list(df.columns) == ["category", "testnet"]
