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

# Modules that add subcommands, in the order `olievlek --help` lists them.
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
    if migrate:
        from django.conf import settings
        from django.core.management import call_command

        db = settings.DATABASES["default"]
        if db["ENGINE"].endswith("sqlite3"):
            from pathlib import Path

            Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)


def network_named(slug: str, *, migrate: bool = True):
    """The network with ``slug``, Django set up first; a clear CommandError when there is none."""
    setup_django(migrate=migrate)
    from olievlek.networks.models import Network

    network = Network.objects.filter(slug=slug).first()
    if network is None:
        raise CommandError(f"no network '{slug}' (see `olievlek networks`)")
    return network


def build_parser() -> argparse.ArgumentParser:
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
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):  # not built yet in this checkout
                continue
            raise
        module.register(sub)
    return parser


def cmd_manage(args) -> int:
    from django.core.management import execute_from_command_line

    setup_django()
    execute_from_command_line(["olievlek manage", *args.args])
    return 0


def _version() -> str:
    from olievlek import __version__

    return f"olievlek {__version__}"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
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
