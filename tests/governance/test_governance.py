"""Governance in the database: fees.csv and grants.csv in the package (validation, round
trip), the workflows (support applications with the active-membership rule, type history,
decisions), the CLI, the pages (access, empty states, forms) and the audit log."""

from __future__ import annotations

import datetime as dt

import pytest

from olievlek.accounts.models import AuditEntry
from olievlek.governance import actions
from olievlek.governance.models import Decision, Fee, Grant, Settings, TypeChange
from olievlek.networks.actions import export_package, import_package
from olievlek.package import PackageError, frame, read_package, write_package
from tests.factories import small_package

pytestmark = pytest.mark.django_db
SLUG = "testnet"


def governance_package(paying: int = 10):
    """The small package plus: ten more member organisations (o3..o12), p7 (o3) in PLG A from
    the start and p8 (o1) in PLG A from 2025-01-01; fees for 2025 (``paying`` of them paid)."""
    pkg = small_package()
    extra = [{"id": f"o{i}", "name": f"Bestuur {i:02d}", "type": "schoolbestuur", "member": "1"}
             for i in range(3, 13)]
    pkg.organisations = frame("organisations", [*pkg.organisations.to_dict("records"), *extra])
    people = pkg.people.to_dict("records")
    people += [{"id": "p7", "name": "Gijs Gortdijk", "organisation": "o3"},
               {"id": "p8", "name": "Hanna Hazelaar", "organisation": "o1"}]
    pkg.people = frame("people", people)
    ms = pkg.memberships.to_dict("records")
    ms += [{"person": "p7", "unit": "u-a", "role": "leraar", "start": "2023-10-01"},
           {"person": "p8", "unit": "u-a", "role": "leraar", "start": "2025-01-01"}]
    pkg.memberships = frame("memberships", ms)
    orgs = list(pkg.organisations["id"])[:12]
    pkg.fees = frame("fees", [{"year": "2025", "organisation": o, "fee": "3000",
                               "paid": "1" if i < paying else "0"} for i, o in enumerate(orgs)])
    pkg.grants = frame("grants", [
        {"year": "2025", "unit": "u-b", "type": "plg", "amount": "2000", "goal": "lezen",
         "decision": "refused", "rule": "organisations", "reason": "2 organisations short",
         "date": "2025-01-10"}])
    return pkg


@pytest.fixture
def gov(db):
    return import_package(governance_package(), actor="test")


# -- package -------------------------------------------------------------------------------------

def test_fees_and_grants_round_trip_through_export_and_import(gov, tmp_path):
    assert Fee.objects.filter(network=gov).count() == 12
    assert Grant.objects.get(network=gov).rule == "organisations"
    pkg = export_package(gov)
    assert list(pkg.fees.columns) == ["year", "organisation", "fee", "paid"]
    assert list(pkg.grants.columns) == ["year", "unit", "type", "amount", "goal", "decision",
                                        "rule", "reason", "date"]
    write_package(pkg, tmp_path / "p")
    again = read_package(tmp_path / "p")
    assert again.fees.to_dict("records") == pkg.fees.to_dict("records")
    assert again.grants.to_dict("records") == pkg.grants.to_dict("records")
    import_package(again, actor="test")  # nothing doubles
    assert Fee.objects.filter(network=gov).count() == 12 and Grant.objects.filter(network=gov).count() == 1
    entry = AuditEntry.objects.filter(action="import", network_slug=SLUG).last()
    assert "governance 12 fees, 1 grants" in entry.detail


def test_bad_fee_and_grant_rows_are_refused_with_file_row_and_column_and_nothing_written(db, tmp_path):
    pkg = governance_package()
    pkg.fees.loc[0, "fee"] = "drie"
    pkg.fees.loc[1, "year"] = "25"
    pkg.fees.loc[2, "organisation"] = "o99"
    pkg.fees.loc[3, "paid"] = "misschien"
    pkg.fees.loc[4, "organisation"] = pkg.fees.loc[5, "organisation"]
    pkg.grants = frame("grants", [
        {"year": "2025", "unit": "u-zz", "type": "werkplaats", "amount": "-5", "decision": "maybe",
         "rule": "geluk", "date": "2025-13-01"},
        {"year": "2025", "unit": "u-a", "type": "plg", "amount": "2000", "decision": "granted",
         "rule": "budget", "date": "2025-01-01"},
        {"year": "", "unit": "u-a", "type": "plg", "amount": "2000", "decision": "refused",
         "rule": "all", "date": ""},
    ])
    write_package(pkg, tmp_path / "p")
    with pytest.raises(PackageError) as err:
        read_package(tmp_path / "p")
    found = {(p.file, p.row, p.column) for p in err.value.problems}
    assert {("fees.csv", 2, "fee"), ("fees.csv", 3, "year"), ("fees.csv", 4, "organisation"),
            ("fees.csv", 5, "paid"), ("fees.csv", 7, "organisation"),
            ("grants.csv", 2, "unit"), ("grants.csv", 2, "type"), ("grants.csv", 2, "amount"),
            ("grants.csv", 2, "decision"), ("grants.csv", 2, "rule"), ("grants.csv", 2, "date"),
            ("grants.csv", 3, "rule"), ("grants.csv", 4, "year"), ("grants.csv", 4, "rule"),
            ("grants.csv", 4, "date")} <= found
    with pytest.raises(PackageError):
        import_package(pkg, actor="test")
    assert not Fee.objects.exists() and not Grant.objects.exists()


# -- workflows -----------------------------------------------------------------------------------

def test_support_counts_organisations_of_members_active_on_the_day(gov):
    unit = gov.units.get(key="u-a")
    # 2024-12-31: p2, p3 (o2) and p7 (o3) are active (p4 left, p8 not yet): 2 organisations
    assert sorted(set(actions.group_organisations(unit, dt.date(2024, 12, 31)))) == ["o2", "o3"]
    refused = actions.apply_for_support(unit, year=2025, goal="lezen", hours=40,
                                        date=dt.date(2024, 12, 31), actor="alice")
    assert refused.decision == "refused" and refused.rule == "organisations"
    granted = actions.apply_for_support(unit, year=2025, goal="lezen", hours=40,
                                        date=dt.date(2025, 1, 1), actor="alice")
    assert granted.decision == "granted" and granted.rule == "all" and granted.amount == 2000
    assert actions.budget_left(gov, 2025) == 28000
    entries = AuditEntry.objects.filter(object_type="grant", actor="alice").order_by("pk")
    assert [e.detail for e in entries] == ["2025: refused (organisations) EUR 2000",
                                           "2025: granted (all) EUR 2000"]


def test_budget_left_exactly_zero_refuses_the_next_application(gov):
    unit = gov.units.get(key="u-a")
    Settings.objects.create(network=gov, plg_support=30000)
    first = actions.apply_for_support(unit, year=2025, goal="x", hours=40, amount=30000,
                                      date=dt.date(2025, 2, 1), actor="t")
    assert first.decision == "granted" and actions.budget_left(gov, 2025) == 0
    second = actions.apply_for_support(unit, year=2025, goal="x", hours=40, amount=1,
                                       date=dt.date(2025, 2, 2), actor="t")
    assert second.decision == "refused" and second.rule == "budget"


def test_the_network_conditions_nine_and_ten_paying_organisations(db):
    nine = import_package(governance_package(paying=9), actor="t")
    checks = {c.rule: c for c in actions.conditions(nine, 2025)}
    assert checks["paying_organisations"].missing == "1 paying organisation short"
    assert checks["budget"].missing == "EUR 3,000 short"
    ten = import_package(governance_package(paying=10), actor="t")
    assert all(c.met for c in actions.conditions(ten, 2025))


def test_a_groups_type_history_is_kept_and_the_kind_follows(gov):
    unit = gov.units.get(key="u-b")
    for type_, day in [("projectgroep", "2019-09-01"), ("expertgroep", "2021-09-01"), ("plg", "2024-01-01")]:
        actions.change_group_type(unit, type_, date=dt.date.fromisoformat(day), actor="bob")
    assert [c.type for c in TypeChange.objects.filter(unit=unit)] == ["projectgroep", "expertgroep", "plg"]
    unit.refresh_from_db()
    assert unit.kind == "PLG"
    with pytest.raises(actions.GovernanceError):
        actions.change_group_type(unit, "werkplaats", date=dt.date(2025, 1, 1), actor="bob")
    assert AuditEntry.objects.filter(object_type="group type", actor="bob").count() == 3


def test_only_paying_organisations_vote_and_a_vote_of_another_writes_nothing(gov):
    body = gov.units.get(key="u-stuur")
    decision = actions.record_decision(body, date=dt.date(2025, 3, 1), text="Fee blijft",
                                       votes={"o1": "for", "o2": "against", "o3": "for"}, actor="bob")
    assert decision.outcome == "adopted"
    assert len(decision.eligible.all()) == 10  # o1..o10 paid 2025
    assert {(v.organisation.key, v.vote) for v in decision.votes.all()} == {
        ("o1", "for"), ("o2", "against"), ("o3", "for")}
    with pytest.raises(actions.GovernanceError, match="o11 did not pay"):
        actions.record_decision(body, date=dt.date(2025, 4, 1), text="x", votes={"o11": "for"}, actor="bob")
    assert Decision.objects.count() == 1
    with pytest.raises(actions.GovernanceError):
        actions.record_decision(gov.units.get(key="u-a"), date=dt.date(2025, 4, 1), text="x",
                                votes={}, actor="bob")
    assert AuditEntry.objects.filter(object_type="decision").count() == 1


def test_open_participation_non_member_people_join_groups_without_hindrance(gov):
    from olievlek.networks.models import Membership, Organisation, Person

    guest_org = Organisation.objects.create(network=gov, key="gast", name="Gastbestuur", member=False)
    person = Person.objects.create(network=gov, key="p9", name="Iris Ijzerhout", organisation=guest_org)
    Membership.objects.create(person=person, unit=gov.units.get(key="u-b"), start=dt.date(2025, 1, 1))
    assert "gast" in actions.group_organisations(gov.units.get(key="u-b"), dt.date(2025, 2, 1))


# -- command line --------------------------------------------------------------------------------

def test_governance_check_prints_each_condition_and_exits_1_when_one_fails(db, capsys):
    from olievlek.cli import main

    import_package(governance_package(paying=9), actor="t")
    assert main(["governance", "check", SLUG, "--year", "2025"]) == 1
    out = capsys.readouterr().out
    assert "at least 10 paying organisations: NOT MET: 1 paying organisation short" in out
    assert "at least EUR 30,000 a year: NOT MET: EUR 3,000 short" in out
    assert "support u-b (plg): refused" in out
    Fee.objects.filter(organisation__key="o10").update(paid=True)
    assert main(["governance", "check", SLUG, "--year", "2025"]) == 0
    assert "at least 10 paying organisations: met" in capsys.readouterr().out
    assert main(["governance", "check", "nope", "--year", "2025"]) == 2
    assert main(["governance", "check", SLUG, "--year", "99999"]) == 2


def test_governance_check_in_the_help():
    from olievlek.cli import build_parser

    assert "governance" in build_parser().format_help()


# -- pages ---------------------------------------------------------------------------------------

def test_pages_open_for_researcher_and_own_coordinator_and_404_otherwise(gov, users, client_for):
    url = f"/networks/{SLUG}/governance/"
    pages = [url, url + "rules/", url + "fees/2025/", url + "apply/", url + "type/", url + "decision/"]
    for who in ("alice", "bob"):
        for page in pages:
            assert client_for(users[who]).get(page).status_code == 200, (who, page)
    for who in ("carol", "dave", "eve"):
        for page in pages:
            assert client_for(users[who]).get(page).status_code == 404, (who, page)
    assert client_for(None).get(url).status_code == 302
    assert client_for(users["alice"]).get(url + "?year=abc").status_code == 404


def test_the_overview_shows_conditions_fees_grants_and_the_empty_state(gov, users, client_for, other_network):
    c = client_for(users["alice"])
    html = c.get(f"/networks/{SLUG}/governance/?year=2025", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-met="1"' in html and "Bestuur 03" in html and 'data-decision="refused"' in html
    empty = c.get("/networks/othernet/governance/").content.decode()
    assert "data-empty" in empty
    nine = c.get(f"/networks/{SLUG}/governance/?year=2030").content.decode()
    assert "data-empty" in nine and 'data-met="0"' in nine


def test_the_forms_go_through_the_workflows_and_are_audited(gov, users, client_for):
    c = client_for(users["bob"])
    unit = gov.units.get(key="u-a")
    r = c.post(f"/networks/{SLUG}/governance/apply/", {"unit": unit.pk, "year": 2025, "goal": "lezen",
                                                       "hours": 40, "date": "2025-02-01"})
    assert r.status_code == 302
    assert Grant.objects.filter(unit=unit, decision="granted").exists()
    o11 = gov.organisations.get(key="o11")
    r = c.post(f"/networks/{SLUG}/governance/fees/2025/",
               {**{f"member_{f.organisation_id}": "on" for f in Fee.objects.filter(network=gov)},
                f"paid_{o11.pk}": "on", f"fee_{o11.pk}": "2500"})
    assert r.status_code == 302
    assert Fee.objects.get(organisation=o11, year=2025).paid
    assert AuditEntry.objects.filter(object_type="fee", actor="bob", object_key="o11").exists()
    bad = c.post(f"/networks/{SLUG}/governance/fees/2025/", {f"member_{o11.pk}": "on", f"fee_{o11.pk}": "veel"})
    assert bad.status_code == 200 and Fee.objects.get(organisation=o11, year=2025).amount == 2500
    body = gov.units.get(key="u-stuur")
    r = c.post(f"/networks/{SLUG}/governance/decision/", {"body": body.pk, "date": "2025-03-01",
                                                          "text": "Besluit", "vote_o11": "for"})
    assert r.status_code == 302 and Decision.objects.get().outcome == "adopted"
    r = c.post(f"/networks/{SLUG}/governance/rules/", {
        "fee": 2000, "min_paying": 5, "min_budget": 10000, "min_group_organisations": 2,
        "plg_support": 2500, "plg_hours": 30, "expertgroep_support": 1000, "projectgroep_years": 3})
    assert r.status_code == 302 and actions.rules_for(gov).min_paying == 5
    assert AuditEntry.objects.filter(object_type="governance rules", actor="bob").exists()


def test_the_overview_in_dutch(gov, users, client_for):
    c = client_for(users["alice"])
    c.cookies["django_language"] = "nl"
    html = c.get(f"/networks/{SLUG}/governance/?year=2025", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Voorwaarden van het netwerk" in html


def test_a_projectgroep_past_its_life_is_flagged_on_the_overview(gov, users, client_for):
    unit = gov.units.get(key="u-b")  # p5 joined 2024-09-01
    actions.change_group_type(unit, "projectgroep", date=dt.date(2024, 9, 1), actor="t")
    c = client_for(users["alice"])
    within = c.get(f"/networks/{SLUG}/governance/?year=2025").content.decode()
    assert "data-life-over" not in within
    over = c.get(f"/networks/{SLUG}/governance/?year=2026").content.decode()
    assert "data-life-over" in over


def test_a_network_with_decisions_can_still_be_deleted_whole(gov):
    from olievlek.networks.actions import erase_network

    actions.record_decision(gov.units.get(key="u-stuur"), date=dt.date(2025, 3, 1), text="x",
                            votes={"o1": "for"}, actor="t")
    erase_network(gov, actor="t")
    assert not Decision.objects.exists() and not Fee.objects.exists()
