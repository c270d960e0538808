"""The `olievlek` command: one entry point for every batch job.

Each subcommand lives in its own module with a ``register(subparsers)`` function that adds
its parser and sets ``func`` (called with the parsed args, returns an exit code). Commands
that touch the database call :func:`setup_django` first; pure ones (analyze on a package
file, demo --package) never load Django.
"""

from __future__ import annotations

import argparse
import importlib
import os
import secrets
import sys

# Modules that add subcommands, in the order `olievlek --help` lists them (a new command goes
# into COMMAND_HOME too; tests/test_cli.py checks that both agree).
COMMAND_MODULES = [
    "olievlek.networks.commands",
    "olievlek.demo.command",
    "olievlek.analysis.command",
    "olievlek.surveys.commands",
    "olievlek.participants.commands",
    "olievlek.spread.command",
    "olievlek.qda.commands",
    "olievlek.activities.commands",
    "olievlek.reports.commands",
    "olievlek.portal.commands",
    "olievlek.governance.commands",
    "olievlek.ops.commands",
]

# Where each command is registered, so that running one imports its module only: together
# they load igraph, SciPy and the demo generator, a second before any work. A command not
# listed (or moved) is still found: then every module is imported, as for ``olievlek --help``.
COMMAND_HOME = {
    "import": "olievlek.networks.commands", "export": "olievlek.networks.commands",
    "networks": "olievlek.networks.commands", "erase-person": "olievlek.networks.commands",
    "demo": "olievlek.demo.command", "analyze": "olievlek.analysis.command",
    "wave": "olievlek.surveys.commands", "api-token": "olievlek.surveys.commands",
    "tables": "olievlek.participants.commands", "spread": "olievlek.spread.command",
    "coding": "olievlek.qda.commands", "activities": "olievlek.activities.commands",
    "sustainability": "olievlek.activities.commands", "report": "olievlek.reports.commands",
    "portal": "olievlek.portal.commands", "governance": "olievlek.governance.commands",
    "backup": "olievlek.ops.commands",
    "restore": "olievlek.ops.commands", "serve": "olievlek.ops.commands",
    "worker": "olievlek.ops.commands",
}


class CommandError(Exception):
    """A user error: printed without a traceback, exit code 2."""


def setup_django(*, migrate: bool = False) -> None:
    """Configure Django for a batch job; with ``migrate``, create or migrate the database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "olievlek.settings")
    # Batch jobs sign nothing that outlives the process: a random key is enough and keeps the
    # demo the only place with a built-in secret.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    import django

    django.setup()
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):  # a new var folder: SQLite makes the file, not the folder
        from pathlib import Path

        Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    if migrate:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)


def network_named(slug: str, *, migrate: bool = True):
    """The network with ``slug``, Django set up first; a clear CommandError when there is none."""
    setup_django(migrate=migrate)
    from olievlek.networks.models import Network

    network = Network.objects.filter(slug=slug).first()
    if network is None:
        raise CommandError(f"no network '{slug}' (see `olievlek networks`)")
    return network


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line; with ``command``, only the module that registers it is imported
    (:data:`COMMAND_HOME`)."""
    parser = argparse.ArgumentParser(
        prog="olievlek",
        description="Regional knowledge networks in education: import, analyse, report, demo.",
    )
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    manage = sub.add_parser(
        "manage",
        help="run a Django management command (migrate, createsuperuser, check --deploy...)",
        description="Run any Django management command with olievlek's settings, e.g. "
        "`olievlek manage createsuperuser` or `olievlek manage check --deploy`.",
        add_help=False,
    )
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    if command in COMMAND_HOME:
        _register(sub, [COMMAND_HOME[command]])
        if command in sub.choices:
            return parser
        # (moved elsewhere: register everything, below, in a parser without the half-done one)
        return build_parser()
    _register(sub, COMMAND_MODULES)
    return parser


def _register(sub: argparse._SubParsersAction, modules: list[str]) -> None:
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):  # not built yet in this checkout
                continue
            raise
        module.register(sub)


def cmd_manage(args) -> int:
    from django.core.management import execute_from_command_line

    setup_django()
    execute_from_command_line(["olievlek manage", *args.args])
    return 0


def _version() -> str:
    from olievlek import __version__

    return f"olievlek {__version__}"


def main(argv: list[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else argv
    parser = build_parser(given[0] if given and not given[0].startswith("-") else None)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except CommandError as exc:
        print(f"olievlek {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
