"""Every page for managing networks and accounts, opened by every role.

alice researcher; bob coordinator of testnet; carol coordinator of othernet; dave participant
in testnet; eve no role; None anonymous. testnet's pages: bob may edit (200), carol gets 404
(another network is never confirmed to exist), dave 403 (he sees the network, may not change
it), eve 404. Researcher-only pages answer 403 to every other role.
"""

from __future__ import annotations

import pytest

from olievlek.networks.models import Membership

NETWORK_PAGES = [
    "/networks/testnet/edit/",
    "/networks/testnet/import/",
    "/networks/testnet/add/organisation/",
    "/networks/testnet/add/unit/",
    "/networks/testnet/add/person/",
    "/networks/testnet/organisations/o1/edit/",
    "/networks/testnet/units/u-a/edit/",
    "/networks/testnet/people/{p3}/edit/",
    "/networks/testnet/people/{p3}/add-membership/",
    "/networks/testnet/memberships/{m}/edit/",
]
RESEARCHER_PAGES = ["/networks/new/", "/networks/import/", "/accounts/users/",
                    "/accounts/users/invite/", "/accounts/users/{bob}/"]
EXPECTED = {"alice": 200, "bob": 200, "carol": 404, "dave": 403, "eve": 404}


def fill(url, users, network, who):
    p3 = network.people.get(key="p3")
    ref = p3.key if who == "alice" else p3.pseudonym  # the reference each viewer is given
    m = Membership.objects.get(person=p3)
    return url.format(p3=ref, m=m.pk, bob=users["bob"].pk)


@pytest.mark.parametrize("who", list(EXPECTED))
def test_network_management_pages(client_for, users, network, who):
    client = client_for(users[who])
    for url in NETWORK_PAGES:
        url = fill(url, users, network, who)
        status = client.get(url).status_code
        assert status == EXPECTED[who], f"{who} GET {url}: {status}"


@pytest.mark.parametrize("who", ["bob", "carol", "dave", "eve"])
def test_researcher_pages(client_for, users, network, who):
    client = client_for(users[who])
    for url in RESEARCHER_PAGES:
        assert client.get(fill(url, users, network, who)).status_code == 403, url


def test_researcher_opens_them_all(client_for, users, network):
    client = client_for(users["alice"])
    for url in [*RESEARCHER_PAGES, "/accounts/me/", "/search/?q=PLG", "/networks/testnet/units/", "/networks/testnet/units/u-a/"]:
        assert client.get(fill(url, users, network, "alice")).status_code == 200, url


def test_anonymous_goes_to_login(client_for, users, network):
    client = client_for(None)
    for url in NETWORK_PAGES + RESEARCHER_PAGES + ["/accounts/me/", "/search/"]:
        response = client.get(fill(url, users, network, "bob"))
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


def test_posts_by_the_wrong_role_change_nothing(client_for, users, network):
    m = Membership.objects.get(person__network=network, person__key="p3")
    data = {"unit": m.unit_id, "role": "gewijzigd", "start": "2023-10-01"}
    for who, status in (("carol", 404), ("dave", 403), ("eve", 404)):
        response = client_for(users[who]).post(f"/networks/testnet/memberships/{m.pk}/edit/", data)
        assert response.status_code == status, who
    m.refresh_from_db()
    assert m.role == "leraar"
