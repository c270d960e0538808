"""Two tabs (or a double click) submitting at the same moment make one response, one version."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from olievlek.surveys import actions
from olievlek.surveys.models import AnswerVersion, Invitation, Response, Tie

from .conftest import pk


def _together(n, work):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(work())
        except Exception as exc:  # noqa: BLE001 - collected and asserted on below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submit_makes_one_response_and_one_version(network, links):
    token = links["p3"].token
    data = {"consent": True, "advice": {pk(network, "p1"): {"frequency": 4}},
            "motivation": {pk(network, "p2"): {"frequency": 3}}}

    def submit():
        inv = actions.find_invitation(token)  # each request looks its invitation up
        _r, version, created = actions.submit(inv, data, source="api")
        return version.number, created

    results, errors = _together(2, submit)
    assert errors == []
    assert sorted(results) == [(1, False), (1, True)]
    assert Response.objects.filter(wave__label="2026", person__key="p3").count() == 1
    assert AnswerVersion.objects.filter(person__key="p3").count() == 1
    assert Tie.objects.filter(wave__label="2026", source__key="p3").count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_all_land(network, wave):
    """Many respondents saving at once: every acknowledged save is stored."""
    actions.invite(wave, actor="test")
    invitations = list(Invitation.objects.filter(wave=wave).select_related("person"))

    def save_all():
        done = 0
        for inv in invitations:
            fresh = actions.find_invitation(inv.token)
            actions.save_answers(fresh, {"consent": True, "background": {"rol": f"rol-{inv.person.key}"}})
            done += 1
        return done

    results, errors = _together(3, save_all)
    assert errors == [] and sum(results) == 3 * len(invitations)
    saved = dict(Response.objects.filter(wave=wave).values_list("person__key", "saves"))
    assert set(saved.values()) == {3}


@pytest.mark.django_db(transaction=True)
def test_two_tabs_saving_on_the_same_version_one_wins_the_other_is_told(network, links):
    """Two saves based on the same version at the same moment: exactly one lands; the other is
    refused as stale (409) with the winner's answers, never silently overwriting them."""
    token = links["p3"].token
    actions.save_answers(actions.find_invitation(token), {"consent": True}, base_version=0)
    people = iter(["p1", "p2"])
    lock = threading.Lock()

    def save():
        with lock:
            key = next(people)
        inv = actions.find_invitation(token)
        try:
            actions.save_answers(inv, {"advice": {pk(network, key): {"frequency": 3}}}, base_version=1)
            return ("saved", key)
        except actions.StaleAnswers as exc:
            return ("stale", exc.extra["answers"], exc.extra["answers_version"])

    results, errors = _together(2, save)
    assert errors == []
    saved = [r for r in results if r[0] == "saved"]
    stale = [r for r in results if r[0] == "stale"]
    assert len(saved) == 1 and len(stale) == 1
    winner = pk(network, saved[0][1])
    assert list(stale[0][1]["advice"]) == [winner] and stale[0][2] == 2
    stored = Response.objects.get(wave__label="2026", person__key="p3")
    assert list(stored.answers["advice"]) == [winner] and stored.saves == 2
