"""The newest answers win, knowingly: a save based on older answers (a second tab, a replayed
request) is refused with 409 and the newer answers, on the API and on the form without
JavaScript; a repeated save or submit that changes nothing stays one response."""

from __future__ import annotations

import pytest

from olievlek.surveys.models import AnswerVersion, Response

from .conftest import pk
from .test_api import call

pytestmark = pytest.mark.django_db

ANSWERS = "/api/v1/questionnaire/answers"


def test_replayed_save_after_a_newer_one_is_refused_with_the_newer_answers(client, network, links):
    token = links["p3"].token
    assert call(client, "get", "/api/v1/questionnaire", token).json()["answers_version"] == 0
    r = call(client, "put", ANSWERS, token, {"base_version": 0, "consent": True, "background": {"rol": "leraar"}})
    assert r.status_code == 200 and r.json()["answers_version"] == 1
    newer = {"base_version": 1, "consent": True, "background": {"rol": "schoolleider"}}
    assert call(client, "put", ANSWERS, token, newer).json()["answers_version"] == 2

    r = call(client, "put", ANSWERS, token, {"base_version": 1, "consent": True, "background": {"rol": "oud"}})
    assert r.status_code == 409
    body = r.json()
    assert "base_version" in body["errors"] and body["detail"]
    assert body["answers"]["background"]["rol"] == "schoolleider" and body["answers_version"] == 2
    stored = Response.objects.get(wave__label="2026", person__key="p3")
    assert stored.answers["background"]["rol"] == "schoolleider" and stored.saves == 2

    # the same request again (a retry of an acknowledged save) changes nothing and is fine
    r = call(client, "put", ANSWERS, token, newer)
    assert r.status_code == 200 and r.json()["answers_version"] == 2
    assert call(client, "get", "/api/v1/questionnaire", token).json()["answers_version"] == 2


def test_double_submit_based_on_the_same_version_is_one_response(client, network, links):
    token = links["p3"].token
    call(client, "put", ANSWERS, token, {"base_version": 0, "consent": True})
    body = {"base_version": 1, "consent": True, "advice": {pk(network, "p1"): {"frequency": 4}}}
    first = call(client, "post", "/api/v1/questionnaire/submit", token, body)
    second = call(client, "post", "/api/v1/questionnaire/submit", token, body)
    assert first.json() == {"status": "complete", "version": 1, "new_version": True}
    assert second.status_code == 200 and second.json()["new_version"] is False
    assert AnswerVersion.objects.filter(person__key="p3").count() == 1
    stale = {**body, "advice": {pk(network, "p2"): {"frequency": 2}}}
    assert call(client, "post", "/api/v1/questionnaire/submit", token, stale).status_code == 409
    assert AnswerVersion.objects.filter(person__key="p3").count() == 1


def test_save_without_a_base_version_still_lands(client, network, links):
    """Scripts that do not send base_version keep working: the last save wins, as before."""
    token = links["p3"].token
    call(client, "put", ANSWERS, token, {"consent": True})
    r = call(client, "put", ANSWERS, token, {"background": {"rol": "leraar"}})
    assert r.status_code == 200 and r.json()["answers_version"] == 2


def test_form_without_javascript_shows_the_newer_answers_after_a_stale_post(client, network, wave, links):
    url = f"/q/{links['p3'].token}/"
    html = client.get(url).content.decode()
    assert 'name="base_version" id="base-version" value="0"' in html
    r = client.post(url, {"action": "save", "consent": "1", "bg-rol": "leraar", "base_version": "0"})
    assert r.status_code == 302
    # the first tab, still showing version 0, saves something else
    r = client.post(url, {"action": "save", "consent": "1", "bg-rol": "oud", "base_version": "0"})
    assert r.status_code == 409
    html = r.content.decode()
    assert "changed in another window or tab" not in html  # Dutch by default
    assert "in een ander venster of tabblad gewijzigd" in html
    assert 'value="leraar"' in html and 'value="oud"' not in html
    assert 'name="base_version" id="base-version" value="1"' in html
    assert Response.objects.get(wave=wave, person__key="p3").answers["background"]["rol"] == "leraar"


@pytest.mark.parametrize("body", [
    {"background": {"rol": "a\u0000b"}},
    {"background": {"rol": "bell\u0007"}},
    {"advice": {"P1": {"frequency": 3, "topic": "nul\u0000"}}},
    {"advice": {"P1": {"frequency": 3, "topic": "\ud800"}}},
])
def test_unstorable_characters_get_a_json_422(client, network, links, body):
    token = links["p3"].token
    call(client, "put", ANSWERS, token, {"consent": True})
    if "advice" in body:
        body = {"advice": {pk(network, "p1"): body["advice"]["P1"]}}
    for path, method in ((ANSWERS, "put"), ("/api/v1/questionnaire/submit", "post")):
        r = call(client, method, path, token, body)
        assert r.status_code == 422, r.content
        assert r["Content-Type"].startswith("application/json")
        assert r.json()["errors"]  # surrogates are refused by the schema, the rest by text_problem
    assert Response.objects.get(wave__label="2026", person__key="p3").answers == {}


def test_a_control_character_in_the_form_without_javascript_is_named_on_the_page(client, network, wave, links):
    r = client.post(f"/q/{links['p3'].token}/", {"action": "save", "consent": "1", "bg-rol": "a\x07b"})
    assert r.status_code == 422 and r["Content-Type"].startswith("text/html")
    assert "een NUL of een ander stuurteken" in r.content.decode()


@pytest.mark.parametrize("method, path, data", [
    ("post", "/api/v1/networks/testnet/waves", '{"label": "x", "units": ["\\u0000"]}'),
    ("post", "/api/v1/networks/testnet/waves", '{"label": "x", "roles": ["\\u0000"]}'),
    ("get", "/api/v1/networks/testnet/waves/a%00b/responses", None),
    ("post", "/api/v1/networks/testnet/waves/2024/people/a%00b/revoke", None),
    ("get", "/networks/testnet/waves/a%00b/responses/", None),
    ("post", "/networks/testnet/waves/2024/responses/action/", {"action": "revoke", "person": "a\x00"}),
    ("post", "QUESTIONNAIRE", {"action": "save", "consent": "1", "bg-rol": "a\x00b"}),
])
def test_nul_anywhere_is_a_4xx_never_a_500(client_for, users, network, links, method, path, data):
    """PostgreSQL cannot compare or store a NUL; SQLite can: both answer the same 4xx."""
    c = client_for(users["alice"])
    path = f"/q/{links['p3'].token}/" if path == "QUESTIONNAIRE" else path
    if isinstance(data, str):
        r = getattr(c, method)(path, data=data, content_type="application/json")
    else:
        r = getattr(c, method)(path, data) if data else getattr(c, method)(path)
    assert r.status_code == 400, (r.status_code, r.content[:300])
    if path.startswith("/api/"):
        assert r.json()["detail"]


def test_nul_in_a_new_waves_label_or_items_is_a_json_422(client_for, users, network):
    c = client_for(users["alice"])
    for body in ({"label": "2026\u0000"}, {"label": "2026", "items": ["Opmerkingen\u0000"]}):
        r = c.post("/api/v1/networks/testnet/waves", data=body, content_type="application/json")
        assert r.status_code == 400 and r["Content-Type"].startswith("application/json"), r.content
        assert r.json()["detail"]
    assert not network.waves.filter(label__startswith="2026").exists()
