"""Errors with DEBUG off: the product's own 404 and 500 pages, and a log line on stderr that
carries the same request id as the response."""

from __future__ import annotations

import io
import logging
import re

import pytest


@pytest.mark.django_db
def test_404_is_the_products_page_in_dutch_and_english(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Niet gevonden" in response.content.decode()
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Not found" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls("tests.ops.urls_error")
def test_500_page_shows_the_request_id_that_the_log_has(client):
    # The configured stderr handler (settings.LOGGING), pointed at a buffer for the test.
    handler = logging.getLogger("django").handlers[0]
    log = io.StringIO()
    # swapped, not setStream(): that flushes the old stream, which pytest may have closed
    stderr, handler.stream = handler.stream, log
    client.raise_request_exception = False
    try:
        response = client.get("/fail/", HTTP_X_REQUEST_ID="req-42.abc")
    finally:
        handler.stream = stderr
    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis" in html
    assert "req-42.abc" in html
    assert response["X-Request-ID"] == "req-42.abc"
    err = log.getvalue()
    line = next(x for x in err.splitlines() if "Internal Server Error: /fail/" in x)
    assert "[req-42.abc]" in line and "ERROR" in line
    assert "RuntimeError: boom in a view" in err  # the traceback follows


@pytest.mark.django_db
def test_404_log_line_has_the_request_id(client):
    handler = logging.getLogger("django").handlers[0]
    log = io.StringIO()
    # swapped, not setStream(): that flushes the old stream, which pytest may have closed
    stderr, handler.stream = handler.stream, log
    try:
        client.get("/no-such-page/", HTTP_X_REQUEST_ID="req-404")
    finally:
        handler.stream = stderr
    assert "WARNING [req-404] django.request: Not Found: /no-such-page/" in log.getvalue()


@pytest.mark.django_db
def test_request_ids_are_made_when_missing_or_unsafe(client):
    made = client.get("/health/")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    forged = client.get("/health/", HTTP_X_REQUEST_ID="x\n2026 ERROR fake line")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", forged)
