"""The network list, the network page with its system picture, the person page and the
researcher's switch that lets coordinators see names."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from olievlek.accounts.models import AuditEntry

NAMES = ["Anna Aardeweg", "Bram Beukenhout", "Cato Cederveld", "Daan Dennenlaan",
         "Eva Essenrijk", "Fenna Fazantstraat"]

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def pseudonym(network, key: str) -> str:
    return network.people.get(key=key).pseudonym


# The list --------------------------------------------------------------------------------


def test_list_shows_members_and_first_wave_response_rate(users, client_for):
    page = html(client_for(users["alice"]).get("/networks/"))
    row = re.search(r'<tr data-network="testnet">(.*?)</tr>', page, re.DOTALL).group(1)
    assert "Testnetwerk" in row and "Twente" in row
    # five members today (p4 left in 2024); 2024: 3 complete out of 5 invited
    assert '<td class="num">5</td>' in row
    assert "60%" in row
    assert 'data-network="othernet"' in page


def test_list_shows_dash_without_a_wave(users, client_for, network):
    network.waves.all().delete()
    page = html(client_for(users["alice"]).get("/networks/"))
    row = re.search(r'<tr data-network="testnet">(.*?)</tr>', page, re.DOTALL).group(1)
    assert "–" in row and "%" not in row


def test_list_shows_only_networks_the_user_may_see(users, client_for):
    page = html(client_for(users["bob"]).get("/networks/"))
    assert "Testnetwerk" in page and "Ander netwerk" not in page
    page = html(client_for(users["eve"]).get("/networks/"))
    assert "Testnetwerk" not in page and "Ander netwerk" not in page


def test_pages_need_login(client_for):
    response = client_for(None).get("/networks/testnet/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/networks/testnet/")


# The system picture ----------------------------------------------------------------------


def svg_of(page: str) -> str:
    return re.search(r"<svg class=\"systempicture\".*?</svg>", page, re.DOTALL).group(0)


def test_system_picture_has_every_unit_nested_with_members_and_roles(users, client_for):
    svg = svg_of(html(client_for(users["alice"]).get("/networks/testnet/")))
    assert re.findall(r'data-unit="([^"]+)"', svg) == ["u-stuur", "u-a", "u-b"]
    # PLG A and PLG B are drawn inside the steering group's <g>
    stuur = svg.index('data-unit="u-stuur"')
    assert stuur < svg.index('data-unit="u-a"') < svg.rindex("</g></g></svg>")
    assert "Anna Aardeweg · projectleider" in svg
    assert 'class="unit process-coordinatie"' in svg and 'class="unit process-praktijk"' in svg
    assert 'stroke="#1f5f8b"' in svg and 'stroke="#2e7d32"' in svg  # process colours
    assert "stuurgroep · coördinatie · macro" in svg  # kind, process (in Dutch), level


def test_linking_pins_are_marked_in_every_unit_they_sit_in(users, client_for):
    svg = svg_of(html(client_for(users["alice"]).get("/networks/testnet/")))
    pins = re.findall(r'<g class="member pin" data-pin="1" data-person="([^"]+)"', svg)
    assert pins == ["p2", "p2"]  # Bram: steering group and PLG A
    others = re.findall(r'<g class="member" data-person="([^"]+)"', svg)
    assert sorted(others) == ["p1", "p3", "p5"]  # p4 left in 2024, p6 is in no unit


def test_coordinator_picture_uses_pseudonyms_not_keys(users, client_for, network):
    page = html(client_for(users["bob"]).get("/networks/testnet/"))
    refs = set(re.findall(r'data-person="([^"]+)"', page))
    assert refs and refs <= set(network.people.values_list("pseudonym", flat=True))
    for name in NAMES:
        assert name not in page


def test_participant_sees_themselves_and_counts(users, client_for):
    page = html(client_for(users["dave"]).get("/networks/testnet/"))
    svg = svg_of(page)
    assert re.findall(r'data-person="([^"]+)"', svg) == ["p3"]
    assert "Cato Cederveld" in svg
    assert "1 other member" in svg or "1 ander lid" in svg
    for name in NAMES[:1] + NAMES[3:]:
        assert name not in page
    assert 'data-person="p3"' in page


def test_long_member_lists_collapse_to_a_count(network):
    from olievlek.accounts.access import Viewer
    from olievlek.networks import systempicture
    from olievlek.networks.models import Membership, Person, Unit

    unit = Unit.objects.get(network=network, key="u-b")
    for i in range(30):
        person = Person.objects.create(network=network, key=f"x{i}", name=f"Extra {i}",
                                       pseudonym=f"leraar-x{i}")
        Membership.objects.create(person=person, unit=unit, role="leraar")
    viewer = Viewer(username="alice", role="researcher")
    with translation.override("en"):
        svg = systempicture.render(systempicture.boxes_for(network, viewer, "names"))
    box = svg[svg.index('data-unit="u-b"'):]
    assert len(re.findall(r'data-person="', box)) == systempicture.MAX_LINES
    assert "+ 23 more" in box  # 31 members, 8 shown


def test_picture_of_a_large_network_stays_within_the_canvas(network):
    from olievlek.accounts.access import Viewer
    from olievlek.networks import systempicture
    from olievlek.networks.models import Unit

    parent = Unit.objects.get(network=network, key="u-stuur")
    for i in range(40):
        Unit.objects.create(network=network, key=f"team-{i:02}", name=f"Team {i}", kind="PLG",
                            process="praktijk", parent=parent)
    roots = systempicture.boxes_for(network, Viewer("alice", "researcher"), "names")
    svg = systempicture.render(roots)
    width = float(re.search(r'viewBox="0 0 (\d+)', svg).group(1))
    assert width <= systempicture.CANVAS_WIDTH + 2
    assert len(re.findall(r"data-unit=", svg)) == 43


def test_network_without_units_says_so(users, client_for, network):
    from olievlek.networks.models import Membership

    Membership.objects.filter(unit__network=network).delete()
    network.units.exclude(parent=None).delete()
    network.units.all().delete()
    page = html(client_for(users["alice"]).get("/networks/testnet/"))
    assert "<svg class=\"systempicture\"" not in page
    assert "no units yet" in page or "nog geen deelsystemen" in page


# People, organisations, waves on the network page -----------------------------------------


def test_researcher_sees_everyone_by_name_with_organisation(users, client_for):
    page = html(client_for(users["alice"]).get("/networks/testnet/"))
    for name in NAMES:
        assert name in page
    assert "Basisschool De Linde" in page and "Hogeschool Noord" in page
    assert 'data-wave="2024"' in page and 'data-wave="2025"' in page


def test_coordinator_people_table_links_by_pseudonym(users, client_for, network):
    page = html(client_for(users["bob"]).get("/networks/testnet/"))
    code = pseudonym(network, "p1")
    assert f'href="/networks/testnet/people/{code}/"' in page
    assert "/people/p1/" not in page


# The person page ---------------------------------------------------------------------------


def test_person_page_shows_background_memberships_and_history(users, client_for):
    page = html(client_for(users["alice"]).get("/networks/testnet/people/p4/"))
    assert "Daan Dennenlaan" in page
    assert "2023-10-01" in page and "2024-08-31" in page  # start and end of PLG A
    assert "Basisschool De Linde" in page


def test_coordinator_opens_person_by_pseudonym_only(users, client_for, network):
    client = client_for(users["bob"])
    code = pseudonym(network, "p1")
    page = client.get(f"/networks/testnet/people/{code}/")
    assert page.status_code == 200
    text = html(page)
    assert code in text
    assert "Anna Aardeweg" not in text and "anna@example.org" not in text
    assert "Hogeschool Noord" not in text
    assert client.get("/networks/testnet/people/p1/").status_code == 404


def test_participant_opens_only_their_own_page(users, client_for, network):
    client = client_for(users["dave"])
    assert "Cato Cederveld" in html(client.get("/networks/testnet/people/p3/"))
    assert client.get("/networks/testnet/people/p1/").status_code == 404
    assert client.get(f"/networks/testnet/people/{pseudonym(network, 'p1')}/").status_code == 404


def test_person_of_another_network_is_404(users, client_for, other_network):
    code = pseudonym(other_network, "p1")
    assert client_for(users["bob"]).get(f"/networks/othernet/people/{code}/").status_code == 404
    assert client_for(users["carol"]).get(f"/networks/othernet/people/{code}/").status_code == 200


def test_researcher_following_a_pseudonym_link_lands_on_the_person(users, client_for, network):
    code = pseudonym(network, "p1")
    response = client_for(users["alice"]).get(f"/networks/testnet/people/{code}/")
    assert response.status_code == 302
    assert response["Location"] == "/networks/testnet/people/p1/"


# The switch ----------------------------------------------------------------------------------


def test_researcher_lets_coordinators_see_names_and_it_is_audited(users, client_for, network):
    url = "/networks/testnet/coordinator-names/"
    response = client_for(users["alice"]).post(url, {"value": "on"})
    assert response.status_code == 302
    network.refresh_from_db()
    assert network.coordinator_sees_names
    entry = AuditEntry.objects.get(action="coordinator_sees_names")
    assert (entry.actor, entry.network_slug, entry.detail) == ("alice", "testnet", "on")

    page = html(client_for(users["bob"]).get("/networks/testnet/"))
    assert "Anna Aardeweg" in page
    assert 'href="/networks/testnet/people/p1/"' in page

    client_for(users["alice"]).post(url, {"value": "off"})
    network.refresh_from_db()
    assert not network.coordinator_sees_names
    assert "Anna Aardeweg" not in html(client_for(users["bob"]).get("/networks/testnet/"))


def test_only_researchers_may_switch(users, client_for, network):
    url = "/networks/testnet/coordinator-names/"
    assert client_for(users["bob"]).post(url, {"value": "on"}).status_code == 403
    assert client_for(users["dave"]).post(url, {"value": "on"}).status_code == 403
    assert client_for(users["carol"]).post(url, {"value": "on"}).status_code == 404
    assert client_for(users["alice"]).get(url).status_code == 405
    network.refresh_from_db()
    assert not network.coordinator_sees_names
    assert not AuditEntry.objects.filter(action="coordinator_sees_names").exists()


def test_switch_form_is_shown_to_researchers_only(users, client_for):
    assert "coordinator-names" in html(client_for(users["alice"]).get("/networks/testnet/"))
    assert "coordinator-names" not in html(client_for(users["bob"]).get("/networks/testnet/"))


def test_network_page_queries_do_not_grow_with_people(users, client_for, network,
                                                      django_assert_max_num_queries):
    """300 people in 20 teams: the page is a fixed handful of queries, not one per person."""
    from olievlek.networks.models import Membership, Person, Unit

    parent = Unit.objects.get(network=network, key="u-stuur")
    teams = Unit.objects.bulk_create([
        Unit(network=network, key=f"t{i:02}", name=f"Team {i}", kind="PLG", process="praktijk",
             parent=parent) for i in range(20)])
    people = Person.objects.bulk_create([
        Person(network=network, key=f"n{i:03}", name=f"Nieuw {i}", pseudonym=f"leraar-n{i}")
        for i in range(294)])
    Membership.objects.bulk_create(
        [Membership(person=p, unit=teams[i % 20], role="leraar") for i, p in enumerate(people)]
        + [Membership(person=p, unit=teams[(i + 1) % 20], role="bruggenbouwer")
           for i, p in enumerate(people[:40])])
    client = client_for(users["alice"])
    # A fixed number: about 20 for the page; the first time about 20 more for the warnings of
    # vacant roles and departures and for caching them (olievlek.activities.data.warnings,
    # once per data version).
    with django_assert_max_num_queries(45):
        client.get("/networks/testnet/")
    with django_assert_max_num_queries(22):
        page = html(client.get("/networks/testnet/"))
    assert page.count('data-unit="t') == 20
    assert "Nieuw 293" in page  # the people table lists everyone


def test_network_page_links_the_other_apps_pages_that_exist(users, client_for, monkeypatch):
    from olievlek.networks import views

    monkeypatch.setattr(views, "SECTIONS", [("person_detail", "Broken", True),
                                            ("network_list", "Not about a network", True),
                                            ("network_detail", "This very page", True),
                                            ("network_detail", "Not for participants", False)])
    page = html(client_for(users["alice"]).get("/networks/testnet/"))
    nav = re.search(r'<nav class="sections".*?</nav>', page, re.DOTALL).group(0)
    assert nav.count("<a ") == 2
    assert '<a href="/networks/testnet/">This very page</a>' in nav
    page = html(client_for(users["dave"]).get("/networks/testnet/"))
    nav = re.search(r'<nav class="sections".*?</nav>', page, re.DOTALL).group(0)
    assert "This very page" in nav and "Not for participants" not in nav


def test_person_without_a_pseudonym_is_linked_by_a_code_not_the_key(users, client_for, network):
    person = network.people.get(key="p1")
    person.pseudonym = ""
    person.save()
    client = client_for(users["bob"])
    page = html(client.get("/networks/testnet/"))
    link = f"/networks/testnet/people/P{person.pk}/"
    assert f'href="{link}"' in page
    assert client.get(link).status_code == 200
    assert "Anna Aardeweg" not in html(client.get(link))


def test_person_page_hides_statuses_of_aggregate_only_waves_from_coordinators(users, client_for,
                                                                            network):
    network.waves.filter(label="2024").update(coordinator_visibility="aggregate")
    code = pseudonym(network, "p1")
    page = html(client_for(users["bob"]).get(f"/networks/testnet/people/{code}/"))
    table = re.search(r'<table class="responses">.*?</table>', page, re.DOTALL).group(0)
    assert "2025" in table and "2024" not in table
    page = html(client_for(users["alice"]).get("/networks/testnet/people/p1/"))
    assert "2024" in re.search(r'<table class="responses">.*?</table>', page, re.DOTALL).group(0)


def test_each_wave_links_to_its_pages_as_the_role_allows(users, network, client_for):
    html = client_for(users["alice"]).get(f"/networks/{network.slug}/").content.decode()
    for page in ("sociogram", "leadership", "islands", "responses"):
        assert f"/networks/{network.slug}/waves/2024/{page}/" in html
    html = client_for(users["dave"]).get(f"/networks/{network.slug}/").content.decode()
    assert f"/networks/{network.slug}/waves/2024/sociogram/" in html
    assert "/waves/2024/leadership/" not in html and "/waves/2024/responses/" not in html
