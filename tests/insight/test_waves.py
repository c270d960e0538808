"""Who is in a wave, which wave the pages show, and pages with no data yet.

A new wave must not change what the existing pages show: the analysis pages start at the
latest closed wave with answers, the change page compares the two latest ones, and the
pictures of published waves stay byte for byte the same.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest

from olievlek.analysis import leadership, linking_pins, network_from_package
from olievlek.networks.actions import import_package
from olievlek.networks.models import Membership, Network
from olievlek.package import frame, membership_active
from olievlek.surveys import actions
from tests.factories import demo_packages, small_package

BASE = "/networks/testnet/"


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]


@pytest.mark.django_db
def test_a_new_wave_changes_no_existing_page(users, client_for, network):
    client = client_for(users["alice"])
    before = {url: client.get(BASE + url).content for url in (
        "waves/2024/sociogram/sociogram.svg", "waves/2025/sociogram/sociogram.svg",
        "change/people.csv", "figures/figures.csv")}
    assert client.get(BASE + "insight/")["Location"].endswith("/waves/2025/sociogram/")
    # A coordinator opens wave 2026 and invites: it is open, so it is in progress.
    today = dt.date.today()
    wave = actions.create_wave(network, "2026", opens=today, closes=today + dt.timedelta(days=30))
    actions.invite(wave, send=False)
    assert client.get(BASE + "insight/")["Location"].endswith("/waves/2025/sociogram/")
    for url, body in before.items():
        assert client.get(BASE + url).content == body, url
    page = client.get(BASE + "waves/2026/sociogram/").content.decode()
    assert "data-in-progress" in page and "<svg" not in page
    invited = wave.responses.count()
    assert invited and re.search(rf'data-wave="2026"><td>2026</td><td>{invited}</td>', page)


@pytest.mark.django_db
def test_pictures_of_published_waves_do_not_move_when_a_wave_is_added(users, client_for, network):
    client = client_for(users["alice"])
    svg = {w: client.get(BASE + f"waves/{w}/sociogram/sociogram.svg").content for w in ("2024", "2025")}
    # Wave 2026 is imported with new ties, among them a tie to p6 (an isolate so far).
    pkg = small_package()
    pkg.ties = frame("ties", [
        {"wave": "2026", "source": s, "target": t, "relation": "advice", "frequency": 4}
        for s, t in (("p1", "p2"), ("p3", "p1"), ("p6", "p3"), ("p5", "p2"))])
    pkg.responses = frame("responses", [{"wave": "2026", "person": p, "status": "complete"}
                                        for p in ("p1", "p2", "p3", "p5", "p6")])
    import_package(pkg, actor="test")
    for wave, body in svg.items():
        assert client.get(BASE + f"waves/{wave}/sociogram/sociogram.svg").content == body, wave
    # The new wave is shown by default now; people who stay keep their place in the layout.
    assert client.get(BASE + "insight/")["Location"].endswith("/waves/2026/sociogram/")
    from olievlek.insight.reports import positions

    old, new = positions(network, "2025"), positions(network, "2026")
    for key in ("p1", "p2", "p3"):
        pk = network.people.get(key=key).pk
        assert new[pk] == old[pk], key


@pytest.mark.django_db
def test_change_compares_the_two_latest_closed_waves(users, client_for, network):
    client = client_for(users["alice"])
    default = client.get(BASE + "change/figures.csv").content
    actions.create_wave(network, "2026")  # open: no closing day
    assert client.get(BASE + "change/figures.csv").content == default
    page = client.get(BASE + "change/").content.decode()
    assert '<option selected>2024</option>' in page and '<option selected>2025</option>' in page
    assert "<option>2026</option>" not in page  # in progress: not offered
    picked = client.get(BASE + "change/?from=2025&to=2026").content.decode()
    assert "data-in-progress" in picked


@pytest.mark.django_db
def test_a_network_without_waves_says_so(users, client_for, db):
    empty = Network.objects.create(slug="empty", name="Leeg")
    client = client_for(users["alice"])
    for url in ("insight/", "change/", "figures/", "participants/", ""):
        response = client.get(f"/networks/{empty.slug}/{url}")
        assert response.status_code == 200, url
    body = client.get("/networks/empty/insight/").content.decode()
    assert "data-in-progress" in body


@pytest.mark.django_db
def test_a_network_without_responses(users, client_for, db):
    """Demo network 11 ran its own questionnaire: people and units, no answers."""
    net = import_package(demo_packages()[10], actor="test")
    client = client_for(users["alice"])
    for url in ("", "insight/", "change/", "figures/", "participants/"):
        assert client.get(f"/networks/{net.slug}/{url}").status_code == 200, url
    net.waves.create(label="2024")
    for url in ("insight/", "waves/2024/sociogram/", "participants/?wave=2024",
                "participants/download/tables.xlsx?wave=2024"):
        assert client.get(f"/networks/{net.slug}/{url}").status_code == 200, url


@pytest.mark.django_db
def test_participants_of_a_wave_without_complete_responses(users, client_for, network):
    wave = actions.create_wave(network, "2026")
    actions.invite(wave, send=False)
    client = client_for(users["alice"])
    for url in ("participants/?wave=2026", "participants/download/tables.xlsx?wave=2026",
                "participants/download/background_education_level.svg?wave=2026"):
        assert client.get(BASE + url).status_code == 200, url


@pytest.mark.django_db
def test_the_network_is_the_wave_s_people(users, client_for, network):
    """p5 joined in 2025: no isolate of 2024. p6 was invited and did not answer: in both
    waves, marked, the ties to them count."""
    client = client_for(users["alice"])
    svg = client.get(BASE + "waves/2024/sociogram/sociogram.svg").content.decode()
    people = dict(re.findall(r'data-person="(p\d)"[^>]*?data-responded="([01])"', svg)) or \
        {p: r for r, p in re.findall(r'data-responded="([01])"[^>]*?data-person="(p\d)"', svg)}
    assert people == {"p1": "1", "p2": "1", "p3": "1", "p4": "1", "p6": "0"}
    page = client.get(BASE + "waves/2024/sociogram/").content.decode()
    assert "answered" in page or "geantwoord" in page
    people_table = rows(client.get(BASE + "waves/2024/sociogram/people.csv"))
    assert sorted(r[0] for r in people_table) == sorted(
        ["Anna Aardeweg", "Bram Beukenhout", "Cato Cederveld", "Daan Dennenlaan",
         "Fenna Fazantstraat"])


@pytest.mark.django_db
def test_leadership_page_and_library_agree_on_every_demo_wave(users, client_for, db):
    client = client_for(users["alice"])
    checked = 0
    for pkg in demo_packages():
        net = import_package(pkg, actor="test")
        names = dict(zip(pkg.people["id"], pkg.people["name"]))
        for wave in pkg.waves():
            graph = network_from_package(pkg, wave, "advice", 2)
            found = leadership(graph, top=10)
            pins = linking_pins(graph)
            base = f"/networks/{net.slug}/waves/{wave}/leadership/"
            leaders = rows(client.get(base + "leaders.csv"))
            assert sorted(r[0] for r in leaders) == sorted(names[p] for p in found.informal)
            formal = rows(client.get(base + "formal.csv"))
            assert sorted(r[0] for r in formal) == sorted(names[p] for p in found.formal)
            shown = rows(client.get(base + "linking_pins.csv"))
            assert sorted(r[0] for r in shown) == sorted(
                names[p] for p in pins.loc[pins["linking_pin"], "id"])
            checked += 1
    assert checked == 22  # eleven networks with two waves each (network 11 has none)


@pytest.mark.django_db
def test_active_membership_is_one_rule(network):
    """The database's ``active_on`` and the package's ``membership_active`` agree, both ends
    inclusive: someone leaving next month is still a member today."""
    p4 = network.people.get(key="p4")  # PLG A from 2023-10-01 to 2024-08-31
    for day in (dt.date(2023, 9, 30), dt.date(2023, 10, 1), dt.date(2024, 8, 31),
                dt.date(2024, 9, 1)):
        in_db = Membership.objects.filter(person=p4).active_on(day).exists()
        assert in_db == membership_active("2023-10-01", "2024-08-31", day)
        assert in_db == Membership.objects.get(person=p4).is_active_on(day)
    assert [membership_active(None, None, dt.date(2000, 1, 1)), membership_active("", "", dt.date.today())] == [True, True]


@pytest.mark.django_db
def test_someone_leaving_next_month_is_on_a_new_wave_s_roster(network):
    today = dt.date.today()
    p3 = network.people.get(key="p3")
    Membership.objects.filter(person=p3).update(end=today + dt.timedelta(days=30))
    p4 = network.people.get(key="p4")  # left in 2024
    unit = network.units.get(key="u-a")
    roster = actions.roster_people(network, units=[unit])
    assert p3 in roster and p4 not in roster
    everyone = actions.roster_people(network)
    assert p3 in everyone and p4 not in everyone
    assert network.people.get(key="p6") in everyone  # in no unit: nothing says they left


@pytest.mark.django_db
def test_primary_unit_is_one_rule(network):
    from olievlek.insight.data import load_units
    from olievlek.networks.actions import export_package, primary_roles

    by_key = {p.pk: p.key for p in network.people.all()}
    expected = export_package(network).primary_units()
    _units, primary, _ms = load_units(network)
    assert {by_key[pk]: u for pk, u in primary.items()} == expected
    db = Membership.objects.filter(person__network=network).primary()
    assert {by_key[pk]: key for pk, (_u, key, _n, _r) in db.items()} == expected
    assert primary_roles(network)[network.people.get(key="p2").pk] == "bestuurder"


def test_tables_and_analysis_agree_on_who_is_in_a_wave():
    """The participants tables' members of a wave are the people of its network."""
    from olievlek.tables import combine

    packages = demo_packages()
    for wave in ("2024", "2025"):
        study = combine(packages, wave)
        for pkg in packages:
            if wave not in pkg.waves():
                continue
            mine = study.people[study.people["network"] == pkg.network["id"]]
            members = set(mine.loc[mine["invited"], "person"])
            graph = network_from_package(pkg, wave)
            assert members == set(graph.ids), (pkg.network["id"], wave)
            # Joiners are not isolates of the first wave, leavers not of the second.
            joined = set(pkg.memberships.loc[pkg.memberships["start"] > "2024-04-15", "person"])
            left = set(pkg.memberships.loc[(pkg.memberships["end"] != "")
                                           & (pkg.memberships["end"] < "2025-04-15"), "person"])
            assert not (joined & set(graph.ids)) if wave == "2024" else not (left & set(graph.ids))


@pytest.mark.django_db
def test_an_open_wave_shows_its_counts_to_those_who_run_it_only(users, client_for, network):
    wave = actions.create_wave(network, "2026")
    actions.invite(wave, send=False)
    for who, counts in (("alice", True), ("bob", True), ("dave", False)):
        body = client_for(users[who]).get(BASE + "waves/2026/sociogram/").content.decode()
        assert "data-in-progress" in body and ('class="progress"' in body) == counts, who
