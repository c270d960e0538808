"""Production settings: `check --deploy` is clean, and no secret is built in."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest


def run_django(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """``python -m django ARGS`` with the production settings and only the given environment."""
    base = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "olievlek.settings",
        "OLIEVLEK_VAR": str(tmp_path / "var"),
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
    }
    return subprocess.run(
        [sys.executable, "-m", "django", *args],
        env={**base, **env},
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )


@pytest.fixture
def production_env() -> dict[str, str]:
    return {
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "olievlek.example.org",
        "DEBUG": "0",
    }


def test_check_deploy_reports_nothing(tmp_path, production_env):
    result = run_django(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **production_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_notices_a_weak_secret(tmp_path, production_env):
    """The check above is a real one: a short secret key is reported."""
    production_env["SECRET_KEY"] = "short"
    result = run_django(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **production_env)
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_settings_refuse_to_start_without_a_secret_key(tmp_path, production_env):
    del production_env["SECRET_KEY"]
    result = run_django(tmp_path, "check", **production_env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Set SECRET_KEY in the environment" in result.stderr


def test_collectstatic_finds_the_files_every_page_links():
    """base.html links olievlek/site.css; the network page its own stylesheet and script."""
    from django.contrib.staticfiles import finders

    for path in ("olievlek/site.css", "networks/networks.css", "networks/systempicture.js"):
        assert finders.find(path), f"{path} is not found by the static files finders"
