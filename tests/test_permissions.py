"""Who gets what: every URL pattern of the project, walked as every role.

The patterns are read from the resolver at run time, so pages added by any app are walked
without editing this file. Path parameters are filled from the fixtures (``PARAMETERS``);
a group that is a plain alternation in a regular-expression route (``(?P<page>a|b)``) is
tried with each alternative. A pattern with a parameter name not listed here fails with a
message saying so. Parameters that cannot be known from the fixtures (a download's item name,
a file extension, a token) are "guessed": besides the guess, every link and image on the
pages a researcher can open is followed too, so downloads are walked with real values.

Users (tests/conftest.py): alice researcher; bob coordinator of testnet; carol coordinator
of othernet; dave participant in testnet (person p3); eve an account without a role.
Both networks hold the same six people (``small_package``), so a real name anywhere in a
page bob, carol or dave gets is a leak, whichever network it came from.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils.regex_helper import normalize

from olievlek.accounts.access import viewer
from tests.factories import small_package

# Prefixes not walked, and why.
SKIPPED = {
    "admin/": "Django's admin: staff accounts only, with its own login page and permissions; "
    "olievlek's roles do not apply there (tests/web/test_admin.py)",
    "i18n/": "Django's set_language: POST only, changes nothing but the language cookie",
    "api/": "the API authenticates with tokens, not the session; its own tests cover access",
    "static/": "static files (served this way only with DEBUG on)",
    "portaal/": "the public portal: only what people opted in to and networks published, for "
    "anyone; tests/portal cover what it shows (its start and search pages are in PUBLIC)",
    "sitemap-": "the portal's sitemaps per kind (mensen, groepen, producten): only what the "
    "portal shows (tests/portal/test_sitemap.py); the index /sitemap.xml is in PUBLIC",
}
# Pages anyone may open: they show no network data.
PUBLIC = {
    "": "redirects to /networks/",
    "accounts/login/": "the login form",
    "accounts/logout/": "POST only (GET answers 405); logging out shows nothing",
    "health/": "the health check: database and cache state only (tests/ops/test_health.py)",
    "accounts/password-reset/": "Django's password reset: asks for an e-mail address",
    "accounts/password-reset/sent/": "says a link may be on its way, whatever the address",
    "accounts/reset/<uidb64>/<token>/": "a reset link: only a valid one shows a form",
    "accounts/reset/done/": "says the password was saved",
    "portaal/": "the public portal's start: nothing of a network whose portal is off",
    "portaal/zoeken/": "the public portal's search: nothing of a network whose portal is off",
    "oai/": "OAI-PMH for harvesters: public products only (tests/portal/test_oai.py)",
    "sitemap.xml": "the portal's sitemap index: public portal pages only",
    "robots.txt": "where crawlers may go, and the sitemap",
}
PEOPLE = list(small_package().people["name"])
EMAILS = [e for e in small_package().people["email"] if e]
# A GET on a POST-only endpoint answers 405 and shows nothing: acceptable for everyone.
NOTHING_SHOWN = 405
PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^()]*)\)")
ALTERNATION = re.compile(r"^(?:[\w-]|\\\.)+(?:\|(?:[\w-]|\\\.)+)*$")
LINK = re.compile(r'(?:href|src)="(/[^"?#]*)')
DISCOVERED_PER_ROUTE = 8


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


def fixed(*values):
    return lambda user, target: list(values)


# Parameter name -> values for (user, target). Add a name here when an app adds one.
PARAMETERS = {
    "slug": lambda user, t: [t.network.slug],
    "network": lambda user, t: [t.network.slug],
    "person": person_refs,
    "key": person_refs,
    "ref": person_refs,
    "pseudonym": person_refs,
    "label": fixed("2024"),
    "wave": fixed("2024"),
    "unit": fixed("u-a"),
    "organisation": fixed("o1"),
    # guessed: a 404 is a fair answer even for a researcher (links are followed as well)
    "token": fixed("no-such-token-0123456789"),
    "fmt": fixed("csv"),
    "ext": fixed("csv"),
    "item": fixed("ties"),
    "name": fixed("tables"),
    "pk": fixed("1"),
    "object": fixed("no-such-object"),  # a boundary object's id (portfolio)
    "job_id": fixed("00000000-0000-4000-8000-000000000000"),  # jobs: tests/ops/test_jobs.py
    "guid": fixed("00000000-0000-4000-8000-000000000001"),  # a source or code (qda)
    "coding": fixed("00000000-0000-4000-8000-000000000002"),  # a coding (qda)
    "activity": fixed("no-such-activity"),  # an activity's id (activities)
    "round": fixed("no-such-round"),  # a monitor round's label (activities)
    "factor": fixed("no-such-factor"),  # a monitor factor's id (activities)
    "year": fixed("2024"),  # a study year (case reports: tests/reports)
    "number": fixed("1"),  # a report version, guessed
}
GUESSED = {"token", "fmt", "ext", "item", "name", "pk", "object", "job_id", "guid", "coding",
           "activity", "round", "factor", "number"}


def routes(patterns=None, prefix: str = "") -> Iterator[tuple[str, object]]:
    """Every (route, pattern) of the project, includes flattened, as ResolverMatch.route."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        part = str(p.pattern)
        route = prefix + (part.removeprefix("^") if prefix else part)
        if isinstance(p, URLResolver):
            yield from routes(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield route, p


def walked_routes() -> list[str]:
    return [
        route for route, _ in routes()
        if not any(route.removeprefix("^").startswith(prefix) for prefix in SKIPPED)
        and route not in PUBLIC
    ]


def is_regex(route: str) -> bool:
    return route.startswith("^") or "(?P<" in route


def parameter_names(route: str) -> list[str]:
    pattern = GROUP if is_regex(route) else PARAM
    return [m.group("name") for m in pattern.finditer(route)]


def _unknown(route: str, name: str):
    pytest.fail(f"URL pattern {route!r} has a parameter {name!r} that "
                f"tests/test_permissions.py cannot fill: add it to PARAMETERS "
                f"(known: {', '.join(sorted(PARAMETERS))})")


def _is_alternation(route: str, name: str) -> bool:
    return any(m.group("name") == name and ALTERNATION.match(m.group("body"))
               for m in GROUP.finditer(route))


def _regex_urls(route: str, user, target: Target) -> list[str]:
    choices = {}
    for m in GROUP.finditer(route):
        name, body = m.group("name"), m.group("body")
        alternatives = [a.replace("\\.", ".") for a in body.split("|")] if ALTERNATION.match(body) else None
        if name in PARAMETERS:
            values = PARAMETERS[name](user, target)
            if alternatives is not None and not set(values) & set(alternatives):
                values = alternatives[:1]
            choices[name] = values
        elif alternatives is not None:
            choices[name] = alternatives
        else:
            _unknown(route, name)
    form, names = normalize(route)[0]
    regex = re.compile(route)
    urls = []
    for combo in itertools.product(*(choices[n] for n in names)):
        path = form % dict(zip(names, combo))
        if not regex.search(path):
            pytest.fail(f"URL pattern {route!r}: {dict(zip(names, combo))} does not match it; "
                        "change the value in PARAMETERS")
        urls.append("/" + path)
    return urls


def urls_for(route: str, user, targets: list[Target]) -> list[tuple[str, Target]]:
    """The concrete URLs to try for ``route`` as ``user``, each with the network it is about."""
    names = parameter_names(route)
    unknown = [n for n in names if n not in PARAMETERS]
    if unknown and not (is_regex(route) and all(_is_alternation(route, n) for n in unknown)):
        _unknown(route, unknown[0])
    out: dict[str, Target] = {}
    for target in targets:
        if is_regex(route):
            urls = _regex_urls(route, user, target)
        else:
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


def guessed(route: str) -> bool:
    return bool(set(parameter_names(route)) & GUESSED)


_discovered: dict[tuple, list[tuple[str, str]]] = {}  # filled once per set of database ids


def discovered(client_for, users, targets) -> list[tuple[str, str, Target]]:
    """(route, url, target) for every link a researcher's pages offer to a walked route,
    a few per route, so downloads are tried with values that exist.

    Found once per test session: the fixtures build the same networks for every test. Links
    carry database ids (a membership, an account), which PostgreSQL does not reuse after a
    rolled-back test, so the links are found again whenever those ids differ."""
    by_slug = {t.network.slug: t for t in targets}
    key = (users["alice"].pk, *(t.person.pk for t in targets))
    if key not in _discovered:
        _discovered.clear()
        _discovered[key] = _discover(client_for(users["alice"]), users, targets)
    return [(route, link, by_slug.get(resolve(link).kwargs.get("slug"), targets[0]))
            for route, link in _discovered[key]]


def _discover(client, users, targets) -> list[tuple[str, str]]:
    walked = set(walked_routes())
    found: dict[str, list[str]] = {}
    seen: set[str] = set()
    for route in walked_routes():
        for url, _ in urls_for(route, users["alice"], targets):
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for link in LINK.findall(response.content.decode()):
                if link in seen:
                    continue
                seen.add(link)
                try:
                    match = resolve(link)
                except Resolver404:
                    continue
                if match.route in walked and guessed(match.route):
                    bucket = found.setdefault(match.route, [])
                    if len(bucket) < DISCOVERED_PER_ROUTE:
                        bucket.append(link)
    return [(route, link) for route, links in found.items() for link in links]


def walk(client_for, user, targets, extra=()) -> Iterator[tuple[str, str, Target, object, str]]:
    client = client_for(user)
    planned = [(route, url, target) for route in walked_routes()
               for url, target in urls_for(route, user, targets)]
    done = set()
    for route, url, target in [*planned, *extra]:
        if url in done:
            continue
        done.add(url)
        response = client.get(url)
        yield route, url, target, response, text_of(response)


def text_of(response) -> str:
    """What a reader could find in the response: for .xlsx (a zip), the text of its parts."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            content = b"".join(z.read(name) for name in z.namelist())
    return content.decode("utf-8", errors="replace")


def leaks(body: str, allowed: tuple[str, ...] = ()) -> list[str]:
    return [s for s in PEOPLE + EMAILS if s in body and s not in allowed]


def about_a_network(route: str) -> bool:
    return "slug" in parameter_names(route)


def test_the_walk_covers_the_network_pages():
    found = walked_routes()
    for route in ("networks/", "networks/<slug:slug>/", "networks/<slug:slug>/people/<str:person>/"):
        assert route in found, f"{route} not walked; walked: {found}"


def test_unknown_parameters_fail_with_a_clear_message():
    with pytest.raises(pytest.fail.Exception, match=r"'colour'.*add it to PARAMETERS"):
        urls_for("networks/<slug:slug>/paint/<str:colour>/", None, [])
    with pytest.raises(pytest.fail.Exception, match=r"'colour'.*add it to PARAMETERS"):
        urls_for(r"^networks/(?P<colour>\w+)/$", None, [])


def test_regex_routes_are_tried_with_every_alternative(users, targets):
    urls = [u for u, _ in urls_for(r"^networks/(?P<slug>[-\w]+)/(?P<page>a|b)\.(?P<ext>svg|csv)$",
                                   users["alice"], targets[:1])]
    assert urls == ["/networks/testnet/a.csv", "/networks/testnet/b.csv"]


def test_anonymous_is_sent_to_login(client_for, targets):
    for route, url, _, response, _ in walk(client_for, None, targets):
        if "token" in parameter_names(route):
            assert response.status_code in (302, 404, 410, NOTHING_SHOWN), url
            if response.status_code == 302:
                assert response["Location"].startswith("/accounts/login/"), url
            continue
        assert response.status_code in (302, NOTHING_SHOWN), f"{url}: {response.status_code}"
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/?next="), url


def test_public_pages_show_nothing_of_a_network(client_for, users):
    client = client_for(None)
    for route in PUBLIC:
        response = client.get("/" + route)
        assert response.status_code < 500, route
        assert not leaks(response.content.decode()), route


def test_user_without_role_sees_no_network(client_for, users, targets):
    extra = discovered(client_for, users, targets)
    for route, url, _target, response, body in walk(client_for, users["eve"], targets, extra):
        if about_a_network(route):
            assert response.status_code in (403, 404, NOTHING_SHOWN), f"{url}: {response.status_code}"
        else:
            assert response.status_code < 500, url
        assert not leaks(body), f"{url} shows {leaks(body)} to eve"
        assert "Testnetwerk" not in body and "Ander netwerk" not in body, url


def _coordinator_walk(client_for, users, user, own, targets):
    shown_own = False
    extra = discovered(client_for, users, targets)
    for route, url, target, response, body in walk(client_for, user, targets, extra):
        assert response.status_code < 500, f"{url}: {response.status_code}"
        if target.network != own and about_a_network(route):
            assert response.status_code in (404, NOTHING_SHOWN), (
                f"{url}: {response.status_code}; another network must answer 404"
            )
        assert not leaks(body), f"{url} shows {leaks(body)} to {user} (names are not allowed)"
        if url == own.get_absolute_url():
            shown_own = response.status_code == 200
    assert shown_own, f"{user} cannot open {own.get_absolute_url()}"


def test_coordinator_sees_own_network_under_pseudonyms_and_no_other(client_for, users, network,
                                                                   targets):
    _coordinator_walk(client_for, users, users["bob"], network, targets)


def test_other_coordinator_is_mirrored(client_for, users, other_network, targets):
    _coordinator_walk(client_for, users, users["carol"], other_network, targets)


def test_coordinator_sees_names_only_when_allowed(client_for, users, network):
    network.coordinator_sees_names = True
    network.save()
    body = client_for(users["bob"]).get(network.get_absolute_url()).content.decode()
    assert all(name in body for name in PEOPLE)


def test_participant_sees_only_their_own_name(client_for, users, network, targets):
    from olievlek.surveys.models import Tie

    own = network.people.get(key="p3").name
    # ...and, in his ego view, the colleagues he named himself.
    named = tuple(Tie.objects.filter(source__key="p3", source__network=network)
                  .values_list("target__name", flat=True).distinct())
    saw_self = False
    extra = discovered(client_for, users, targets)
    for route, url, target, response, body in walk(client_for, users["dave"], targets, extra):
        assert response.status_code < 500, f"{url}: {response.status_code}"
        if target.network != network and about_a_network(route):
            assert response.status_code in (404, NOTHING_SHOWN), f"{url}: {response.status_code}"
        allowed = (own, *named) if "/sociogram" in url or "/export." in url else (own,)
        assert not leaks(body, allowed=allowed), f"{url} shows {leaks(body, allowed)} to dave"
        if url == network.get_absolute_url():
            saw_self = own in body
    assert saw_self, "dave does not see his own name on his network's page"


def test_researcher_opens_everything(client_for, users, targets):
    extra = discovered(client_for, users, targets)
    for route, url, target, response, _body in walk(client_for, users["alice"], targets, extra):
        allowed = {200, 302, NOTHING_SHOWN}
        if guessed(route) and (route, url, target) not in extra:
            allowed |= {404, 410}  # a guessed value (item, extension, token) need not exist
        assert response.status_code in allowed, f"{url}: {response.status_code} for a researcher"
