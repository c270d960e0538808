"""The demo: twelve networks true to the published figures (Tabel 5.1-5.3, Bijlage 3).

The expected numbers come from the reference JSON shipped with the package; the percentages
are computed here from the packages' DataFrames, independently of the generator's solver.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from olievlek.demo import generate, generate_all, write_packages
from olievlek.package import read_package, validate, write_package
from tests.factories import demo_packages

SECTORS = ("po", "vo", "mbo", "sectoroverstijgend")
TABLES = {
    "Tabel 5.1": ("education_level", ("mbo", "hbo", "universiteit", "phd", "anders")),
    "Tabel 5.2": ("involvement", ("0-3m", "3-6m", "6-12m", "1-2y", "2-5y", "5y+")),
    "Tabel 5.3": ("years_in_education", ("<1", "1-15", "15+")),
}


def _json(name: str) -> dict:
    return json.loads(resources.files("olievlek.demo").joinpath(f"data/{name}").read_text("utf-8"))


@pytest.fixture(scope="module")
def packages():
    return demo_packages()  # generate(), once per test process


BACKGROUND = ("education_level", "years_in_education", "involvement", "expertise")


def _answered_background(people: pd.DataFrame) -> pd.Series:
    return (people[list(BACKGROUND)] != "").any(axis=1)


@pytest.fixture(scope="module")
def respondents(packages) -> pd.DataFrame:
    """Wave-2024 respondents with their network's sector: complete, or partial with
    background answers (part 1 answered, part 2 broken off), as the tables count them."""
    frames = []
    for pkg in packages:
        r = pkg.responses[pkg.responses.wave == "2024"]
        status = dict(zip(r.person, r.status))
        st = pkg.people.id.map(status)
        counted = (st == "complete") | ((st == "partial") & _answered_background(pkg.people))
        people = pkg.people[counted].assign(network_sector=pkg.network["sector"],
                                            network=pkg.network["id"], status=st[counted])
        frames.append(people)
    return pd.concat(frames, ignore_index=True)


def _percent(count: int, total: int) -> int:
    value = Fraction(100 * count, total)
    return int((Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal(1), ROUND_HALF_UP))


def test_same_seed_same_data_and_bytes(tmp_path, packages):
    again = generate()
    for a, b in zip(packages, again):
        assert a.network == b.network
        for name in ("people", "organisations", "units", "memberships", "ties", "responses"):
            pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    # the command's writer for one run, the package writer for another: the same bytes
    first = write_packages(tmp_path / "one")
    # write_packages writes the thirteen (the twelve and Twente)
    second = [write_package(pkg, tmp_path / "two" / pkg.network["id"])
              for pkg in [*again, generate_all()[-1]]]
    for x, y in zip(first, second, strict=True):
        for csv in sorted(x.glob("*.csv")):
            assert csv.read_bytes() == (y / csv.name).read_bytes(), csv.name


def test_another_seed_gives_other_people_but_the_same_tables(packages):
    other = generate(seed=7)
    assert not packages[1].ties.equals(other[1].ties)
    # the published figures do not depend on the seed
    for pkg in other:
        n = (pkg.responses.query("wave == '2024' and status == 'complete'")).shape[0]
        ref = next(p for p in packages if p.network["id"] == pkg.network["id"])
        assert n == ref.responses.query("wave == '2024' and status == 'complete'").shape[0]


def test_every_package_is_valid_and_reads_back(tmp_path, packages):
    for pkg in packages:
        validate(pkg)
    paths = write_packages(tmp_path)
    assert sorted(p.name for p in paths) == sorted(p.network["id"] for p in generate_all())
    back = read_package(paths[1])
    pd.testing.assert_frame_equal(back.ties, packages[1].ties)
    pd.testing.assert_frame_equal(back.people, packages[1].people)


def test_twelve_networks_with_names_slugs_and_sectors(packages):
    ref = _json("networks.json")["networks"]
    assert len(packages) == 12
    for pkg, net in zip(packages, ref):
        assert pkg.network["name"] == net["name"]
        assert pkg.network["id"].startswith(f"{net['id']:02d}-")
        expected = net["sector"] or "sectoroverstijgend"  # 11: decided in docs/demo-data.md
        assert pkg.network["sector"] == expected
        assert pkg.network["region"] == net["region"]
        since = net["history"]["since_year"]
        assert pkg.network["started"] == (str(since) if since else "")
    assert packages[0].network["id"] == "01-onderzoek-dat-werkt"
    assert [p.network["sector"] for p in packages[:3]] == ["po"] * 3  # 'bo' in Bijlage 6


@pytest.mark.parametrize("table_id", list(TABLES))
def test_background_reproduces_published_table(respondents, table_id):
    field, codes = TABLES[table_id]
    table = next(t for t in _json("tables.json")["tables"] if t["id"] == table_id)
    for col in table["columns"]:
        sector = col["key"]
        answers = respondents.loc[respondents.network_sector == sector, field]
        assert len(answers) == col["n"], f"{table_id} {sector}: n"
        valid = answers[answers != ""]
        for row, code in zip(table["rows"], codes):
            got = _percent(int((valid == code).sum()), len(valid))
            assert got == row["values"][sector], f"{table_id} {sector} {row['label']}"


def test_item_non_response_only_where_the_table_needs_it(respondents):
    missing = {
        (field, sector): int((respondents.loc[respondents.network_sector == sector, field] == "").sum())
        for field, _ in TABLES.values() for sector in SECTORS
    }
    assert missing.pop(("education_level", "po")) == 1  # 36% of 92, not of 93
    assert missing.pop(("involvement", "po")) == 2  # 7% of 91
    assert set(missing.values()) == {0}


def test_response_counts_follow_bijlage_3(packages):
    ref = {n["id"]: n for n in _json("networks.json")["networks"]}
    for pkg in packages:
        number = int(pkg.network["id"][:2])
        net = ref[number]
        wave = pkg.responses[pkg.responses.wave == "2024"]
        if net["sna_members"] is None:  # network 11: n.v.t.
            assert wave.empty and pkg.ties.empty
            continue
        assert len(wave) == net["sna_members"]
        assert (wave.status == "complete").sum() == net["sna_respondents_implied"]
    # vo: 15 + 15 + 17 = 47 completed questionnaires, as Bijlage 3 implies
    vo = sum((p.responses.query("wave == '2024' and status == 'complete'")).shape[0]
             for p in packages if p.network["sector"] == "vo")
    assert vo == 47


def test_one_partial_vo_respondent_answered_the_background_questions(packages, respondents):
    """The 48th vo answer set of the tables: network 04, part 1 answered, part 2 broken off."""
    partial = respondents[respondents.status == "partial"]
    assert list(partial.network) == ["04-challenge-based-learning"]
    person = partial.iloc[0]
    assert all(person[c] != "" for c in BACKGROUND)  # every background answer, expertise too
    pkg = packages[3]
    ties = pkg.ties[(pkg.ties.wave == "2024") & (pkg.ties.source == person.id)]
    assert len(ties) > 0  # they named some colleagues before breaking off
    assert respondents.groupby("network_sector").size().to_dict() == {
        "po": 93, "vo": 48, "mbo": 35, "sectoroverstijgend": 23}


def test_non_respondents_have_no_background(packages, respondents):
    """Background answers belong to people who completed a questionnaire, and to the one
    partial vo respondent of network 04; every other 2024 partial response has none (a
    package has one background per person, so it would count them in the 2024 tables)."""
    for pkg in packages:
        r = pkg.responses
        answered = set(r.loc[r.status == "complete", "person"])
        partial_2024 = set(r.loc[(r.wave == "2024") & (r.status == "partial"), "person"])
        mine = respondents[respondents.network == pkg.network["id"]]
        allowed = set(mine.loc[mine.status == "partial", "id"])  # network 04's one (test above)
        silent = pkg.people[~pkg.people.id.isin(answered - partial_2024) & ~pkg.people.id.isin(allowed)]
        for col in BACKGROUND:
            assert (silent[col] == "").all(), (pkg.network["id"], col)


def test_ties_come_from_people_who_answered_that_wave(packages):
    for pkg in packages:
        for wave, ties in pkg.ties.groupby("wave"):
            r = pkg.responses[pkg.responses.wave == wave]
            answered = set(r.loc[r.status != "invited", "person"])
            invited = set(r.person)
            assert set(ties.source) <= answered
            assert set(ties.target) <= invited
        assert pkg.ties.loc[pkg.ties.relation == "motivation", "usefulness"].isna().all()


def test_people_leave_and_join_between_the_waves(packages):
    left = joined = 0
    for pkg in packages:
        ms = pkg.memberships
        leavers = set(ms.loc[(ms.end != "") & (ms.end > "2024-04-15") & (ms.end < "2025-04-15"), "person"])
        joiners = set(ms.loc[ms.start > "2024-04-15", "person"])
        r = pkg.responses
        assert not leavers & set(r.loc[r.wave == "2025", "person"])
        assert not joiners & set(r.loc[r.wave == "2024", "person"])
        left += len(leavers)
        joined += len(joiners)
    assert left >= 12 and joined >= 10


def test_some_networks_have_an_island(packages):
    """A group with ties among themselves and none to anyone else."""
    import igraph

    found = 0
    for pkg in packages:
        ties = pkg.ties[pkg.ties.wave == "2024"]
        if ties.empty:
            continue
        g = igraph.Graph(directed=True)
        g.add_vertices(list(pkg.people.id))
        g.add_edges(list(zip(ties.source, ties.target)))
        sizes = sorted(len(c) for c in g.connected_components(mode="weak"))
        if any(1 < s < sizes[-1] for s in sizes):
            found += 1
    assert found >= 3


def test_people_are_fictitious(packages):
    from olievlek.demo.generator import SURNAMES

    names = pd.concat([p.people.name for p in packages])
    assert names.is_unique
    assert all(any(s in name for s in SURNAMES) for name in names)
    emails = pd.concat([p.people.email for p in packages])
    assert emails.str.endswith("@example.org").all()


def test_units_are_nested_and_repeated(packages):
    units = packages[0].units
    werkplaatsen = units[units.kind == "werkplaats"]
    assert list(werkplaatsen.name) == [f"werkplaats {i}" for i in range(1, 8)]
    assert set(werkplaatsen.parent) == {"n01-werkplaatslijn"}
    all_units = pd.concat([p.units for p in packages])
    assert set(all_units.process) <= {"coordinatie", "onderzoek", "praktijk", ""}
    assert set(all_units.level) == {"macro", "meso", "micro"}
    # linking pins: people in more than one unit, in every network
    for pkg in packages:
        assert pkg.memberships.person.duplicated().any(), pkg.network["id"]


def test_package_command_writes_one_folder_per_network(tmp_path):
    from olievlek.cli import main

    assert main(["demo", "--package", str(tmp_path)]) == 0
    folders = sorted(p.name for p in Path(tmp_path).iterdir())
    # the twelve study networks and, thirteenth, the Twente network (not a study network)
    assert len(folders) == 13 and folders[0] == "01-onderzoek-dat-werkt"
    assert folders[-1] == "13-kennisnetwerk-lerende-leraren"


def test_item_non_response_is_three_different_people(respondents):
    skipped = respondents[(respondents.education_level == "") | (respondents.involvement == "")]
    assert len(skipped) == 3 and set(skipped.network_sector) == {"po"}


def test_phd_candidates_have_no_phd_yet(packages):
    for pkg in packages:
        roles = pkg.memberships.drop_duplicates("person").set_index("person").role
        people = pkg.people.set_index("id")
        candidates = roles[roles == "promovendus"].index
        assert not (people.loc[candidates, "education_level"] == "phd").any()


def test_start_dates_agree_with_time_involved(packages):
    """A respondent who says '1-2 jaar' joined 1-2 years before the 2024 survey."""
    import datetime as dt

    bounds = {"0-3m": (0, 92), "3-6m": (90, 184), "6-12m": (180, 366), "1-2y": (365, 731),
              "2-5y": (730, 1827), "5y+": (1825, 10000)}
    survey = dt.date(2024, 4, 15)
    for pkg in packages:
        r = pkg.responses
        done = set(r.loc[(r.wave == "2024") & (r.status == "complete"), "person"])
        start = pkg.memberships.groupby("person").start.min()
        for pid, answer in zip(pkg.people.id, pkg.people.involvement):
            if pid in done and answer:
                days = (survey - dt.date.fromisoformat(start[pid])).days
                low, high = bounds[answer]
                assert low <= days <= high, (pid, answer, days)


def test_response_rates_equal_the_published_bijlage_3_table(packages):
    """Against sna_questionnaire.json's copy of Bijlage 3 (members and rounded percentage)."""
    rows = _json("sna_questionnaire.json")["response_bijlage3"]["rows"]
    by_number = {int(p.network["id"][:2]): p for p in packages}
    for row in rows:
        pkg = by_number[row["network"]]
        wave = pkg.responses[pkg.responses.wave == "2024"]
        if row["members"] is None:
            assert wave.empty
            continue
        rate = _percent(int((wave.status == "complete").sum()), len(wave))
        assert len(wave) == row["members"]
        assert rate == row["response_pct"], row["label"]
