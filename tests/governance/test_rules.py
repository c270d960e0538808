"""The governance rules (olievlek.governance.rules), pure: each boundary from both sides."""

from __future__ import annotations

import pytest

from olievlek.governance import rules as R

RULES = R.Rules()


def fees(paying: int, unpaid: int = 0, amount: int = 3000) -> list[R.Fee]:
    return ([R.Fee(f"o{i}", amount, True) for i in range(paying)]
            + [R.Fee(f"u{i}", amount, False) for i in range(unpaid)])


def checks(fee_list, rules=RULES):
    return {c.rule: c for c in R.network_conditions(fee_list, rules)}


def test_nine_paying_organisations_are_one_short_ten_are_enough():
    nine = checks(fees(9, unpaid=3))
    assert not nine["paying_organisations"].met
    assert nine["paying_organisations"].missing == "1 paying organisation short"
    assert checks(fees(10))["paying_organisations"].met
    assert checks(fees(8))["paying_organisations"].missing == "2 paying organisations short"


def test_unpaid_fees_count_neither_as_paying_nor_as_budget():
    c = checks(fees(0, unpaid=19))
    assert c["paying_organisations"].short == 10 and c["budget"].short == 30000


def test_a_budget_of_29999_is_one_euro_short_30000_is_enough():
    # ten paying organisations, one of them paying a euro less
    short = [*fees(9), R.Fee("x", 2999, True)]
    c = checks(short)
    assert c["paying_organisations"].met
    assert not c["budget"].met and c["budget"].missing == "EUR 1 short" and c["budget"].short == 1
    assert checks(fees(10))["budget"].met
    assert R.budget(fees(10)) == 30000


def test_the_conditions_are_configurable_per_network():
    small = R.Rules(min_paying=3, min_budget=5000)
    c = checks(fees(3, amount=2000), small)
    assert c["paying_organisations"].met and c["budget"].met


def app(orgs=("a", "b", "c"), type_=R.EXPERTGROEP, goal="doel", amount=None, hours=None):
    return R.Application("g", type_, goal, tuple(orgs), amount, hours)


def test_two_organisations_are_refused_three_are_granted():
    two = R.check_application(app(("a", "b", "b", "")), RULES, left=10000)
    assert not two.granted and two.rule == "organisations" and "1 organisation short" in two.reason
    three = R.check_application(app(("a", "b", "c")), RULES, left=10000)
    assert three.granted and three.rule == "all" and three.amount == 1500


def test_members_without_organisation_or_from_the_same_one_do_not_count_twice():
    assert R.check_application(app(("a", "a", "b", "", "")), RULES, 10000).rule == "organisations"


def test_an_application_without_a_goal_is_refused_by_the_goal_rule():
    d = R.check_application(app(goal="   "), RULES, 10000)
    assert not d.granted and d.rule == "goal"


def test_budget_left_exactly_the_amount_is_granted_one_euro_less_is_refused():
    assert R.check_application(app(), RULES, left=1500).granted
    d = R.check_application(app(), RULES, left=1499)
    assert not d.granted and d.rule == "budget" and "EUR 1 short" in d.reason
    assert R.check_application(app(), RULES, left=0).rule == "budget"
    assert R.budget_left(30000, [2000, 1500]) == 26500


def test_a_plg_gets_2000_and_needs_40_hours_per_member():
    plg = R.check_application(app(type_=R.PLG, hours=40), RULES, 10000)
    assert plg.granted and plg.amount == 2000
    d = R.check_application(app(type_=R.PLG, hours=39), RULES, 10000)
    assert not d.granted and d.rule == "facilitation" and "1 hours per member short" in d.reason
    assert R.check_application(app(type_=R.PLG), RULES, 10000).rule == "facilitation"


def test_a_projectgroep_brings_external_funding_and_has_a_limited_life():
    d = R.check_application(app(type_=R.PROJECTGROEP, amount=5000), RULES, 100000)
    assert not d.granted and d.rule == "type"
    assert R.project_life_check(2024, 2025, RULES).met
    late = R.project_life_check(2024, 2026, RULES)
    assert not late.met and late.missing == "1 year past its 2-year life"


def test_more_than_the_types_support_is_refused_by_the_amount_rule():
    assert R.check_application(app(amount=1500), RULES, 10000).granted
    d = R.check_application(app(amount=1501), RULES, 10000)
    assert not d.granted and d.rule == "amount"


def test_the_first_rule_not_met_decides_and_every_check_is_reported():
    d = R.check_application(app(orgs=("a",), goal=""), RULES, 0)
    assert d.rule == "goal"
    assert {c.rule for c in d.checks if not c.met} == {"goal", "organisations", "budget"}


@pytest.mark.parametrize("kind, expected", [
    ("PLG", R.PLG), ("professionele leergemeenschap", R.PLG), ("Expertgroep", R.EXPERTGROEP),
    ("projectgroep", R.PROJECTGROEP), ("stuurgroep", None), ("werkplaats", None), ("", None)])
def test_group_types_from_unit_kinds(kind, expected):
    assert R.group_type_of(kind) == expected


def test_only_paying_organisations_vote_wie_betaalt_bepaalt():
    fee_list = [R.Fee("a", 3000, True), R.Fee("b", 3000, True), R.Fee("c", 3000, False)]
    eligible = R.voters(fee_list)
    assert eligible == {"a", "b"}
    assert R.vote_problem("c", "for", eligible) is not None
    assert R.vote_problem("a", "maybe", eligible) is not None
    assert R.vote_problem("a", "for", eligible) is None
    outcome, counts = R.tally({"a": "for", "b": "against", "c": "for"}, eligible)
    assert outcome == "rejected" and counts == {"for": 1, "against": 1, "abstain": 0}
    assert R.tally({"a": "for", "b": "abstain"}, eligible)[0] == "adopted"


def test_the_rules_module_imports_no_django():
    import subprocess
    import sys

    code = ("import sys, olievlek.governance.rules, olievlek.package_governance; "
            "sys.exit(any(m.startswith('django') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
