"""Editing a network's records in forms: who may, what is audited, what is refused."""

from __future__ import annotations

import re

import pytest

from olievlek.accounts.models import AuditEntry
from olievlek.networks.models import Membership


def audit_of(action: str, object_type: str):
    return list(AuditEntry.objects.filter(action=action, object_type=object_type))


def test_researcher_edits_a_membership_with_an_audit_entry(client_for, users, network):
    m = Membership.objects.get(person__network=network, person__key="p3")
    response = client_for(users["alice"]).post(
        f"/networks/testnet/memberships/{m.pk}/edit/",
        {"unit": m.unit_id, "role": "leraar-onderzoeker", "start": "2023-10-01", "end": "2025-07-31"},
    )
    assert response.status_code == 302 and response["Location"] == "/networks/testnet/people/p3/"
    m.refresh_from_db()
    assert (m.role, str(m.end)) == ("leraar-onderzoeker", "2025-07-31")
    [entry] = audit_of("update", "membership")
    assert entry.actor == "alice" and "role" in entry.detail and "end" in entry.detail
    assert "leraar-onderzoeker" not in entry.detail  # fields named, values not copied


def test_end_before_start_is_refused(client_for, users, network):
    m = Membership.objects.get(person__network=network, person__key="p3")
    response = client_for(users["alice"]).post(
        f"/networks/testnet/memberships/{m.pk}/edit/",
        {"unit": m.unit_id, "role": "leraar", "start": "2023-10-01", "end": "2020-01-01"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    m.refresh_from_db()
    assert m.end is None and not audit_of("update", "membership")


def test_unit_cycle_is_refused(client_for, users, network):
    client = client_for(users["alice"])
    stuur = network.units.get(key="u-stuur")
    team = network.units.get(key="u-a")
    response = client.post("/networks/testnet/units/u-stuur/edit/",
                           {"key": "u-stuur", "name": "Stuurgroep", "parent": team.pk})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    stuur.refresh_from_db()
    assert stuur.parent_id is None


def test_unit_parent_from_another_network_is_refused(client_for, users, network, other_network):
    foreign = other_network.units.get(key="u-stuur")
    response = client_for(users["alice"]).post(
        "/networks/testnet/units/u-b/edit/", {"key": "u-b", "name": "PLG B", "parent": foreign.pk})
    assert response.status_code == 200
    assert network.units.get(key="u-b").parent.network == network


def test_new_unit_person_organisation_and_membership(client_for, users, network):
    client = client_for(users["alice"])
    assert client.post("/networks/testnet/add/organisation/",
                       {"key": "o3", "name": "Gemeente Hengelo", "type": "gemeente",
                        "member": "on"}).status_code == 302
    assert client.post("/networks/testnet/add/unit/",
                       {"key": "u-c", "name": "PLG C", "parent": network.units.get(key="u-stuur").pk}
                       ).status_code == 302
    response = client.post("/networks/testnet/add/person/",
                           {"name": "Gijs Goudsbloem", "organisation": network.organisations.get(key="o3").pk})
    assert response.status_code == 302
    person = network.people.get(name="Gijs Goudsbloem")
    assert person.key == "p7" and person.pseudonym  # next free id; a pseudonym at once
    assert response["Location"] == "/networks/testnet/people/p7/"
    response = client.post("/networks/testnet/people/p7/add-membership/",
                           {"unit": network.units.get(key="u-c").pk, "role": "leraar", "start": "2025-01-01"})
    assert response.status_code == 302 and person.memberships.get().unit.key == "u-c"
    assert {e.object_type for e in AuditEntry.objects.filter(action="create", actor="alice")} == {
        "organisation", "unit", "person", "membership"}


def test_duplicate_key_is_refused(client_for, users, network):
    response = client_for(users["alice"]).post("/networks/testnet/add/unit/", {"key": "u-a", "name": "Dubbel"})
    assert response.status_code == 200 and network.units.filter(key="u-a").count() == 1


def test_delete_membership(client_for, users, network):
    m = Membership.objects.get(person__network=network, person__key="p5")
    response = client_for(users["alice"]).post(f"/networks/testnet/memberships/{m.pk}/delete/")
    assert response.status_code == 302 and not Membership.objects.filter(pk=m.pk).exists()
    assert audit_of("delete", "membership")


def test_coordinator_edits_own_network_under_pseudonyms(client_for, users, network):
    client = client_for(users["bob"])
    p3 = network.people.get(key="p3")
    page = client.get(f"/networks/testnet/people/{p3.pseudonym}/edit/")
    body = page.content.decode()
    assert page.status_code == 200 and p3.name not in body and 'name="name"' not in body
    # The package id may hold a name: never accepted under pseudonyms.
    assert client.get("/networks/testnet/people/p3/edit/").status_code == 404
    response = client.post(f"/networks/testnet/people/{p3.pseudonym}/edit/",
                           {"function": "intern begeleider", "sector": "po"})
    assert response.status_code == 302
    p3.refresh_from_db()
    assert p3.function == "intern begeleider" and p3.name == "Cato Cederveld"


def test_coordinator_sees_name_fields_when_names_are_allowed(client_for, users, network):
    network.coordinator_sees_names = True
    network.save()
    body = client_for(users["bob"]).get("/networks/testnet/people/p3/edit/").content.decode()
    assert "Cato Cederveld" in body


@pytest.mark.parametrize("url", [
    "/networks/othernet/edit/",
    "/networks/othernet/add/unit/",
    "/networks/othernet/units/u-a/edit/",
    "/networks/othernet/organisations/o1/edit/",
    "/networks/othernet/add/person/",
])
def test_coordinator_cannot_edit_another_network(client_for, users, other_network, url):
    client = client_for(users["bob"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"key": "x", "name": "x"}).status_code == 404


def test_membership_of_another_network_by_id_is_404(client_for, users, network, other_network):
    """IDOR: a membership id from othernet under testnet's address answers 404."""
    foreign = Membership.objects.filter(person__network=other_network).first()
    client = client_for(users["bob"])
    assert client.get(f"/networks/testnet/memberships/{foreign.pk}/edit/").status_code == 404
    assert client.post(f"/networks/testnet/memberships/{foreign.pk}/delete/").status_code == 404
    assert client.post(f"/networks/testnet/memberships/{foreign.pk}/edit/",
                       {"unit": network.units.first().pk, "role": "x"}).status_code == 404
    assert Membership.objects.get(pk=foreign.pk).role == foreign.role
    # A researcher too must use the membership's own network in the address.
    assert client_for(users["alice"]).get(
        f"/networks/testnet/memberships/{foreign.pk}/edit/").status_code == 404


def test_membership_unit_of_another_network_is_refused(client_for, users, network, other_network):
    m = Membership.objects.get(person__network=network, person__key="p3")
    foreign_unit = other_network.units.get(key="u-b")
    response = client_for(users["alice"]).post(f"/networks/testnet/memberships/{m.pk}/edit/",
                                               {"unit": foreign_unit.pk, "role": "leraar"})
    assert response.status_code == 200
    m.refresh_from_db()
    assert m.unit.network == network


def test_participant_edits_nothing(client_for, users, network):
    client = client_for(users["dave"])
    m = Membership.objects.get(person__network=network, person__key="p3")
    for url in ("/networks/testnet/edit/", "/networks/testnet/add/person/",
                f"/networks/testnet/memberships/{m.pk}/edit/", "/networks/testnet/units/u-a/edit/"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/networks/testnet/memberships/{m.pk}/delete/").status_code == 403
    assert Membership.objects.filter(pk=m.pk).exists()


def test_person_page_links_to_ego_network(client_for, users, network):
    body = client_for(users["alice"]).get("/networks/testnet/people/p3/").content.decode()
    assert "/networks/testnet/waves/2025/sociogram/?focus=p3" in body
    p3 = network.people.get(key="p3")
    body = client_for(users["bob"]).get(f"/networks/testnet/people/{p3.pseudonym}/").content.decode()
    assert f"sociogram/?focus={p3.pseudonym}" in body
    body = client_for(users["dave"]).get("/networks/testnet/people/p3/").content.decode()
    assert "sociogram/?focus=p3" in body


def test_network_create_and_edit(client_for, users, network):
    client = client_for(users["alice"])
    assert client.post("/networks/new/", {"slug": "import", "name": "X"}).status_code == 200
    response = client.post("/networks/new/", {"slug": "nieuw", "name": "Nieuw netwerk", "sector": "vo"})
    assert response.status_code == 302 and response["Location"] == "/networks/nieuw/"
    assert client.get("/networks/nieuw/").status_code == 200  # an empty network says so, no 500
    assert client_for(users["bob"]).get("/networks/new/").status_code == 403
    response = client_for(users["bob"]).post("/networks/testnet/edit/", {"name": "Leesnetwerk Twente"})
    assert response.status_code == 302
    network.refresh_from_db()
    assert network.name == "Leesnetwerk Twente" and audit_of("update", "network")


def test_search_respects_what_the_viewer_may_see(client_for, users, network, other_network):
    body = client_for(users["alice"]).get("/search/?q=Cato").content.decode()
    assert body.count('data-person="p3"') == 2  # in both networks
    p3 = network.people.get(key="p3")
    bob = client_for(users["bob"])
    body = bob.get("/search/?q=Cato").content.decode()
    assert "data-person" not in body and "Cederveld" not in body  # a hidden name is not confirmed
    body = bob.get(f"/search/?q={p3.pseudonym}").content.decode()
    assert f'data-person="{p3.pseudonym}"' in body and "Ander netwerk" not in body
    body = bob.get("/search/?q=PLG").content.decode()
    assert "Testnetwerk" in body and "Ander netwerk" not in body
    body = client_for(users["dave"]).get("/search/?q=Cederveld").content.decode()
    assert 'data-person="p3"' in body
    assert 'data-person' not in client_for(users["dave"]).get("/search/?q=Aardeweg").content.decode()


def test_search_sorts_on_the_server_too(client_for, users, network, other_network):
    body = client_for(users["alice"]).get("/search/?q=PLG&sort=network").content.decode()
    assert body.index("Ander netwerk") < body.index("Testnetwerk")


def test_membership_form_gives_the_date_input_iso_dates_in_dutch(client_for, users, network):
    m = Membership.objects.get(person__network=network, person__key="p3")
    body = client_for(users["alice"]).get(f"/networks/testnet/memberships/{m.pk}/edit/",
                                          HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert 'value="2023-10-01"' in body


def test_unit_tree_counts_current_members(client_for, users, network):
    Membership.objects.filter(person__key="p3", person__network=network).update(end="2999-12-31")
    body = client_for(users["bob"]).get("/networks/testnet/units/").content.decode()
    rows = {m.group(1): m.group(2) for m in re.finditer(
        r'data-unit="([^"]+)" data-depth="(\d)"', body)}
    assert rows == {"u-stuur": "0", "u-a": "1", "u-b": "1"}  # depth first, as a tree
    team_a = body[body.index('data-unit="u-a"'):].split("</tr>")[0]
    assert '<td class="num">2</td>' in team_a  # p2 and p3 (ends in the future); p4 has left
