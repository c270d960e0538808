"""/health/: what a load balancer or monitor polls."""

from __future__ import annotations

import json

import pytest


@pytest.mark.django_db
def test_health_answers_ok_without_login(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok"},
    }
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_names_the_cache_when_it_fails(client, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("cache server gone")

    monkeypatch.setattr(cache, "set", broken)
    response = client.get("/health/")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["failed"] == ["cache"]
    assert body["checks"] == {"database": "ok", "cache": "failed"}


@pytest.mark.django_db
def test_health_names_the_database_when_it_fails(client, monkeypatch):
    from django.db import connection

    def broken(*args, **kwargs):
        raise ConnectionError("database gone")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/health/")
    assert response.status_code == 503
    failed = json.loads(response.content)["failed"]
    # The default cache is a database table (settings: Guards), so it fails along with it.
    assert "database" in failed and set(failed) <= {"database", "cache"}


def test_health_is_exempt_from_the_https_redirect(client, settings):
    """A load balancer polls over plain HTTP inside the network: no redirect to https."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/").status_code in (200, 503)
    assert client.get("/accounts/login/").status_code == 301
