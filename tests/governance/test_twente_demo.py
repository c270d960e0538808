"""The Twente network, the demo's thirteenth: true to twente_network.json, its governance
decided by the rules, kept out of the study's participants tables, loaded with its history."""

from __future__ import annotations

import pytest

from olievlek.demo import generate, generate_all
from olievlek.demo import twente as T
from olievlek.governance import rules as R
from olievlek.tables import combine


@pytest.fixture(scope="module")
def all_packages():
    return generate_all()


@pytest.fixture(scope="module")
def tw(all_packages):
    return all_packages[-1]


def test_thirteen_networks_the_last_is_twente(all_packages):
    assert len(all_packages) == 13 and len(generate()) == 12
    assert all_packages[-1].network["id"] == T.SLUG
    assert all_packages[-1].network["name"] == "Kennisnetwerk Lerende Leraren"


def test_member_organisations_as_the_reference_counts_them(tw):
    orgs = tw.organisations
    members = orgs[orgs["member"]]
    assert len(members) == 19  # 16 po boards, 1 lerarenopleiding, 1 ROC, 1 mobiliteitscentrum
    assert (members["type"] == "schoolbestuur").sum() == 16
    assert {"GM0153", "GM0164", "GM0141"} <= set(orgs["municipality"])  # Enschede, Hengelo, Almelo
    assert not orgs[~orgs["member"]].empty  # open participation: non-members in groups


def test_groups_of_the_three_types_and_the_three_bodies(tw):
    types = {R.group_type_of(k) for k in tw.units["kind"]}
    assert {R.PLG, R.EXPERTGROEP, R.PROJECTGROEP} <= types
    assert set(R.BODIES) <= set(tw.units["kind"])
    beleidsgroep = tw.memberships[tw.memberships["unit"] == "tw-beleidsgroep"]
    assert len(beleidsgroep) == 19  # "ongeveer twintig leden", one per member organisation
    assert [t for t, _d, _n in T.TYPE_HISTORY["tw-wt"]] == ["projectgroep", "expertgroep", "plg"]


def test_fees_2024_to_2026_with_unpaid_and_the_conditions(tw):
    rules = R.Rules()
    for year, met in [(2024, True), (2025, True), (2026, False)]:
        rows = tw.fees[tw.fees["year"] == str(year)]
        assert len(rows) == 19
        fees = [R.Fee(o, int(f), p == "1") for o, f, p in zip(rows["organisation"], rows["fee"], rows["paid"])]
        assert all(c.met for c in R.network_conditions(fees, rules)) is met, year
    assert (tw.fees["paid"] == "0").sum() == 2 + 10


def test_grants_granted_and_refused_each_with_its_rule(tw):
    rules = dict(zip(tw.grants["unit"] + tw.grants["year"], tw.grants["rule"]))
    assert rules["tw-wt2024"] == "all"
    assert rules["tw-personeelstekort2024"] == "type"
    assert rules["tw-rekencoordinatoren2025"] == "goal"
    assert rules["tw-digitale-geletterdheid2025"] == "organisations"
    assert rules["tw-jonge-kind2026"] == "facilitation"


def test_twente_is_kept_out_of_the_studys_tables(all_packages):
    """No questionnaire waves: combining all thirteen gives the twelve's study, respondent for
    respondent (Tabel 5.1-5.3 stay as published)."""
    tw = all_packages[-1]
    assert tw.waves() == [] and tw.ties.empty and tw.responses.empty
    twelve, thirteen = combine(all_packages[:12], "2024"), combine(all_packages, "2024")
    assert len(thirteen.respondents) == len(twelve.respondents) == 199
