"""`olievlek serve` for real: a subprocess with DEBUG off on a free port, fetched over HTTP.

One server for the module (starting gunicorn, migrating and collecting static files takes a
few seconds): a page and the CSS and JS it links (hashed, compressed, cached for long), the
product's 404 page, /health/ and the request id. On SQLite one process; with DATABASE_URL
on PostgreSQL a fresh database served by two processes.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from olievlek.package import write_package
from tests.factories import small_package

PASSWORD = "serve-test-pw-0417"
# The installed command's entry point (`python -m olievlek.cli` would define a second
# CommandError class in __main__).
OLIEVLEK = [sys.executable, "-c", "import sys; from olievlek.cli import main; sys.exit(main())"]


def olievlek(*args: str, env: dict, cwd: Path, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*OLIEVLEK, *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=180, check=False, **kw)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp),
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
        "OLIEVLEK_VAR": str(tmp / "var"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on loopback, as behind a TLS proxy without SECURE_PROXY_SSL_HEADER.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
    }
    workers = "1"
    database = None
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        # A fresh database of its own, served by several processes.
        database = f"olievlek_serve_{os.getpid()}"
        url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
        env["DATABASE_URL"] = urllib.parse.urlunsplit(url._replace(path="/" + database))
        admin_url = urllib.parse.urlunsplit(url._replace(path="/postgres"))
        _pg(admin_url, f'DROP DATABASE IF EXISTS "{database}"', f'CREATE DATABASE "{database}"')
        workers = "2"
    write_package(small_package(), tmp / "package")
    done = olievlek("import", str(tmp / "package"), env=env, cwd=tmp)
    assert done.returncode == 0, done.stderr
    done = olievlek("manage", "shell", "-c",
                    "from django.contrib.auth.models import User; "
                    f"User.objects.create_superuser('root', 'root@example.org', '{PASSWORD}')",
                    env=env, cwd=tmp)
    assert done.returncode == 0, done.stderr
    log = open(tmp / "server.log", "w+")
    proc = subprocess.Popen(
        [*OLIEVLEK, "serve", "--bind", "127.0.0.1:0", "--threads", "4", "--workers", workers],
        env=env, cwd=tmp, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        port = None
        deadline = time.monotonic() + 120
        while port is None and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.3)
            found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)",
                              (tmp / "server.log").read_text())
            port = int(found.group(1)) if found else None
        assert port, f"server did not start:\n{(tmp / 'server.log').read_text()}"
        if workers != "1":  # every process is up before the tests spread over them
            while (tmp / "server.log").read_text().count("Booting worker") < int(workers):
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.3)
        yield {"base": f"http://127.0.0.1:{port}", "log": tmp / "server.log", "tmp": tmp}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()
        if database:
            _pg(admin_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _pg(url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def fetch(url: str, opener=None, data: dict | None = None, headers: dict | None = None):
    """(status, headers, body bytes) without raising on 4xx/5xx."""
    request = urllib.request.Request(
        url, data=urllib.parse.urlencode(data).encode() if data else None, headers=headers or {}
    )
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_page_with_its_css_and_js_from_hashed_compressed_static_files(server):
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    status, _, body = fetch(server["base"] + "/accounts/login/", browser)
    assert status == 200
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    status, _, body = fetch(
        server["base"] + "/accounts/login/", browser,
        data={"username": "root", "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": server["base"] + "/accounts/login/"},
    )
    assert status == 200, body[:500]
    status, _, body = fetch(server["base"] + "/networks/testnet/", browser)
    assert status == 200
    html = body.decode()
    assert "Testnetwerk" in html or "testnet" in html
    css = re.findall(r'href="(/static/[^"]+\.css)"', html)
    js = re.findall(r'src="(/static/[^"]+\.js)"', html)
    assert css and js, "the network page links no stylesheet or script"
    for path in css + js:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", path), f"{path} has no hashed name"
        status, headers, content = fetch(server["base"] + path)
        assert status == 200 and content, path
        assert "max-age=315360000" in headers["Cache-Control"], path  # hashed: cache for long
        status, headers, _ = fetch(server["base"] + path, headers={"Accept-Encoding": "gzip"})
        assert headers["Content-Encoding"] == "gzip", f"{path} is not served compressed"
    assert "text/css" in fetch(server["base"] + css[0])[1]["Content-Type"]


def test_products_own_404_page(server):
    status, headers, body = fetch(server["base"] + "/no-such-page/")
    assert status == 404
    assert "Niet gevonden" in body.decode()
    assert "Traceback" not in body.decode() and "DEBUG" not in body.decode()
    request_id = headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    deadline = time.monotonic() + 10  # logged on stderr with the same id
    while request_id not in server["log"].read_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert f"WARNING [{request_id}] django.request: Not Found: /no-such-page/" in (
        server["log"].read_text()
    )


def test_health_and_request_id_in_the_access_log(server):
    status, headers, body = fetch(server["base"] + "/health/", headers={"X-Request-ID": "lb-7"})
    assert status == 200
    assert json.loads(body) == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert headers["X-Request-ID"] == "lb-7"
    deadline = time.monotonic() + 10
    while "id=lb-7" not in server["log"].read_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert re.search(r'"GET /health/ HTTP/1.1" 200 .* id=lb-7', server["log"].read_text())


def test_serve_refuses_several_processes_on_sqlite(server):
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": os.pathsep.join(sys.path),
           "OLIEVLEK_VAR": str(server["tmp"] / "var"), "SECRET_KEY": "x" * 50,
           "ALLOWED_HOSTS": "127.0.0.1"}
    done = olievlek("serve", "--workers", "2", "--bind", "127.0.0.1:0", env=env,
                    cwd=server["tmp"])
    assert done.returncode == 2
    assert "SQLite takes one process" in done.stderr
