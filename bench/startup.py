"""The first requests after `olievlek serve` starts: how long each page takes the first time.

Usage::

    .venv/bin/python bench/startup.py            # warmed (the default) and OLIEVLEK_WARM=0

A throwaway SQLite database gets the synthetic 300-person network of bench/insight.py and a
researcher with a session; then `olievlek serve` is started twice per setting (the second
start finds the derived results of the first in the shared database cache, as a restart in
production does). For each start it prints how long until the port answered and the wall
time of the first request to each page, over plain HTTP from this process.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = [
    "/health/",
    "/accounts/login/",
    "/",
    "/networks/synthetic-300/",
    "/networks/synthetic-300/waves/2025/sociogram/",
    "/networks/synthetic-300/waves/2025/leadership/",
    "/networks/synthetic-300/participants/",
    "/participants/",
    "/networks/synthetic-300/olievlek/",
    "/networks/synthetic-300/portfolio/",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(env: dict[str, str]) -> str:
    """Database, network, researcher; returns the session cookie value."""
    os.environ.update(env)
    sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "bench")]
    from olievlek.cli import setup_django

    setup_django(migrate=True)
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    from insight import synthetic_package
    from olievlek.accounts.models import Profile
    from olievlek.networks.actions import import_package

    import_package(synthetic_package(), actor="bench")
    user = get_user_model().objects.create_user("bench", password="bench-password")
    Profile.objects.create(user=user, role="researcher")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def run_server(env: dict[str, str], cookie: str, label: str) -> list[tuple[str, float]]:
    port = free_port()
    start = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "olievlek.cli", "serve", "--bind", f"127.0.0.1:{port}", "--no-migrate"],
        env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if server.poll() is not None:
                    raise SystemExit("the server stopped") from None
                time.sleep(0.05)
        ready = time.perf_counter() - start
        rows = [("(port open after start)", ready)]
        for page in PAGES:
            request = urllib.request.Request(f"http://127.0.0.1:{port}{page}",
                                             headers={"Cookie": f"sessionid={cookie}"})
            t = time.perf_counter()
            with urllib.request.urlopen(request, timeout=300) as response:
                response.read()
                assert response.status == 200, (page, response.status)
            rows.append((page, time.perf_counter() - t))
        print(f"\n{label}")
        for page, seconds in rows:
            print(f"  {page:<48} {seconds * 1000:8.0f} ms", flush=True)
        return rows
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="olievlek-startup-"))
    env = {"DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}", "OLIEVLEK_VAR": str(tmp),
           "SECRET_KEY": "bench-startup-only", "ALLOWED_HOSTS": "127.0.0.1",
           "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0",
           "SECURE_HSTS_SECONDS": "0"}
    cookie = prepare(env)
    for warm in ("1", "0"):
        for n in ("first start (cold derived results)", "restart (derived results in the cache)"):
            run_server({**env, "OLIEVLEK_WARM": warm}, cookie, f"OLIEVLEK_WARM={warm}, {n}")
        if warm == "1":
            from django.core.cache import cache

            cache.clear()  # the second setting starts from the same cold cache
    return 0


if __name__ == "__main__":
    sys.exit(main())
