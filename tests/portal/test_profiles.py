"""Opt-in profiles: only through the person's own link, consent recorded, withdrawal at once;
nothing of anyone else is public; the contact form hides the address and is throttled;
erasure removes profile and messages."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from olievlek.accounts.models import AuditEntry
from olievlek.portal import actions
from olievlek.portal.models import ContactMessage, PublicProfile, SearchEntry

pytestmark = pytest.mark.django_db


def _link_token(message) -> str:
    return re.search(r"/portaal/profiel/([^/\s]+)/", message.body).group(1)


def _opt_in(client, token, **extra):
    data = {"name": "Anna Aardeweg", "role": "lector", "organisation": "Hogeschool Noord",
            "region": "Twente", "expertise_kinds": ["onderzoek-begeleiden"],
            "expertise": "praktijkgericht onderzoek", "show_groups": "on", "consent": "on",
            "action": "save", **extra}
    return client.post(f"/portaal/profiel/{token}/", data)


def test_nobody_is_public_until_they_opt_in_themselves(client, portal_net):
    page = client.get(f"/portaal/groepen/{portal_net.units.get(key='u-a').publication.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Bram" not in text and "Cato" not in text  # members without a profile stay unnamed
    assert "Basisschool De Linde" in text  # their organisation takes part
    assert not PublicProfile.objects.exists()
    assert client.get("/portaal/zoeken/?q=Anna").context["results"].count == 0


def test_invite_sends_link_to_the_person_and_consent_makes_the_profile(client, portal_net):
    anna = portal_net.people.get(key="p1")
    actions.invite(anna, actor="bob")
    assert mail.outbox[-1].to == ["anna@example.org"]
    token = _link_token(mail.outbox[-1])
    form = client.get(f"/portaal/profiel/{token}/")
    assert form.status_code == 200 and "Anna Aardeweg" in form.content.decode()
    # Without ticking consent nothing is published
    refused = _opt_in(client, token, consent="")
    assert refused.status_code == 200 and not PublicProfile.objects.exists()
    done = _opt_in(client, token)
    profile = PublicProfile.objects.get(person=anna)
    assert done.status_code == 302 and done["Location"] == f"/portaal/mensen/{profile.pk}/"
    assert profile.consented_at is not None and "toestemming" in profile.consent_text
    assert AuditEntry.objects.filter(action="portal consent", object_key="p1").exists()
    page = client.get(f"/portaal/mensen/{profile.pk}/").content.decode()
    assert "Anna Aardeweg" in page and "Kaartenset begrijpend lezen" in page
    assert "anna@example.org" not in page  # the address is never shown
    assert 'type="application/ld+json"' in page and '"@type": "Person"' in page


def test_nothing_from_the_questionnaire_is_shown(client, portal_net):
    anna = portal_net.people.get(key="p1")
    token = actions.invite(anna, actor="bob", send=False)
    _opt_in(client, token)
    page = client.get(f"/portaal/mensen/{anna.public_profile.pk}/").content.decode()
    # background answers of people.csv (education level, years, involvement) stay private
    for private in ("phd", "PhD", "15+", "5y+", "more than 5 years"):
        assert private not in page


def test_withdrawal_removes_the_profile_at_once(client, portal_net):
    anna = portal_net.people.get(key="p1")
    token = actions.invite(anna, actor="bob", send=False)
    _opt_in(client, token)
    pk = anna.public_profile.pk
    assert client.get("/portaal/zoeken/?q=Aardeweg").context["results"].count == 2  # + her product
    done = client.post(f"/portaal/profiel/{token}/", {"action": "withdraw"})
    assert done.status_code == 200 and "data-withdrawn" in done.content.decode()
    assert not PublicProfile.objects.exists()
    assert client.get(f"/portaal/mensen/{pk}/").status_code == 404
    assert client.get("/portaal/zoeken/?q=Aardeweg").context["results"].count == 0
    # nor is the name left in the product's index entry
    assert "aardeweg" not in SearchEntry.objects.get(kind="product").terms
    assert AuditEntry.objects.filter(action="portal withdraw", object_key="p1").exists()


def test_unknown_links_are_404_and_throttled(client, portal_net, settings):
    settings.SURVEY_TOKEN_MISSES = 2
    assert client.get("/portaal/profiel/nope-aaaaaaaaaaaa/").status_code == 404
    assert client.get("/portaal/profiel/nope-bbbbbbbbbbbb/").status_code == 404
    assert client.get("/portaal/profiel/nope-cccccccccccc/").status_code == 429


def test_invite_needs_an_email_address(portal_net):
    with pytest.raises(actions.PortalError):
        actions.invite(portal_net.people.get(key="p2"), actor="bob")


def test_contact_form_forwards_without_showing_the_address_and_is_throttled(
        client, portal_net, settings):
    settings.PORTAL_CONTACT_MESSAGES = 2
    anna = portal_net.people.get(key="p1")
    _opt_in(client, actions.invite(anna, actor="bob", send=False))
    url = f"/portaal/mensen/{anna.public_profile.pk}/contact/"
    data = {"sender_name": "Zoë", "sender_email": "zoe@example.net", "message": "Hallo Anna"}
    sent = client.post(url, data)
    assert sent.status_code == 200 and "data-sent" in sent.content.decode()
    assert "anna@example.org" not in sent.content.decode()
    assert mail.outbox[-1].to == ["anna@example.org"]
    assert mail.outbox[-1].reply_to == ["zoe@example.net"]
    assert client.post(url, data).status_code == 200
    assert client.post(url, data).status_code == 429
    assert ContactMessage.objects.count() == 2


def test_erase_person_removes_profile_messages_and_index(client, portal_net):
    from django.db import connection

    from olievlek.networks.actions import erase_person

    anna = portal_net.people.get(key="p1")
    _opt_in(client, actions.invite(anna, actor="bob", send=False))
    client.post(f"/portaal/mensen/{anna.public_profile.pk}/contact/",
                {"sender_name": "Z", "sender_email": "z@example.net", "message": "Hoi"})
    counts = erase_person(anna, actor="test")
    assert counts["portal profiles"] == 1 and counts["contact messages"] == 1
    assert not PublicProfile.objects.exists() and not ContactMessage.objects.exists()
    assert not SearchEntry.objects.filter(kind="person").exists()
    if connection.vendor == "sqlite":  # the words left the FTS5 index too
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM portal_search_fts WHERE portal_search_fts MATCH 'aardeweg'")
            assert cur.fetchone()[0] == 0
