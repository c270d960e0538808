"""`olievlek wave create|invite|remind|close|links|import` and `olievlek api-token`."""

from __future__ import annotations

import pytest
from django.core import mail

from olievlek.cli import main
from olievlek.package import frame, write_package
from olievlek.surveys.models import Invitation, Response, Tie, Wave

pytestmark = pytest.mark.django_db


def test_wave_lifecycle_from_the_command_line(network, capsys, settings):
    settings.SITE_URL = "https://olievlek.example"
    assert main(["wave", "create", "testnet", "--label", "2026", "--opens", "2026-01-01",
                 "--closes", "2099-06-30"]) == 0
    wave = Wave.objects.get(network=network, label="2026")
    # The roster: the members on the opening day or today, whichever is later (p4 left in 2024).
    assert str(wave.opens) == "2026-01-01" and wave.roster.count() == 5
    assert main(["wave", "invite", "testnet", "2026"]) == 0
    out, err = capsys.readouterr()
    assert "5 new links; 1 invitations emailed" in out and "p2" in err  # p1 has the only address
    assert len(mail.outbox) == 1 and "https://olievlek.example/q/" in mail.outbox[0].body

    assert main(["wave", "links", "testnet", "2026"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5
    tokens = {inv.person.key: inv.token for inv in Invitation.objects.filter(wave=wave)}
    for line in lines:
        key, link = line.split("\t")
        assert link == f"https://olievlek.example/q/{tokens[key]}/"

    assert main(["wave", "remind", "testnet", "2026"]) == 0
    assert "1 reminders emailed" in capsys.readouterr().out
    assert main(["wave", "close", "testnet", "2026"]) == 0
    wave.refresh_from_db()
    assert wave.closed_at is not None
    assert main(["wave", "links", "testnet", "2026"]) == 2  # closed: links no longer work


def test_wave_command_errors_are_clear(network, capsys):
    assert main(["wave", "invite", "testnet", "nope"]) == 2
    assert "no wave 'nope'" in capsys.readouterr().err
    assert main(["wave", "create", "nonet", "--label", "x"]) == 2
    assert main(["wave", "create", "testnet", "--label", "2024"]) == 2  # exists (imported)
    assert "already has a wave" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["wave", "create", "testnet", "--label", "x", "--opens", "soon"])


def test_wave_import_csv_and_xlsx(network, tmp_path, capsys):
    ties = frame("ties", [
        {"source": "p6", "target": "p1", "relation": "advice", "frequency": 3, "usefulness": 4, "topic": "data"},
        {"source": "p6", "target": "p9", "relation": "motivation", "frequency": 5},
    ])
    ties = ties.drop(columns=["wave"])  # the wave column may be left out
    path = tmp_path / "ties.csv"
    ties.to_csv(path, index=False)
    people = tmp_path / "export.xlsx"
    from olievlek.package import Package
    pkg = Package.empty()
    pkg.people = frame("people", [{"id": "p9", "name": "Gijs Grasveld", "function": "leraar"},
                                  {"id": "p6", "name": "Fenna Fazantstraat", "education_level": "phd"}])
    pkg.ties = frame("ties", [{"wave": "2026", "source": "p6", "target": "p9", "relation": "motivation",
                               "frequency": 5}])
    pkg.responses = frame("responses", [{"wave": "2026", "person": "p6", "status": "complete"},
                                        {"wave": "2026", "person": "p9", "status": "partial"}])
    write_package(pkg, people)

    # p9 is not in the network yet: the CSV alone is refused, naming file, row and column
    assert main(["wave", "import", "testnet", "2026", str(path)]) == 1
    err = capsys.readouterr().err
    assert "ties.csv, row 3, column target: 'p9' is not an id in people.csv" in err
    assert "Nothing was imported" in err and not Wave.objects.filter(label="2026").exists()

    assert main(["wave", "import", "testnet", "2026", str(people)]) == 0
    wave = Wave.objects.get(network=network, label="2026")
    assert network.people.get(key="p9").name == "Gijs Grasveld"
    assert network.people.get(key="p6").education_level == "phd"
    assert main(["wave", "import", "testnet", "2026", str(path)]) == 0
    assert sorted(Tie.objects.filter(wave=wave).values_list("source__key", "target__key", "relation")) == [
        ("p6", "p1", "advice"), ("p6", "p9", "motivation")]
    assert dict(Response.objects.filter(wave=wave).values_list("person__key", "status")) == {
        "p6": "complete", "p9": "partial"}


def test_wave_import_refuses_rows_of_another_wave(network, tmp_path, capsys):
    path = tmp_path / "responses.csv"
    path.write_text("wave,person,status\n2026,p1,complete\n2025,p2,complete\n2026,p3,done\n")
    assert main(["wave", "import", "testnet", "2026", str(path)]) == 1
    err = capsys.readouterr().err
    assert "responses.csv, row 3, column wave" in err and "responses.csv, row 4, column status" in err


def test_api_token(users, capsys, client):
    assert main(["api-token", "alice"]) == 0
    token = capsys.readouterr().out.strip()
    r = client.get("/api/v1/networks/testnet/waves", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 200
    assert main(["api-token", "nobody"]) == 2


@pytest.fixture(scope="module")
def fresh_var(tmp_path_factory):
    """One data folder for the fresh processes below: the first creates (migrates) its
    database, the others find it there, as a user's later commands do."""
    return tmp_path_factory.mktemp("var")


@pytest.mark.parametrize("action", ["invite", "remind", "close", "links"])
def test_wave_commands_set_django_up_themselves(fresh_var, action):
    """Run as a user does (a fresh process): Django is configured inside the handler."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "OLIEVLEK_VAR": str(fresh_var), "SECRET_KEY": "x"}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    script = os.path.join(os.path.dirname(sys.executable), "olievlek")  # the console script
    r = subprocess.run([script, "wave", action, "nonet", "2026"],
                       env=env, capture_output=True, text=True, check=False)
    assert r.returncode == 2 and "no wave '2026' in network 'nonet'" in r.stderr, r.stderr


def test_revoke_and_reissue_a_link_from_the_command_line(network, capsys):
    assert main(["wave", "create", "testnet", "--label", "2026", "--closes", "2099-06-30"]) == 0
    assert main(["wave", "invite", "testnet", "2026"]) == 0
    capsys.readouterr()
    wave = Wave.objects.get(network=network, label="2026")
    old = Invitation.objects.get(wave=wave, person__key="p3", revoked_at__isnull=True)

    assert main(["wave", "reissue", "testnet", "2026", "p3"]) == 0
    key, link = capsys.readouterr().out.strip().split("\t")
    new = Invitation.objects.get(wave=wave, person__key="p3", revoked_at__isnull=True)
    assert key == "p3" and link.endswith(f"/q/{new.token}/") and new.token != old.token
    old.refresh_from_db()
    assert old.revoked_at is not None  # the old link no longer opens the questionnaire

    assert main(["wave", "revoke", "testnet", "2026", "p3"]) == 0
    assert "Revoked the link of p3" in capsys.readouterr().out
    assert not Invitation.objects.filter(wave=wave, person__key="p3", revoked_at__isnull=True).exists()
    assert main(["wave", "revoke", "testnet", "2026", "p3"]) == 0
    assert "no active link" in capsys.readouterr().out
    assert main(["wave", "reissue", "testnet", "2026", "p99"]) == 2
    assert "no person 'p99'" in capsys.readouterr().err
