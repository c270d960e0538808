"""Security settings and headers: the client address behind proxies, limits read from the
environment, the login lockout, the Content-Security-Policy and other headers."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.test import RequestFactory


@pytest.mark.parametrize("header, proxies, meta, expected", [
    ("", 1, {"HTTP_X_FORWARDED_FOR": "203.0.113.7"}, "10.0.0.1"),  # no header configured: ignored
    ("X-Forwarded-For", 1, {"HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.7"}, "203.0.113.7"),
    ("X-Forwarded-For", 2, {"HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.7, 10.0.0.2"},
     "203.0.113.7"),
    ("X-Forwarded-For", 2, {"HTTP_X_FORWARDED_FOR": "203.0.113.7"}, "10.0.0.1"),  # too short
    ("X-Forwarded-For", 1, {"HTTP_X_FORWARDED_FOR": "not-an-address"}, "10.0.0.1"),
    ("X-Forwarded-For", 1, {}, "10.0.0.1"),
    ("X-Real-IP", 1, {"HTTP_X_REAL_IP": "2001:db8::1"}, "2001:db8::1"),
    ("HTTP_X_REAL_IP", 1, {"HTTP_X_REAL_IP": "203.0.113.8:5555"}, "203.0.113.8"),
])
def test_client_address_trusts_only_the_configured_proxies(settings, header, proxies, meta, expected):
    from olievlek.accounts.clientip import client_ip

    settings.CLIENT_IP_HEADER, settings.CLIENT_IP_PROXIES = header, proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", **meta)
    assert client_ip(request) == expected


def test_limits_client_address_and_cache_come_from_the_environment(tmp_path):
    script = ("from django.conf import settings as s; import json; print(json.dumps("
              "[s.SURVEY_TOKEN_MISSES, s.SURVEY_TOKEN_WINDOW, s.CLIENT_IP_HEADER, s.CLIENT_IP_PROXIES,"
              " s.CACHES['default']['BACKEND']]))")
    base = {"PATH": os.environ.get("PATH", ""), "SECRET_KEY": "x" * 50, "OLIEVLEK_VAR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "olievlek.settings",
            "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}

    def read(**env):
        out = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {script}"],
                             env={**base, **env}, capture_output=True, text=True, timeout=120, check=True)
        return json.loads(out.stdout)

    assert read() == [20, 600, "", 1, "django.core.cache.backends.db.DatabaseCache"]
    assert read(SURVEY_TOKEN_MISSES="50", SURVEY_TOKEN_WINDOW="60", CLIENT_IP_HEADER="X-Forwarded-For",
                CLIENT_IP_PROXIES="2", REDIS_URL="redis://127.0.0.1:6379/0") == [
        50, 60, "X-Forwarded-For", 2, "django.core.cache.backends.redis.RedisCache"]




LOGIN = "/accounts/login/"


@pytest.mark.django_db
def test_login_locks_out_one_user_from_one_address_after_repeated_failures(client, users, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        r = client.post(LOGIN, {"username": "bob", "password": "wrong"})
        assert r.status_code == 200  # the form again, with its error
    r = client.post(LOGIN, {"username": "bob", "password": "wrong"})
    assert r.status_code == 429
    html = r.content.decode()
    assert "Te veel mislukte pogingen" in html and "15 minuten" in html
    # Now even the right password is refused for bob from this address...
    assert client.post(LOGIN, {"username": "bob", "password": "password"}).status_code == 429
    # ...but a colleague behind the same address logs in, and so does bob from elsewhere.
    assert client.post(LOGIN, {"username": "alice", "password": "password"}).status_code == 302
    client.logout()
    elsewhere = client.post(LOGIN, {"username": "bob", "password": "password"}, REMOTE_ADDR="192.0.2.50")
    assert elsewhere.status_code == 302


@pytest.mark.django_db
def test_lockout_page_in_english(client, users, settings):
    settings.AXES_FAILURE_LIMIT = 1
    client.cookies["django_language"] = "en"
    r = client.post(LOGIN, {"username": "bob", "password": "wrong"})
    assert r.status_code == 429 and "Too many failed logins" in r.content.decode()


@pytest.mark.django_db
def test_every_page_carries_the_security_headers(client_for, users, network):
    for user, url in ((None, LOGIN), (users["alice"], "/networks/testnet/")):
        r = client_for(user).get(url)
        assert r.status_code == 200
        csp = r["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert "camera=()" in r["Permissions-Policy"]
        assert r["Cross-Origin-Opener-Policy"] == "same-origin"
        assert r["X-Content-Type-Options"] == "nosniff"
        assert r["X-Frame-Options"] == "DENY"
        assert r["Referrer-Policy"] == "same-origin"


def test_no_template_has_inline_script_handlers_or_styles():
    """The policy forbids them, so the browser would ignore them: keep them in static files."""
    import re
    from pathlib import Path

    import olievlek

    root = Path(olievlek.__file__).parent
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    handler = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
    style = re.compile(r"<style\b|\sstyle\s*=|javascript:", re.IGNORECASE)
    # Files made for download (sent as attachments, opened from disk where no policy applies)
    # must carry their own styles: a report's standalone HTML.
    downloads = {root / "reports/templates/reports/standalone.html"}
    found = []
    for path in sorted(set(root.rglob("*.html")) - downloads):
        # Comments are not sent to the browser (and may say "JavaScript:" in prose).
        text = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", "",
                      path.read_text(encoding="utf-8"), flags=re.S)
        for pattern in (inline_script, handler, style):
            for m in pattern.finditer(text):
                found.append(f"{path.relative_to(root)}: {m.group(0).strip()}")
    assert found == []


def test_svg_documents_may_style_themselves_but_load_and_run_nothing():
    from django.http import HttpResponse

    from olievlek.accounts.headers import SVG_POLICY, SecurityHeadersMiddleware

    def respond(content_type):
        middleware = SecurityHeadersMiddleware(lambda request: HttpResponse(b"", content_type=content_type))
        return middleware(RequestFactory().get("/chart.svg"))

    assert respond("image/svg+xml")["Content-Security-Policy"] == SVG_POLICY
    assert "default-src 'none'" in SVG_POLICY and "script" not in SVG_POLICY
    assert "style-src 'self'" in respond("text/html")["Content-Security-Policy"]
