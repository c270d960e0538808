"""Destructive actions on a wave ask first and say what will happen (a server-rendered step,
no JavaScript needed); closing can be undone until the closing date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from olievlek.accounts.models import AuditEntry
from olievlek.surveys import actions
from olievlek.surveys.models import Invitation

pytestmark = pytest.mark.django_db

ACTION = "/networks/testnet/waves/2026/responses/action/"
PAGE = "/networks/testnet/waves/2026/responses/"


def test_closing_asks_first_then_closes_and_can_be_reopened(client_for, users, network, wave, links, client):
    c = client_for(users["alice"])
    assert 'value="close"' in c.get(PAGE).content.decode()
    asked = c.post(ACTION, {"action": "close"})
    assert asked.status_code == 200
    html = asked.content.decode()
    assert "alle 5 persoonlijke links werken niet meer" in html  # says what happens
    assert "2099-12-31" in html and 'name="confirmed" value="1"' in html and PAGE in html  # reopen, cancel
    wave.refresh_from_db()
    assert wave.closed_at is None  # nothing happened yet

    assert c.post(ACTION, {"action": "close", "confirmed": "1"}).status_code == 302
    wave.refresh_from_db()
    assert wave.closed_at is not None
    token = links["p3"].token
    c.logout()
    assert client.get(f"/q/{token}/").status_code == 404  # the links stop working

    c = client_for(users["alice"])
    page = c.get(PAGE).content.decode()
    assert 'value="reopen"' in page and 'value="close"' not in page
    assert c.post(ACTION, {"action": "reopen"}).status_code == 302
    wave.refresh_from_db()
    assert wave.closed_at is None
    c.logout()
    assert client.get(f"/q/{token}/").status_code == 200  # and work again
    assert list(AuditEntry.objects.filter(action__in=["wave-close", "wave-reopen"])
                .order_by("id").values_list("action", "actor")) == [("wave-close", "alice"), ("wave-reopen", "alice")]


def test_after_the_closing_date_closing_cannot_be_undone(client_for, users, network, wave, links):
    actions.close_wave(wave, actor="test")
    assert actions.can_reopen(wave)
    assert not actions.can_reopen(wave, today=dt.date(2100, 1, 1))
    wave.closes = dt.date(2020, 6, 1)
    wave.save()
    c = client_for(users["alice"])
    assert 'value="reopen"' not in c.get(PAGE).content.decode()
    c.post(ACTION, {"action": "reopen"})
    wave.refresh_from_db()
    assert wave.closed_at is not None
    assert not AuditEntry.objects.filter(action="wave-reopen").exists()


def test_reminders_say_how_many_before_sending(client_for, users, network, wave, links):
    network.people.filter(key__in=["p2", "p5"]).update(email="x@example.org")
    mail.outbox.clear()
    c = client_for(users["alice"])
    asked = c.post(ACTION, {"action": "remind"})
    assert asked.status_code == 200 and "3 mensen die nog niet" in asked.content.decode()  # p1 has one too
    assert mail.outbox == []
    assert c.post(ACTION, {"action": "remind", "confirmed": "1"}).status_code == 302
    assert len(mail.outbox) == 3


def test_revoking_a_link_asks_first(client_for, users, network, wave, links):
    c = client_for(users["alice"])
    asked = c.post(ACTION, {"action": "revoke", "person": "p3"})
    html = asked.content.decode()
    assert asked.status_code == 200 and "Cato Cederveld" in html and 'name="person" value="p3"' in html
    assert Invitation.objects.get(pk=links["p3"].pk).revoked_at is None
    c.post(ACTION, {"action": "revoke", "person": "p3", "confirmed": "1"})
    assert Invitation.objects.get(pk=links["p3"].pk).revoked_at is not None


def test_reopen_from_the_command_line(network, wave, capsys):
    from olievlek.cli import main

    actions.close_wave(wave, actor="test")
    assert main(["wave", "reopen", "testnet", "2026"]) == 0
    assert "links work again" in capsys.readouterr().out
    wave.refresh_from_db()
    assert wave.closed_at is None
