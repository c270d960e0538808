"""Every page of a network that has no data yet answers, and never with a server error.

Three networks a coordinator really has at some point: one just created in the browser
(nothing in it), one with people and units but no questionnaire yet, and one whose first
wave is open but nobody has answered. Every URL pattern of the project is walked for each
(the walker of tests/test_permissions.py) as the researcher, and for the last as its
coordinator too (pseudonyms and small cells take other paths), and every link the pages
offer is followed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.urls import Resolver404, resolve

from tests.test_permissions import LINK, guessed, walk

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Nobody:
    """A person reference for a network without people: every page about them is a 404."""

    key: str = "nobody"
    pseudonym: str = "nobody"
    pk: int = 0


@dataclass(frozen=True)
class EmptyTarget:
    network: object
    person: object


@pytest.fixture
def empty_networks(db):
    from olievlek.networks.actions import import_package
    from olievlek.networks.models import Network
    from olievlek.surveys import actions as surveys
    from tests.factories import small_package

    bare = Network.objects.create(slug="leeg", name="Leeg netwerk")
    pkg = small_package("zonder-golf", "Zonder vragenlijst")
    pkg.ties = pkg.ties.iloc[0:0]
    pkg.responses = pkg.responses.iloc[0:0]
    no_wave = import_package(pkg, actor="test")
    no_answers = import_package(small_package("zonder-antwoord", "Zonder antwoorden"), actor="test")
    no_answers.waves.all().delete()
    surveys.create_wave(no_answers, "2024", closes=dt.date.today() + dt.timedelta(days=30), actor="test")
    return [EmptyTarget(bare, Nobody()),
            EmptyTarget(no_wave, no_wave.people.get(key="p1")),
            EmptyTarget(no_answers, no_answers.people.get(key="p1"))]


def _user(username, role, network=None):
    from django.contrib.auth import get_user_model

    from olievlek.accounts.models import Profile

    user = get_user_model().objects.create_user(username=username, password="password")
    Profile.objects.create(user=user, role=role, network=network)
    return user


def test_no_page_of_an_empty_network_fails(client_for, empty_networks):
    researcher = _user("rita", "researcher")
    coordinator = _user("cor", "coordinator", empty_networks[2].network)  # masked pages differ
    failures, links, pages = [], set(), 0
    for user, targets in [(researcher, empty_networks), (coordinator, empty_networks[2:])]:
        for _route, url, _target, response, body in walk(client_for, user, targets):
            pages += 1
            if response.status_code >= 500:
                failures.append(f"{user.username} {url}: {response.status_code}")
            elif response.status_code == 200 and "html" in response.get("Content-Type", ""):
                links.update(link for link in LINK.findall(body) if "/networks/" in link
                             and not link.startswith("/networks/new"))
    client = client_for(researcher)
    per_route: dict[str, list[str]] = {}
    for link in sorted(links):  # the links the pages offer, e.g. downloads with real names
        try:
            route = resolve(link).route
        except Resolver404:
            continue
        if not guessed(route) or len(per_route.setdefault(route, [])) >= 3:
            continue  # walked above already, or three of its kind tried
        per_route[route].append(link)
    for link in [link for found in per_route.values() for link in found]:
        response = client.get(link)
        pages += 1
        if response.status_code >= 500:
            failures.append(f"{link}: {response.status_code}")
    assert pages > 200  # the walk reached the network pages
    assert not failures, "\n".join(failures)


def test_pages_of_a_network_without_answers_say_so(client_for, empty_networks):
    """The analysis pages of a wave nobody answered say why there is nothing to show: while it
    runs, and once it is closed with nobody having answered."""
    from olievlek.surveys import actions as surveys

    client = client_for(_user("rita", "researcher"))
    pages = ("sociogram", "leadership", "islands")
    for page in pages:
        response = client.get(f"/networks/zonder-antwoord/waves/2024/{page}/")
        assert response.status_code == 200 and b"data-in-progress" in response.content, page
    surveys.close_wave(empty_networks[2].network.waves.get(label="2024"), actor="test")
    for page in pages:
        response = client.get(f"/networks/zonder-antwoord/waves/2024/{page}/")
        assert response.status_code == 200 and b"data-in-progress" in response.content, page
    for slug in ("leeg", "zonder-golf"):  # no wave at all
        body = client.get(f"/networks/{slug}/insight/").content
        assert b"data-in-progress" in body, slug
