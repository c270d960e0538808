"""Erasure leaves no trace: not in Django's admin log, not as a login account, not in the
questionnaire's cached roster; the audit log keeps the package id and the counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from olievlek.accounts.models import AuditEntry
from olievlek.networks.actions import erase_person
from olievlek.networks.models import Membership, Person

pytestmark = pytest.mark.django_db


def test_the_name_leaves_the_admin_log(network):
    bram = network.people.get(key="p2")
    bram_pk = str(bram.pk)
    root = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    person_type = ContentType.objects.get_for_model(Person)
    LogEntry.objects.log_actions(root.pk, [bram], ADDITION, single_object=True)
    membership = bram.memberships.first()
    LogEntry.objects.log_actions(root.pk, [membership], CHANGE, change_message=[
        {"changed": {"name": "membership", "object": str(membership), "fields": ["role"]}}])
    other = network.people.get(key="p1")
    LogEntry.objects.log_actions(root.pk, [other], CHANGE, single_object=True)
    assert LogEntry.objects.filter(object_repr__contains="Bram Beukenhout").count() == 2

    counts = erase_person(bram, actor="alice")

    assert counts["admin log entries"] == 2
    assert not LogEntry.objects.filter(object_repr__contains="Bram").exists()
    assert not LogEntry.objects.filter(change_message__contains="Bram").exists()
    entry = LogEntry.objects.get(content_type=person_type, object_id=bram_pk)
    assert entry.object_repr == "person p2"
    assert LogEntry.objects.get(object_id=str(other.pk), content_type=person_type).object_repr == other.name
    audit = AuditEntry.objects.get(action="erase")
    assert audit.object_key == "p2" and "Bram" not in audit.detail and "2 admin log entries" in audit.detail


def test_the_login_account_goes_but_a_superuser_is_only_unlinked(users, network):
    dave = users["dave"]  # a participant account linked to p3
    counts = erase_person(network.people.get(key="p3"), actor="alice")
    assert counts["accounts"] == 1
    assert not get_user_model().objects.filter(pk=dave.pk).exists()

    from olievlek.accounts.models import Profile

    root = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    Profile.objects.create(user=root, role="researcher", person=network.people.get(key="p4"))
    assert erase_person(network.people.get(key="p4"), actor="alice")["accounts"] == 0
    root.refresh_from_db()
    assert root.profile.person is None


def test_other_respondents_no_longer_see_the_person_on_the_questionnaire(client, network,
                                                                       django_capture_on_commit_callbacks):
    from olievlek.surveys import actions

    wave = actions.create_wave(network, "2026", opens=dt.date(2020, 1, 1), actor="test")
    actions.invite(wave, actor="test", send=False)
    token = wave.invitations.get(person__key="p3").token
    assert "Bram Beukenhout" in client.get(f"/q/{token}/").content.decode()  # the roster is cached now

    with django_capture_on_commit_callbacks(execute=True):
        erase_person(network.people.get(key="p2"), actor="alice")

    html = client.get(f"/q/{token}/").content.decode()
    assert "Bram Beukenhout" not in html and "Anna Aardeweg" in html
    assert not Membership.objects.filter(person__key="p2", person__network=network).exists()


def test_cached_layouts_that_place_the_person_are_dropped(network):
    from django.core.cache import cache

    from olievlek.insight.reports import _layout_steps, positions

    label = network.waves.order_by("label").last().label
    placed = positions(network, label)
    bram = network.people.get(key="p2")
    assert bram.pk in placed
    keys = [key for _wave, _ordered, key in _layout_steps(network)]
    assert all(cache.get(key) is not None for key in keys)

    erase_person(bram, actor="alice")

    assert all(cache.get(key) is None for key in keys)
