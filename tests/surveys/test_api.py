"""The JSON API under /api/v1/: respondent token auth, staff session/token, clear 4xx."""

from __future__ import annotations

import json

import pytest

from olievlek.surveys.models import Response, Tie

from .conftest import pk

pytestmark = pytest.mark.django_db


def call(client, method, path, token=None, body=None, raw=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    data = raw if raw is not None else (json.dumps(body) if body is not None else None)
    fn = getattr(client, method)
    if data is None:
        return fn(path, **headers)
    return fn(path, data=data, content_type="application/json", **headers)


def test_openapi_document_is_served(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    assert doc["info"]["version"] == "1"
    assert "/api/v1/questionnaire/answers" in doc["paths"]
    assert "/api/v1/networks/{slug}/waves/{label}/responses" in doc["paths"]


def test_respondent_reads_saves_and_submits(client, network, links):
    token = links["p3"].token
    r = call(client, "get", "/api/v1/questionnaire", token)
    assert r.status_code == 200
    q = r.json()
    assert q["person"] == "Cato Cederveld" and q["status"] == "invited"
    named = [p["name"] for g in q["roster"] for p in g["people"]]
    assert "Cato Cederveld" not in named and "Anna Aardeweg" in named
    assert q["roster"][0]["unit"] == "Stuurgroep"

    r = call(client, "put", "/api/v1/questionnaire/answers", token, {"consent": True})
    assert r.status_code == 200 and r.json()["consent"] is True
    body = {"background": {"rol": "leraar"}, "advice": {pk(network, "p1"): {"frequency": 4, "usefulness": 3}}}
    r = call(client, "put", "/api/v1/questionnaire/answers", token, body)
    assert r.status_code == 200 and r.json()["status"] == "partial"
    r = call(client, "post", "/api/v1/questionnaire/submit", token, {})
    assert r.status_code == 200 and r.json() == {"status": "complete", "version": 1, "new_version": True}
    r = call(client, "post", "/api/v1/questionnaire/submit", token, {})
    assert r.json() == {"status": "complete", "version": 1, "new_version": False}
    assert Tie.objects.get(source__key="p3", wave__label="2026").target.key == "p1"


@pytest.mark.parametrize("method, path, body, raw, status", [
    ("put", "/api/v1/questionnaire/answers", {"advice": {"1": {"frequency": 7}}}, None, 422),
    ("put", "/api/v1/questionnaire/answers", {"advice": {"1": {"frequency": "often"}}}, None, 422),
    ("put", "/api/v1/questionnaire/answers", {"colour": "blue"}, None, 422),
    ("put", "/api/v1/questionnaire/answers", {"advice": ["p1"]}, None, 422),
    ("put", "/api/v1/questionnaire/answers", None, "{not json", 400),
    ("put", "/api/v1/questionnaire/answers", None, "[1, 2]", 422),
    ("put", "/api/v1/questionnaire/answers", {"advice": {"0": {"frequency": 2}}}, None, 422),
    ("post", "/api/v1/questionnaire/submit", None, '"x"', 422),
])
def test_bad_input_gets_a_clear_4xx(client, network, links, method, path, body, raw, status):
    token = links["p3"].token
    call(client, "put", "/api/v1/questionnaire/answers", token, {"consent": True})
    r = call(client, method, path, token, body, raw)
    assert r.status_code == status, r.content
    assert r.json()["detail"]


def test_answers_before_consent_are_refused(client, network, links):
    r = call(client, "put", "/api/v1/questionnaire/answers", links["p3"].token, {"background": {"rol": "x"}})
    assert r.status_code == 409 and "consent" in r.json()["errors"]


def test_unknown_token_is_401_and_guessing_is_rate_limited(client, links, settings):
    settings.SURVEY_TOKEN_MISSES = 5
    for i in range(5):
        assert call(client, "get", "/api/v1/questionnaire", f"{i:012d}" + "A" * 31).status_code == 401
    assert call(client, "get", "/api/v1/questionnaire", "B" * 43).status_code == 429
    # A valid link is never blocked, not even from an address over its limit.
    assert call(client, "get", "/api/v1/questionnaire", links["p3"].token).status_code == 200
    assert call(client, "get", "/api/v1/questionnaire").status_code == 401  # no token at all


def test_staff_session_and_token(client_for, users, network, links):
    c = client_for(users["alice"])
    r = c.get("/api/v1/networks/testnet/waves/2026/responses")
    assert r.status_code == 200
    data = r.json()
    # Today's members are invited: p4 left in 2024.
    assert data["total"]["invited"] == 5 and len(data["people"]) == 5

    bob = client_for(users["bob"])  # coordinator of testnet: counts, no names (pseudonyms)
    data = bob.get("/api/v1/networks/testnet/waves/2026/responses").json()
    assert data["total"]["invited"] == 5 and data["people"] is None

    import hashlib

    from olievlek.surveys.models import ApiToken
    ApiToken.objects.create(user=users["alice"], digest=hashlib.sha256(b"staff-token-123").hexdigest())
    anon = client_for(None)
    r = call(anon, "get", "/api/v1/networks/testnet/waves", "staff-token-123")
    assert r.status_code == 200 and [w["label"] for w in r.json()] == ["2024", "2025", "2026"]
    assert call(anon, "get", "/api/v1/networks/testnet/waves").status_code == 401


def test_staff_creates_a_wave_and_gets_4xx_for_bad_input(client_for, users, network):
    c = client_for(users["alice"])
    r = c.post("/api/v1/networks/testnet/waves", data=json.dumps({"label": "2027", "units": ["u-a"]}),
               content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["roster"] == 2  # p2 and p3 are active in team A
    r = c.post("/api/v1/networks/testnet/waves", data=json.dumps({"label": "2027"}), content_type="application/json")
    assert r.status_code == 400 and "label" in r.json()["errors"]
    r = c.post("/api/v1/networks/testnet/waves", data=json.dumps({"label": "2028", "units": ["nope"]}),
               content_type="application/json")
    assert r.status_code == 422
    r = c.post("/api/v1/networks/testnet/waves", data=json.dumps({"label": "2029", "opens": "next week"}),
               content_type="application/json")
    assert r.status_code == 422 and "opens" in r.json()["errors"]


@pytest.mark.parametrize("user", ["carol", "dave", "eve", None])
def test_others_cannot_read_or_manage_a_networks_waves(client_for, users, network, links, user):
    """carol coordinates another network (IDOR), dave is a participant, eve has no role."""
    c = client_for(users[user] if user else None)
    expected = 401 if user is None else 404
    assert c.get("/api/v1/networks/testnet/waves/2026/responses").status_code == expected
    assert c.get("/api/v1/networks/testnet/waves").status_code == expected
    r = c.post("/api/v1/networks/testnet/waves/2026/close")
    assert r.status_code in (expected, 403)  # 403: session without CSRF token
    assert Response.objects.filter(wave__label="2026").count() == 5  # today's members
    from olievlek.surveys.models import Wave
    assert Wave.objects.get(network=network, label="2026").closed_at is None


def test_researcher_reissues_and_revokes_through_the_api(client_for, users, network, links):
    from olievlek.surveys.models import Invitation

    c = client_for(users["alice"])
    old = links["p3"].token
    r = c.post("/api/v1/networks/testnet/waves/2026/people/p3/reissue")
    assert r.status_code == 200 and r.json()["link"].endswith("/")
    assert old not in r.json()["link"]
    assert call(c, "get", "/api/v1/questionnaire", old).status_code == 401
    r = c.post("/api/v1/networks/testnet/waves/2026/people/p3/revoke")
    assert r.json()["count"] == 1
    assert not Invitation.objects.filter(person__key="p3", revoked_at=None).exists()
    assert c.post("/api/v1/networks/testnet/waves/2026/people/nobody/revoke").status_code == 404


def test_arbitrary_json_never_gives_a_5xx(client, network, links):
    """Whatever a client sends to the respondent endpoints, the answer is a 2xx or a 4xx."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    token = links["p3"].token
    call(client, "put", "/api/v1/questionnaire/answers", token, {"consent": True})
    keys = st.sampled_from(["consent", "background", "advice", "motivation", "extra", "rol",
                            "frequency", "usefulness", "topic", pk(network, "p1"), "0", "-1"])
    leaf = st.none() | st.booleans() | st.integers(-10, 10) | st.text(max_size=5) | st.floats(allow_nan=False)
    body = st.recursive(leaf, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
                        max_leaves=8)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(body=body, method=st.sampled_from(["put", "post"]))
    def check(body, method):
        path = "/api/v1/questionnaire/answers" if method == "put" else "/api/v1/questionnaire/submit"
        r = call(client, method, path, token, body)
        assert r.status_code < 500, (body, r.content)

    check()


def test_no_cdn_docs_page(client):
    assert client.get("/api/v1/docs").status_code == 404


def test_a_multipart_body_is_a_4xx_not_a_5xx(client, network, links):
    """The API reads its own body: nothing before it may consume the stream (a multipart post
    once made the NUL check parse it, and the API then failed reading it)."""
    token = links["p3"].token
    r = client.post("/api/v1/questionnaire/submit", data={"consent": "1"},
                    HTTP_AUTHORIZATION=f"Bearer {token}")  # the test client sends multipart
    assert 400 <= r.status_code < 500, r.content
