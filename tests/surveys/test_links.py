"""Personal links point where the server answers, and `olievlek wave links` makes them for
coordinators who send the links themselves (before or without `invite`)."""

from __future__ import annotations

import pytest
from django.core import mail

from olievlek.cli import main
from olievlek.surveys.models import Invitation, Response, Wave

pytestmark = pytest.mark.django_db


class _Stop(Exception):
    pass


@pytest.mark.parametrize("given, expected", [
    ({}, "http://127.0.0.1:8123"),
    ({"SITE_URL": "https://olievlek.example.org"}, "https://olievlek.example.org"),  # a proxy's address wins
])
def test_demo_links_use_the_port_it_serves_on(monkeypatch, given, expected):
    """`olievlek demo --port 8123` sets SITE_URL before Django reads its settings."""
    from olievlek.demo import command

    monkeypatch.delenv("SITE_URL", raising=False)
    for key, value in given.items():
        monkeypatch.setenv(key, value)
    seen = {}

    def setup(**_kw):
        import os

        seen["SITE_URL"] = os.environ.get("SITE_URL")
        raise _Stop

    monkeypatch.setattr(command, "setup_django", setup)
    for key in ("SECRET_KEY", "DEBUG", "OLIEVLEK_DEMO"):
        monkeypatch.setenv(key, "x")  # keep the test process's own environment as it was
    with pytest.raises(_Stop):
        main(["demo", "--port", "8123"])
    assert seen["SITE_URL"] == expected


def test_wave_links_before_invite_makes_the_links_and_emails_nobody(network, capsys, settings):
    settings.SITE_URL = "http://127.0.0.1:8123"
    assert main(["wave", "create", "testnet", "--label", "2026"]) == 0
    capsys.readouterr()
    assert main(["wave", "links", "testnet", "2026"]) == 0
    out, err = capsys.readouterr()
    wave = Wave.objects.get(network=network, label="2026")
    tokens = {inv.person.key: inv.token for inv in Invitation.objects.filter(wave=wave)}
    assert len(tokens) == 5 and "5 new links made (not emailed)" in err
    assert out.splitlines() == [f"{key}\thttp://127.0.0.1:8123/q/{tokens[key]}/" for key in sorted(tokens)]
    assert mail.outbox == []
    assert Response.objects.filter(wave=wave).count() == 5  # the links work: each has a response row

    assert main(["wave", "links", "testnet", "2026"]) == 0  # again: the same links
    assert capsys.readouterr().out == out
    assert main(["wave", "invite", "testnet", "2026"]) == 0  # later invite emails, no new links
    assert "0 new links" in capsys.readouterr().out
    assert Invitation.objects.filter(wave=wave).count() == 5
