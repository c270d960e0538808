"""Who gets what: every URL pattern of the project, walked as every role.

The patterns are read from the resolver at run time, so pages added by any app are walked
without editing this file. Path parameters are filled from the fixtures (``PARAMETERS``);
a pattern with a parameter name not listed there fails with a message saying so.

Users (tests/conftest.py): alice researcher; bob coordinator of testnet; carol coordinator
of othernet; dave participant in testnet (person p3); eve an account without a role.
Both networks hold the same six people (``small_package``), so a real name anywhere in a
page bob, carol or dave gets is a leak, whichever network it came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from olievlek.accounts.access import viewer
from tests.factories import small_package

# Prefixes not walked, and why.
SKIPPED = {
    "admin/": "Django's admin: staff accounts only, with its own login page and permissions; "
    "olievlek's roles do not apply there",
    "i18n/": "Django's set_language: POST only, changes nothing but the language cookie",
    "api/": "the API authenticates with tokens, not the session; its own tests cover access",
    "static/": "static files (served this way only with DEBUG on)",
}
# Pages anyone may open: they show no network data.
PUBLIC = {
    "": "redirects to /networks/",
    "accounts/login/": "the login form",
    "accounts/logout/": "POST only (GET answers 405); logging out shows nothing",
}
PEOPLE = list(small_package().people["name"])
EMAILS = [e for e in small_package().people["email"] if e]
# A GET on a POST-only endpoint answers 405 and shows nothing: acceptable for everyone.
NOTHING_SHOWN = 405
PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Target:
    """What a URL points at: a network and one of its people."""

    network: object
    person: object


def person_refs(user, target: Target) -> list[str]:
    """The references to try for a person: the one this user is given where they may see the
    network; both the package id and the pseudonym where they may not (guessing)."""
    v = viewer(user)
    if user is not None and v.can_see_network(target.network):
        return [v.reference(target.person, v.mode(target.network))]
    return [target.person.key, target.person.pseudonym]


# Parameter name -> values for (user, target). Add a name here when an app adds one.
PARAMETERS = {
    "slug": lambda user, t: [t.network.slug],
    "network": lambda user, t: [t.network.slug],
    "person": person_refs,
    "key": person_refs,
    "ref": person_refs,
    "pseudonym": person_refs,
    "label": lambda user, t: ["2024"],
    "wave": lambda user, t: ["2024"],
    "unit": lambda user, t: ["u-a"],
    "organisation": lambda user, t: ["o1"],
    "token": lambda user, t: ["no-such-token-0123456789"],
}


def routes(patterns=None, prefix: str = "") -> Iterator[tuple[str, object]]:
    """Every (route, pattern) of the project, includes flattened."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from routes(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield route, p


def walked_routes() -> list[str]:
    return [
        route for route, _ in routes()
        if not any(route.startswith(prefix) for prefix in SKIPPED) and route not in PUBLIC
    ]


def urls_for(route: str, user, targets: list[Target]) -> list[tuple[str, Target]]:
    """The concrete URLs to try for ``route`` as ``user``, each with the network it is about."""
    if route.startswith("^") or "(?P<" in route:
        pytest.fail(f"URL pattern {route!r} is a regular expression; tests/test_permissions.py "
                    "walks path() routes only: use path(), or add its prefix to SKIPPED")
    names = [m.group("name") for m in PARAM.finditer(route)]
    for name in names:
        if name not in PARAMETERS:
            pytest.fail(f"URL pattern {route!r} has a parameter {name!r} that "
                        f"tests/test_permissions.py cannot fill: add it to PARAMETERS "
                        f"(known: {', '.join(sorted(PARAMETERS))})")
    out: dict[str, Target] = {}
    for target in targets:
        urls = ["/" + route]
        for name in names:
            values = PARAMETERS[name](user, target)
            urls = [_fill(u, name, v) for u in urls for v in values]
        for url in urls:
            out.setdefault(url, target)
    return list(out.items())


def _fill(url: str, name: str, value: str) -> str:
    return PARAM.sub(lambda m: value if m.group("name") == name else m.group(0), url)


@pytest.fixture
def targets(users, network, other_network) -> list[Target]:
    return [
        Target(network, network.people.get(key="p1")),
        Target(network, network.people.get(key="p3")),
        Target(other_network, other_network.people.get(key="p1")),
    ]


def walk(client_for, user, targets) -> Iterator[tuple[str, str, Target, object, str]]:
    client = client_for(user)
    for route in walked_routes():
        for url, target in urls_for(route, user, targets):
            response = client.get(url)
            body = response.content.decode("utf-8", errors="replace")
            yield route, url, target, response, body


def leaks(body: str, allowed: tuple[str, ...] = ()) -> list[str]:
    return [s for s in PEOPLE + EMAILS if s in body and s not in allowed]


def test_the_walk_covers_the_network_pages():
    found = walked_routes()
    for route in ("networks/", "networks/<slug:slug>/", "networks/<slug:slug>/people/<str:person>/"):
        assert route in found, f"{route} not walked; walked: {found}"


def test_anonymous_is_sent_to_login(client_for, targets):
    for route, url, _, response, _ in walk(client_for, None, targets):
        if "<token>" in route or ":token>" in route:
            assert response.status_code in (302, 404, 410, NOTHING_SHOWN), url
            if response.status_code == 302:
                assert response["Location"].startswith("/accounts/login/"), url
            continue
        assert response.status_code in (302, NOTHING_SHOWN), f"{url}: {response.status_code}"
        if response.status_code == 302:
            assert response["Location"].startswith(f"/accounts/login/?next={url}"), url


def test_public_pages_show_nothing_of_a_network(client_for, users):
    client = client_for(None)
    for route in PUBLIC:
        response = client.get("/" + route)
        assert response.status_code < 500, route
        assert not leaks(response.content.decode()), route


def test_user_without_role_sees_no_network(client_for, users, targets):
    for route, url, target, response, body in walk(client_for, users["eve"], targets):
        if "<slug:slug>" in route or "<slug>" in route:
            assert response.status_code in (403, 404, NOTHING_SHOWN), f"{url}: {response.status_code}"
        else:
            assert response.status_code < 500, url
        assert not leaks(body), f"{url} shows {leaks(body)} to eve"
        assert "Testnetwerk" not in body and "Ander netwerk" not in body, url


def _coordinator_walk(client_for, user, own, targets):
    shown_own = False
    for route, url, target, response, body in walk(client_for, user, targets):
        assert response.status_code < 500, f"{url}: {response.status_code}"
        if target.network != own and "slug" in route:
            assert response.status_code in (404, NOTHING_SHOWN), (
                f"{url}: {response.status_code}; another network must answer 404"
            )
        assert not leaks(body), f"{url} shows {leaks(body)} to {user} (names are not allowed)"
        if url == own.get_absolute_url():
            shown_own = response.status_code == 200
    assert shown_own, f"{user} cannot open {own.get_absolute_url()}"


def test_coordinator_sees_own_network_under_pseudonyms_and_no_other(client_for, users, network,
                                                                   targets):
    _coordinator_walk(client_for, users["bob"], network, targets)


def test_other_coordinator_is_mirrored(client_for, users, other_network, targets):
    _coordinator_walk(client_for, users["carol"], other_network, targets)


def test_coordinator_sees_names_only_when_allowed(client_for, users, network):
    network.coordinator_sees_names = True
    network.save()
    body = client_for(users["bob"]).get(network.get_absolute_url()).content.decode()
    assert all(name in body for name in PEOPLE)


def test_participant_sees_only_their_own_name(client_for, users, network, targets):
    own = network.people.get(key="p3").name
    saw_self = False
    for route, url, target, response, body in walk(client_for, users["dave"], targets):
        assert response.status_code < 500, f"{url}: {response.status_code}"
        if target.network != network and "slug" in route:
            assert response.status_code in (404, NOTHING_SHOWN), f"{url}: {response.status_code}"
        assert not leaks(body, allowed=(own,)), f"{url} shows {leaks(body, (own,))} to dave"
        if url == network.get_absolute_url():
            saw_self = own in body
    assert saw_self, "dave does not see his own name on his network's page"


def test_researcher_opens_everything(client_for, users, targets):
    for route, url, target, response, body in walk(client_for, users["alice"], targets):
        assert response.status_code in (200, 302, NOTHING_SHOWN) or (
            "token" in route and response.status_code in (404, 410)
        ), f"{url}: {response.status_code} for a researcher"
