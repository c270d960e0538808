"""Activities, attendance, turnover and the sustainability monitor in the database: the
package files round-trip, the pages (access, empty states, forms, audit), the CLI, erasure."""

from __future__ import annotations

import csv

import pytest

from olievlek.accounts.models import AuditEntry
from olievlek.activities.models import Activity, Attendance, Factor, Round, Score
from olievlek.networks.actions import erase_person, export_package, import_package
from olievlek.package import PackageError, frame, write_package
from tests.factories import small_package

pytestmark = pytest.mark.django_db


def with_activities(pkg=None):
    pkg = pkg or small_package()
    pkg.activities = frame("activities", [
        {"id": "a1", "date": "2024-03-01", "units": "u-a;u-stuur", "kind": "plg-bijeenkomst",
         "processes": "kennisdeling", "title": "PLG maart", "observed": "1"},
        {"id": "a2", "date": "2024-05-01", "units": "u-a", "kind": "studiedag", "title": "Studiedag"},
    ])
    pkg.attendance = frame("attendance", [
        {"activity": "a1", "person": "p1"}, {"activity": "a1", "person": "p3"},
        {"activity": "a2", "person": "p3"}, {"activity": "a2", "person": "p4"},
        {"activity": "a2", "organisation": "Gemeente Enschede"},
    ])
    pkg.rhythms = frame("rhythms", [{"unit": "u-a", "per_year": "6"}])
    pkg.scores = frame("scores", [
        {"round": "2024-1", "unit": "u-a", "factor": "urgentie", "score": "red",
         "explanation": "weinig tijd", "date": "2024-06-01"},
        {"round": "2025-1", "unit": "u-a", "factor": "urgentie", "score": "green",
         "explanation": "vaste plek", "date": "2025-06-01"},
    ])
    return pkg


@pytest.fixture
def activities(network):
    return import_package(with_activities(), actor="test")


def test_the_activity_files_import_and_export_unchanged(activities):
    a1 = Activity.objects.get(key="a1")
    assert a1.observed and a1.process_list() == ["kennisdeling"]
    assert sorted(u.key for u in a1.units.all()) == ["u-a", "u-stuur"]
    assert Attendance.objects.filter(activity__key="a2", person__isnull=True).get().organisation == "Gemeente Enschede"
    pkg = export_package(activities)
    again = with_activities()
    for name in ("activities", "attendance", "rhythms", "scores"):
        got = pkg.table(name).sort_values(list(pkg.table(name).columns)).reset_index(drop=True)
        want = again.table(name).sort_values(list(got.columns)).reset_index(drop=True)
        want["observed"] = want["observed"].replace("", "0") if name == "activities" else None
        if name != "activities":
            want = again.table(name).sort_values(list(got.columns)).reset_index(drop=True)
        assert got.to_dict("records") == want.to_dict("records"), name
    import_package(pkg, actor="test")  # and back: nothing doubles
    assert Attendance.objects.filter(activity__network=activities).count() == 5


def test_a_package_with_bad_activity_rows_is_refused_naming_file_row_and_column(network, tmp_path):
    pkg = with_activities()
    pkg.attendance = frame("attendance", [{"activity": "a9", "person": "p1"}, {"activity": "a1"}])
    pkg.activities.loc[1, "kind"] = "feest"
    write_package(pkg, tmp_path / "p")
    from olievlek.package import read_package

    with pytest.raises(PackageError) as err:
        read_package(tmp_path / "p")
    found = {(p.file, p.row, p.column) for p in err.value.problems}
    assert {("activities.csv", 3, "kind"), ("attendance.csv", 2, "activity"),
            ("attendance.csv", 3, "person")} <= found


def test_a_score_for_an_unknown_factor_writes_nothing(network):
    pkg = with_activities()
    pkg.scores.loc[0, "factor"] = "geluk"
    with pytest.raises(PackageError, match="geluk"):
        import_package(pkg, actor="test")
    assert not Activity.objects.exists()


PAGES = ["/networks/testnet/activities/", "/networks/testnet/activities/a1/",
         "/networks/testnet/activities/network/", "/networks/testnet/turnover/",
         "/networks/testnet/monitor/", "/networks/testnet/activities/download/coattendance.csv"]


@pytest.mark.parametrize("url", PAGES)
def test_researchers_and_the_own_coordinator_only(users, client_for, activities, url):
    assert client_for(users["alice"]).get(url).status_code == 200
    assert client_for(users["bob"]).get(url).status_code == 200
    # dave is a participant and an active member of u-a: he sees the monitor as a member
    # (test_a_unit_member_scores_their_own_unit_round), nothing else.
    for name in ("carol", "eve") if url.endswith("/monitor/") else ("carol", "dave", "eve"):
        assert client_for(users[name]).get(url).status_code == 404, name
    assert client_for(None).get(url).status_code == 302


def test_pages_without_data_say_no_data_yet(users, client_for, network):
    c = client_for(users["bob"])
    for url in ("/networks/testnet/activities/", "/networks/testnet/activities/network/",
                "/networks/testnet/monitor/"):
        body = c.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "No data yet" in body, url
    empty = import_package(small_package("leeg", "Leeg"), actor="test")
    empty.people.all().delete()
    body = client_for(users["alice"]).get("/networks/leeg/turnover/", HTTP_ACCEPT_LANGUAGE="en")
    assert body.status_code == 200 and "No data yet" in body.content.decode()


def test_the_pages_show_the_rhythm_co_attendance_and_brokers(users, client_for, activities):
    c = client_for(users["alice"])
    body = c.get("/networks/testnet/activities/").content.decode()
    assert 'data-unit="u-a" data-year="2023-2024"' in body and "data-timeline" in body
    rows = list(csv.reader(c.get("/networks/testnet/activities/download/coattendance.csv")
                           .content.decode().splitlines()))
    assert rows == [["source", "target", "activities"], ["p1", "p3", "1"], ["p3", "p4", "1"]]
    assert "Cato Cederveld" in c.get("/networks/testnet/activities/network/").content.decode()


def test_a_coordinator_without_names_sees_pseudonyms(users, client_for, activities):
    c = client_for(users["bob"])
    body = c.get("/networks/testnet/activities/network/").content.decode()
    assert "Cato Cederveld" not in body
    data = c.get("/networks/testnet/activities/download/coattendance.csv").content.decode()
    assert "p3" not in data.split("\n", 1)[1]


def test_a_coordinator_records_an_activity_in_the_browser_form(users, client_for, network):
    c = client_for(users["bob"])
    p2 = network.people.get(key="p2")
    response = c.post("/networks/testnet/activities/new/", {
        "key": "a9", "date": "2024-10-01", "title": "Netwerkdag", "kind": "bijeenkomst",
        "units": [network.units.get(key="u-b").pk], "process_codes": ["kennisdeling", "kennisbenutting"],
        "people": [p2.pk], "guests": "Gemeente Almelo\nGemeente Almelo"})
    assert response.status_code == 302
    a9 = Activity.objects.get(key="a9")
    assert a9.processes == "kennisdeling;kennisbenutting"
    assert a9.attendance.filter(person=p2).exists() and a9.attendance.filter(person=None).count() == 2
    assert AuditEntry.objects.filter(actor="bob", action="create", object_type="activity", object_key="a9").exists()
    assert c.post("/networks/testnet/activities/a9/delete/").status_code == 302
    assert not Activity.objects.filter(key="a9").exists()


def test_turnover_shows_departures_vacancies_and_the_cost(users, client_for, network):
    from olievlek.networks.models import Membership

    Membership.objects.filter(person__key="p2", unit__key="u-a").update(end="2024-06-30")
    body = client_for(users["alice"]).get("/networks/testnet/turnover/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "bruggenbouwer" in body and "still vacant" in body
    assert "data-without-role" in body and "PLG A" in body
    assert 'data-key="left">2<' in body  # p4 on 2024-08-31, p2 from PLG A on 2024-06-30
    later = client_for(users["alice"]).get("/networks/testnet/turnover/?since=2024-07-01&until=2024-12-31").content.decode()
    assert 'data-key="left">1<' in later and 'data-key="joined">1<' in later  # p4 left, p5 joined
    # the network page warns about the vacant key role
    page = client_for(users["alice"]).get("/networks/testnet/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "data-warning-vacant" in page


def test_small_turnover_counts_are_masked_for_a_coordinator_without_names(users, client_for, network):
    import re

    from olievlek.networks.models import Membership

    def u_a_leraar(user, path="/networks/testnet/turnover/"):
        body = client_for(users[user]).get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        if path.endswith(".csv"):
            return next(line for line in body.splitlines() if line.startswith("u-a,leraar,"))
        row = re.search(r"<tr><td>PLG A</td><td>leraar</td>(.*?)</tr>", body).group(1)
        return re.findall(r'class="num">([^<]*)<', row)

    # u-a leraar: p3 and p4 joined (2 people), p4 left (1)
    assert u_a_leraar("alice") == ["2", "1"]
    assert u_a_leraar("bob") == ["&lt;3", "&lt;3"]
    assert u_a_leraar("bob", "/networks/testnet/activities/download/turnover-counts.csv") == "u-a,leraar,<3,<3"
    assert u_a_leraar("alice", "/networks/testnet/activities/download/turnover-counts.csv") == "u-a,leraar,2,1"
    # three people joining is shown
    p1 = network.people.get(key="p1")
    Membership.objects.create(person=p1, unit=network.units.get(key="u-a"), role="leraar", start="2024-01-01")
    assert u_a_leraar("bob") == ["3", "&lt;3"]
    # a coordinator allowed names sees the counts
    network.coordinator_sees_names = True
    network.save()
    assert u_a_leraar("bob") == ["3", "1"]


def test_the_monitor_dashboard_scores_and_actions(users, client_for, activities):
    c = client_for(users["bob"])
    body = c.get("/networks/testnet/monitor/?round=2025-1").content.decode()
    assert 'data-score="green"' in body and 'data-change="2"' in body
    urgentie = Factor.objects.get(network=activities, key="urgentie")
    r = c.post("/networks/testnet/monitor/2025-1/u-b/", {f"score_{urgentie.key}": "red"})
    assert r.status_code == 200 and not Score.objects.filter(unit__key="u-b").exists()  # no explanation
    c.post("/networks/testnet/monitor/2025-1/u-b/", {f"score_{urgentie.key}": "red",
                                                     f"explanation_{urgentie.key}": "geen geld"})
    red = Score.objects.get(unit__key="u-b")
    assert "data-red-without-action" in c.get("/networks/testnet/monitor/?round=2025-1").content.decode()
    p1 = activities.people.get(key="p1")
    # an owner is needed: a person of the network or someone outside it, not both
    for owner in ({}, {"person": p1.pk, "owner": "Anna"}):
        r = c.post(f"/networks/testnet/monitor/score/{red.pk}/action/",
                   {"description": "begroting", "due": "2025-09-01", **owner})
        assert r.status_code == 200 and not red.actions.exists()
    c.post(f"/networks/testnet/monitor/score/{red.pk}/action/",
           {"description": "begroting", "person": p1.pk, "due": "2025-09-01"})
    assert red.actions.get().person == p1
    body = c.get("/networks/testnet/monitor/?round=2025-1").content.decode()
    assert "begroting" in body and "data-red-without-action" not in body
    # bob (coordinator without names) sees the owner's pseudonym, not the name
    assert p1.pseudonym in body and p1.name not in body
    assert AuditEntry.objects.filter(actor="bob", action="monitor action").exists()
    assert Round.objects.filter(network=activities).count() == 2


def test_a_unit_member_scores_their_own_unit_round(users, client_for, activities):
    from olievlek.networks.models import Membership

    dave = client_for(users["dave"])  # participant, person p3: active member of u-a only
    page = dave.get("/networks/testnet/monitor/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "/monitor/2025-1/u-a/" in page and "/monitor/2025-1/u-b/" not in page
    assert "data-monitor" not in page and "vaste plek" not in page  # no dashboard for members
    urgentie = Factor.objects.get(network=activities, key="urgentie")
    form = {f"score_{urgentie.key}": "orange", f"explanation_{urgentie.key}": "half"}
    assert dave.get("/networks/testnet/monitor/2025-1/u-a/").status_code == 200
    assert dave.post("/networks/testnet/monitor/2025-1/u-a/", form).status_code == 302
    assert Score.objects.get(round__label="2025-1", unit__key="u-a").score == "orange"
    assert AuditEntry.objects.filter(actor="dave", action="monitor").exists()
    # another unit of the network, and the facilitator pages, stay closed
    assert dave.post("/networks/testnet/monitor/2025-1/u-b/", form).status_code == 404
    assert not Score.objects.filter(unit__key="u-b").exists()
    assert dave.get("/networks/testnet/monitor/instrument/").status_code == 404
    # membership ending today is still active (both ends inclusive); ended yesterday is not
    import datetime as dt

    mine = Membership.objects.filter(person__key="p3", unit__key="u-a")
    mine.update(end=dt.date.today())
    assert dave.get("/networks/testnet/monitor/2025-1/u-a/").status_code == 200
    mine.update(end=dt.date.today() - dt.timedelta(days=1))
    assert dave.get("/networks/testnet/monitor/2025-1/u-a/").status_code == 404
    assert dave.get("/networks/testnet/monitor/").status_code == 404
    # a member starting tomorrow is not a member yet
    mine.update(start=dt.date.today() + dt.timedelta(days=1), end=None)
    assert dave.get("/networks/testnet/monitor/2025-1/u-a/").status_code == 404
    # a coordinator of another network cannot score this one's units
    assert client_for(users["carol"]).get("/networks/testnet/monitor/2025-1/u-a/").status_code == 404


def test_erasing_an_action_owner_clears_the_owner_and_keeps_the_action(activities):
    from olievlek.activities.models import Action

    red = Score.objects.get(round__label="2024-1", unit__key="u-a")
    p1 = activities.people.get(key="p1")
    mine = Action.objects.create(score=red, description="begroting", person=p1, due="2024-09-01")
    theirs = Action.objects.create(score=red, description="raad", owner="Gemeente", due="2024-09-01")
    counts = erase_person(p1, actor="test")
    assert counts["monitor actions owned"] == 1
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.person is None and mine.owner == "" and mine.description == "begroting"
    assert theirs.owner == "Gemeente"
    from olievlek.activities.views import sustainability_files

    rows = sustainability_files(activities)["actions"][1]
    assert sorted(r[4] for r in rows) == ["", "Gemeente"]


def test_erasing_a_person_removes_their_attendance(activities):
    p3 = activities.people.get(key="p3")
    counts = erase_person(p3, actor="test")
    assert counts["attendance"] == 2
    assert not Attendance.objects.filter(person__key="p3").exists()
    assert Attendance.objects.filter(activity__key="a1").count() == 1


def test_the_commands_write_the_four_files_from_a_package_and_from_the_database(activities, tmp_path):
    from olievlek.cli import main

    write_package(with_activities(), tmp_path / "pkg")
    assert main(["activities", str(tmp_path / "pkg"), "--date", "2025-06-01", "--out", str(tmp_path / "a")]) == 0
    assert main(["activities", "--network", "testnet", "--date", "2025-06-01", "--out", str(tmp_path / "b")]) == 0
    for name in ("rhythm", "coattendance", "turnover", "vacancies"):
        assert (tmp_path / "a" / f"{name}.csv").read_text() == (tmp_path / "b" / f"{name}.csv").read_text(), name
    turnover = (tmp_path / "a" / "turnover.csv").read_text().splitlines()
    assert turnover[0] == "date,person,unit,role,event" and "2024-08-31,p4,u-a,leraar,left" in turnover
    assert main(["sustainability", "testnet", "--out", str(tmp_path / "s")]) == 0
    scores = (tmp_path / "s" / "scores.csv").read_text().splitlines()
    assert scores[0] == "round,unit,factor,score,explanation,date" and len(scores) == 3


def test_a_coordinator_changes_the_instrument(users, client_for, network):
    c = client_for(users["bob"])
    body = c.get("/networks/testnet/monitor/instrument/").content.decode()
    assert 'data-factor="urgentie"' in body  # olievlek's default to start with
    r = c.post("/networks/testnet/monitor/instrument/", {"key": "scholing", "theme": "Cultuur",
                                                          "text": "Er is scholing", "order": 20})
    assert r.status_code == 302
    assert AuditEntry.objects.filter(actor="bob", object_type="monitor factor", object_key="scholing").exists()
    Round.objects.create(network=network, label="r1", date="2025-01-01")
    assert "score_scholing" in c.get("/networks/testnet/monitor/r1/u-a/").content.decode()
    assert c.post("/networks/testnet/monitor/instrument/", {"key": "scholing", "theme": "x", "text": "y",
                                                            "order": 1}).status_code == 200  # id taken
