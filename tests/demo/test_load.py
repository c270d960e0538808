"""`olievlek demo`: loading the thirteen networks (the study's twelve and Twente) into the database, twice, and serving them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from olievlek.accounts.models import AuditEntry, Profile
from olievlek.demoload import load_demo
from olievlek.networks.models import Network, Person
from olievlek.surveys.models import Tie


@pytest.mark.django_db
def test_loading_the_demo_twice_changes_nothing():
    first = load_demo()
    assert len(first["loaded"]) == 13 and first["unchanged"] == []
    assert first["loaded"][-1] == "13-kennisnetwerk-lerende-leraren"
    counts = (Network.objects.count(), Person.objects.count(), Tie.objects.count(),
              AuditEntry.objects.count(), Profile.objects.count())
    pseudonyms = sorted(Person.objects.values_list("pk", "pseudonym"))
    second = load_demo()
    assert second["loaded"] == [] and len(second["unchanged"]) == 13
    assert (Network.objects.count(), Person.objects.count(), Tie.objects.count(),
            AuditEntry.objects.count(), Profile.objects.count()) == counts
    assert sorted(Person.objects.values_list("pk", "pseudonym")) == pseudonyms
    assert counts[0] == 13
    # the Twente network's governance: type history and decisions loaded once, the rules hold
    from olievlek.cli import main
    from olievlek.governance.models import Decision, TypeChange

    twente = Network.objects.get(slug="13-kennisnetwerk-lerende-leraren")
    assert list(TypeChange.objects.filter(unit__key="tw-wt").values_list("type", flat=True)) == [
        "projectgroep", "expertgroep", "plg"]
    assert sorted(Decision.objects.filter(network=twente).values_list("outcome", flat=True)) == [
        "adopted", "adopted", "rejected"]
    assert main(["governance", "check", twente.slug, "--year", "2025"]) == 0
    assert main(["governance", "check", twente.slug, "--year", "2026"]) == 1
    # ... and its public portal: groups, products and the profiles of people who opted in
    from django.test import Client

    from olievlek.portal.models import PublicProfile, PublishedObject, PublishedUnit

    assert PublishedUnit.objects.filter(unit__network=twente, published=True).count() == 7
    assert PublishedObject.objects.filter(object__network=twente, public=True).count() == 5
    opted_in = PublicProfile.objects.filter(person__network=twente)
    assert 0 < opted_in.count() < twente.people.count()
    assert all(p.consented_at and p.consent_text for p in opted_in)
    found = Client().get("/portaal/zoeken/", {"q": "leren van spel"}).content.decode()
    assert "Leren van spel (kaartenset)" in found
    assert not PublicProfile.objects.exclude(person__network=twente).exists()  # the study's networks: no portal
    from olievlek.surveys.models import Wave

    spring_2025 = Wave.objects.get(network__slug="02-staal-werk", label="2025")
    assert (spring_2025.opens.isoformat(), spring_2025.closes.isoformat()) == ("2025-04-01", "2025-04-30")
    assert not spring_2025.is_open()  # the study's waves are over: the demo shows results
    roles = dict(Profile.objects.values_list("user__username", "role"))
    assert roles["onderzoeker"] == "researcher" and roles["coordinator01"] == "coordinator"
    assert Profile.objects.get(user__username="coordinator01").network.slug.startswith("01-")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_demo_command_serves_the_app_and_prints_the_logins(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env["OLIEVLEK_VAR"] = str(tmp_path / "var")
    env["PYTHONUNBUFFERED"] = "1"
    proc = subprocess.Popen(
        [sys.executable, "-m", "olievlek.cli", "demo", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path,
    )
    try:
        lines = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "Serving on" in line:
                break
        output = "".join(lines)
        assert "onderzoeker" in output and "coordinator01" in output and "'demo'" in output
        body, error = "", None
        until = time.monotonic() + 30
        while time.monotonic() < until and not body:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5) as r:
                    body = r.read().decode()
            except urllib.error.HTTPError as exc:  # the server answers, but not well: stop
                error = exc
                break
            except OSError:
                time.sleep(0.2)
        assert error is None, f"the demo server answered {error}"
        assert 'name="username"' in body and 'name="password"' in body
        assert 'data-demo="synthetic"' in body  # every page says the demo is synthetic
        assert (tmp_path / "var" / "olievlek.sqlite3").exists()
        # DEBUG off, as in production: the product's own 404 page, not Django's debug page.
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/no-such-page/", timeout=5)
        except urllib.error.HTTPError as exc:
            assert exc.code == 404
            page = exc.read().decode()
            assert "Niet gevonden" in page and "URLconf" not in page
        else:
            raise AssertionError("/no-such-page/ did not answer 404")
        assert f"written to {tmp_path / 'var' / 'mail'}/" in output  # says where mails go
    finally:
        proc.terminate()
        proc.wait(timeout=20)
