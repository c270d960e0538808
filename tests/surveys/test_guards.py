"""Guards around links and the staff API: CSRF for cookies but not tokens (against a live
server, since Django's test client skips CSRF) and the link-guess limit per address and token
prefix. The client address and the settings read from the environment: tests/web/test_security.py."""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.request

import pytest

from olievlek.surveys.models import ApiToken, Invitation

STAFF_TOKEN = "staff-token-for-the-live-server-test-0123456789"


def http(url, method="GET", body=None, headers=None):
    """(status, parsed JSON) from a real HTTP request."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={
        "Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def test_staff_writes_work_with_a_token_and_need_csrf_with_a_session(
        live_server, transactional_db, users, network, client):
    ApiToken.objects.create(user=users["alice"], digest=hashlib.sha256(STAFF_TOKEN.encode()).hexdigest())
    api = f"{live_server.url}/api/v1/networks/testnet/waves"
    bearer = {"Authorization": f"Bearer {STAFF_TOKEN}"}

    status, body = http(api, "POST", {"label": "2030", "opens": "2020-01-01"}, bearer)
    assert status == 201, body
    for action in ("invite", "remind"):
        status, body = http(f"{api}/2030/{action}", "POST", headers=bearer)
        assert status == 200, (action, body)
    status, body = http(f"{api}/2030/people/p3/reissue", "POST", headers=bearer)
    assert status == 200 and body["link"], body
    status, body = http(f"{api}/2030/people/p3/revoke", "POST", headers=bearer)
    assert status == 200, body
    status, body = http(f"{api}/2030/close", "POST", headers=bearer)
    assert status == 200, body
    assert not Invitation.objects.filter(wave__label="2030", person__key="p3", revoked_at__isnull=True).exists()

    # A wrong token is 401, never a CSRF complaint, and is no link-guess miss.
    status, body = http(api, "POST", {"label": "2031"}, {"Authorization": "Bearer not-a-token"})
    assert status == 401

    # A browser session keeps Django's CSRF check for writes...
    client.force_login(users["alice"])
    session = client.cookies["sessionid"].value
    cookie = {"Cookie": f"sessionid={session}"}
    status, body = http(api, "POST", {"label": "2032"}, cookie)
    assert status == 403 and "CSRF" in body["detail"]
    assert http(api, "GET", headers=cookie)[0] == 200  # reads need no CSRF token
    csrf = "a" * 32
    status, body = http(api, "POST", {"label": "2032"},
                        {"Cookie": f"sessionid={session}; csrftoken={csrf}", "X-CSRFToken": csrf})
    assert status == 201, body


@pytest.mark.django_db
def test_a_school_behind_one_address_keeps_its_valid_links(client, links, settings):
    settings.SURVEY_TOKEN_MISSES = 3
    for guess in ("A" * 43, "B" * 43, "C" * 43):
        assert client.get(f"/q/{guess}/").status_code == 404
    assert client.get(f"/q/{'D' * 43}/").status_code == 429  # the address is over its limit
    for key in ("p1", "p2", "p3"):  # every colleague behind the same NAT still gets in
        assert client.get(f"/q/{links[key].token}/").status_code == 200
    other = client.get(f"/q/{'E' * 43}/", REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 404  # another address has its own count


@pytest.mark.django_db
def test_one_broken_link_reloaded_counts_once(client, links, settings):
    settings.SURVEY_TOKEN_MISSES = 2
    cut = links["p3"].token[:30] + "x" * 13  # a link a mail program mangled, same prefix
    for _ in range(10):
        assert client.get(f"/q/{cut}/").status_code == 404
    assert client.get(f"/q/{links['p3'].token[:-1]}/").status_code == 404  # still the same prefix
    assert client.get(f"/q/{'F' * 43}/").status_code == 404  # a second, distinct miss
    assert client.get(f"/q/{'G' * 43}/").status_code == 429


@pytest.mark.django_db
def test_staff_api_tokens_never_count_as_misses(client, users, links, settings):
    settings.SURVEY_TOKEN_MISSES = 1
    ApiToken.objects.create(user=users["alice"], digest=hashlib.sha256(STAFF_TOKEN.encode()).hexdigest())
    auth = {"HTTP_AUTHORIZATION": f"Bearer {STAFF_TOKEN}"}
    for _ in range(5):
        assert client.get("/api/v1/networks/testnet/waves", **auth).status_code == 200
        # A staff token sent to the respondent endpoint is refused but is no guess either.
        assert client.get("/api/v1/questionnaire", **auth).status_code == 401
    assert client.get(f"/q/{'H' * 43}/").status_code == 404  # the first real miss
    assert client.get(f"/q/{'I' * 43}/").status_code == 429


@pytest.mark.django_db
def test_the_cache_table_exists_after_migrate():
    from django.core.cache import cache
    from django.db import connection

    assert "olievlek_cache" in connection.introspection.table_names()
    cache.set("olievlek:probe", 1)
    assert cache.get("olievlek:probe") == 1
