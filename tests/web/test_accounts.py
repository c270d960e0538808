"""Accounts: invitations with an activation link, roles and networks, revoking, password reset."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from olievlek.accounts import actions
from olievlek.accounts.models import AuditEntry

LINK = re.compile(r"https?://[^/\s]+(/accounts/activate/[^/\s]+/)")


def invite(client, **data):
    return client.post("/accounts/users/invite/", data)


def logs_in(username: str, password: str) -> bool:
    """Through the login form, as a person would (the login throttle needs the request)."""
    from django.test import Client

    response = Client().post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302


def link_in_last_mail() -> str:
    return LINK.search(mail.outbox[-1].body).group(1)


def test_researcher_invites_a_coordinator_who_activates(client_for, users, network, other_network, client):
    response = invite(client_for(users["alice"]), email="Nina@School.example",
                      role="coordinator", network=network.pk)
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["nina@school.example"]
    user = get_user_model().objects.get(username="nina@school.example")
    assert not user.has_usable_password() and user.profile.network == network
    assert AuditEntry.objects.filter(action="invite", actor="alice").exists()

    path = link_in_last_mail()
    client.logout()
    assert client.get(path).status_code == 200
    response = client.post(path, {"new_password1": "lang-genoeg-wachtwoord", "new_password2": "lang-genoeg-wachtwoord"})
    assert response.status_code == 302
    assert client.get("/networks/testnet/").status_code == 200
    assert client.get("/networks/othernet/").status_code == 404
    # The link works once.
    client.logout()
    assert client.get(path).status_code == 410
    assert logs_in("nina@school.example", "lang-genoeg-wachtwoord")


def test_invite_needs_a_network_for_coordinators_and_a_person_for_participants(client_for, users, network):
    client = client_for(users["alice"])
    assert invite(client, email="a@example.net", role="coordinator").status_code == 200
    assert invite(client, email="b@example.net", role="participant", network=network.pk).status_code == 200
    assert invite(client, email="b@example.net", role="participant", network=network.pk,
                  person="p404").status_code == 200
    assert invite(client, email="c@example.net", role="participant", network=network.pk,
                  person="p4").status_code == 302
    assert get_user_model().objects.get(username="c@example.net").profile.person.key == "p4"
    assert invite(client, email="C@example.net", role="researcher").status_code == 200  # taken
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("who", ["bob", "dave", "eve"])
def test_only_researchers_manage_accounts(client_for, users, network, who):
    client = client_for(users[who])
    for url in ("/accounts/users/", "/accounts/users/invite/", f"/accounts/users/{users['carol'].pk}/"):
        assert client.get(url).status_code == 403, url
    assert invite(client, email="x@example.net", role="researcher").status_code == 403
    assert client.post(f"/accounts/users/{users['carol'].pk}/revoke/").status_code == 403
    assert client.post(f"/accounts/users/{users['alice'].pk}/",
                       {"role": "researcher"}).status_code == 403
    users["carol"].refresh_from_db()
    assert users["carol"].is_active and not mail.outbox


def test_revoke_ends_the_session(client_for, users, network, client):
    from django.test import Client

    from olievlek.surveys.models import ApiToken

    ApiToken.objects.create(user=users["bob"], digest="0" * 64)
    bob = Client()
    bob.force_login(users["bob"])
    assert bob.get("/networks/testnet/").status_code == 200
    response = client_for(users["alice"]).post(f"/accounts/users/{users['bob'].pk}/revoke/")
    assert response.status_code == 302
    assert bob.get("/networks/testnet/").status_code == 302  # to the login page
    assert not logs_in("bob", "password")
    assert not ApiToken.objects.filter(user=users["bob"]).exists()
    assert AuditEntry.objects.filter(action="revoke", object_key=str(users["bob"].pk)).exists()


def test_revoked_invitation_link_stops_working(users, network, client):
    user = actions.invite("z@example.net", role="coordinator", network=network, actor="test")
    path = link_in_last_mail()
    actions.revoke(user, actor="test")
    assert client.get(path).status_code == 410
    actions.reinvite(user, actor="test")
    assert client.get(path).status_code == 410  # the old link stays dead
    assert client.get(link_in_last_mail()).status_code == 200


def test_tampered_link_is_refused(users, network, client):
    actions.invite("y@example.net", role="coordinator", network=network, actor="test")
    path = link_in_last_mail()
    assert client.get(path[:-3] + "x/").status_code == 410


def test_change_role_and_network(client_for, users, network, other_network):
    client = client_for(users["alice"])
    response = client.post(f"/accounts/users/{users['bob'].pk}/",
                           {"role": "coordinator", "network": other_network.pk})
    assert response.status_code == 302
    bob = client_for(users["bob"])
    assert bob.get("/networks/testnet/").status_code == 404
    assert bob.get("/networks/othernet/").status_code == 200


def test_me_page_shows_role_and_networks(client_for, users, network):
    body = client_for(users["bob"]).get("/accounts/me/").content.decode()
    assert 'data-role="coordinator"' in body and "Testnetwerk" in body and "Ander netwerk" not in body
    body = client_for(users["eve"]).get("/accounts/me/").content.decode()
    assert 'data-role=""' in body


def test_password_reset(users, network, client):
    user = users["bob"]
    user.email = "bob@example.net"
    user.save()
    assert client.get("/accounts/password-reset/").status_code == 200
    client.post("/accounts/password-reset/", {"email": "bob@example.net"})
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.outbox[-1].body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    response = client.post(response.redirect_chain[-1][0],
                           {"new_password1": "nieuw-wachtwoord-42", "new_password2": "nieuw-wachtwoord-42"})
    assert response.status_code == 302
    assert logs_in("bob", "nieuw-wachtwoord-42")


def test_password_reset_page_in_english_and_dutch(client):
    assert "Reset your password" in client.get("/accounts/password-reset/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "wachtwoord" in client.get("/accounts/password-reset/", HTTP_ACCEPT_LANGUAGE="nl").content.decode().lower()
