"""The `olievlek` command: one entry point, and --help on every subcommand."""

from __future__ import annotations

import argparse

import pytest

from olievlek.cli import build_parser, main


def subcommands(parser: argparse.ArgumentParser, prefix=()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*prefix, name)
                yield from subcommands(sub, (*prefix, name))


ALL = sorted(set(subcommands(build_parser())))
# `manage` hands its arguments, --help included, to Django's own command line.
OWN = [c for c in ALL if c != ("manage",)]


def test_the_commands_the_issues_name_are_there():
    names = {" ".join(c) for c in ALL}
    for expected in ["manage", "demo", "import", "export", "networks", "analyze", "tables",
                     "wave create", "wave invite", "wave remind", "wave close", "wave links",
                     "wave import"]:
        assert expected in names


@pytest.mark.parametrize("command", OWN, ids=[" ".join(c) for c in OWN])
def test_every_subcommand_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit:
        main([*command, "--help"])
    assert exit.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: olievlek " + " ".join(command))
    assert len(out.splitlines()) > 3  # a description and options, not just a usage line


def test_no_command_prints_the_overview(capsys):
    assert main([]) == 0
    assert "import" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("argv", [
    ["export", "nope", "out"],
    ["analyze", "--network", "nope", "--wave", "2024", "--out", "out"],
    ["tables", "--network", "nope", "--out", "out"],
    ["wave", "create", "nope", "--label", "2026"],
    ["wave", "import", "nope", "2026", "answers.csv"],
], ids=lambda argv: " ".join(argv[:2]))
def test_an_unknown_network_gets_one_clear_message(argv, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert "no network 'nope' (see `olievlek networks`)" in capsys.readouterr().err


def test_every_command_is_found_where_command_home_says():
    """Running a command imports only its module (COMMAND_HOME); the table must stay true."""
    import argparse

    from olievlek.cli import COMMAND_HOME, build_parser

    def choices(parser: argparse.ArgumentParser) -> set[str]:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        return set(sub.choices)

    assert choices(build_parser()) == set(COMMAND_HOME) | {"manage"}
    for command in COMMAND_HOME:
        assert command in choices(build_parser(command))


def test_manage_works_in_a_new_var_folder(tmp_path):
    """`olievlek manage migrate` is often the first command on a new machine: the SQLite
    folder is made, as for every other command."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    var = tmp_path / "new" / "var"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(OLIEVLEK_VAR=str(var), SECRET_KEY="test-only")
    olievlek = str(Path(sys.executable).parent / "olievlek")
    done = subprocess.run([olievlek, "manage", "migrate", "networks", "-v0"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (var / "olievlek.sqlite3").exists()
