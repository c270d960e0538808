"""The container builds and serves: /health/ answers and the login page has its CSS.

Runs wherever a Docker daemon answers (CI included) and is skipped, saying why, where none
does. It is in the normal suite on purpose: a broken Dockerfile should fail CI, not a
customer's deploy. Bounded: the build may take up to 15 minutes on a cold cache (PyPI and
Debian only), starting up to 2; with a warm layer cache the test takes about a minute.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def docker(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout,
                          check=False)


@pytest.fixture(scope="module")
def container():
    if shutil.which("docker") is None:
        pytest.skip("container test: the docker command is not installed")
    info = docker("info", "--format", "{{.ServerVersion}}", timeout=30)
    if info.returncode != 0:
        reason = (info.stderr.strip().splitlines() or ["no answer"])[-1]
        pytest.skip(f"container test: no Docker daemon answers ({reason})")
    tag = f"olievlek-test:{os.getpid()}"
    build = docker("build", "--quiet", "-t", tag, str(ROOT), timeout=900)
    assert build.returncode == 0, build.stderr[-3000:]
    run = docker(
        "run", "--detach", "--publish", "127.0.0.1::8000",
        "--env", f"SECRET_KEY={secrets.token_urlsafe(50)}",
        "--env", "ALLOWED_HOSTS=127.0.0.1",
        "--env", "SECURE_SSL_REDIRECT=0", "--env", "SECURE_HSTS_SECONDS=0",
        "--env", "SESSION_COOKIE_SECURE=0", "--env", "CSRF_COOKIE_SECURE=0",
        tag,
    )
    assert run.returncode == 0, run.stderr
    name = run.stdout.strip()
    try:
        port = docker("port", name, "8000").stdout.strip().rsplit(":", 1)[-1]
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(base + "/health/", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:  # refused, reset, or timed out: docker's port proxy accepts
                pass         # connections before the server in the container listens
            if time.monotonic() > deadline:
                pytest.fail("container did not become healthy:\n" + docker("logs", name).stderr)
            time.sleep(1)
        yield base
    finally:
        docker("rm", "--force", name)
        docker("rmi", tag)


def test_container_serves_health_and_a_page_with_its_css(container):
    with urllib.request.urlopen(container + "/health/", timeout=10) as response:
        assert json.load(response)["status"] == "ok"
    with urllib.request.urlopen(container + "/accounts/login/", timeout=10) as response:
        html = response.read().decode()
    css = re.search(r'href="(/static/olievlek/site\.[0-9a-f]{12}\.css)"', html)
    assert css, "the login page links no hashed stylesheet"
    with urllib.request.urlopen(container + css.group(1), timeout=10) as response:
        assert response.status == 200 and response.read()
