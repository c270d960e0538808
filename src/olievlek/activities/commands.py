"""`olievlek activities` and `olievlek sustainability`: a network's activities, turnover and
monitor as files. With a package path no database is needed (pure functions only)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from olievlek.cli import CommandError, network_named

FILES = ("rhythm", "coattendance", "turnover", "vacancies")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "activities",
        help="activities, co-attendance, turnover and vacancies of a network, as CSV files",
        description="Write rhythm.csv (unit, year, planned, held: per school year), "
        "coattendance.csv (source, target, activities: people who attended the same "
        "activities, once per pair, source < target), turnover.csv (date, person, unit, role, "
        "event: joined or left) and vacancies.csv (unit, role, vacated, filled, days: key "
        "roles that stood empty) into DIR. Definitions: docs/activities.md.",
    )
    p.add_argument("package", nargs="?", metavar="PACKAGE",
                   help="a network package (folder, .zip or .xlsx); no database needed")
    p.add_argument("--network", metavar="SLUG", help="a network in the database")
    p.add_argument("--date", metavar="D", help="the day the files describe, YYYY-MM-DD "
                   "(default today): vacancies open then, rhythm up to its school year")
    p.add_argument("--out", metavar="DIR", required=True, help="folder to write into (created if needed)")
    p.set_defaults(func=cmd_activities)

    s = sub.add_parser(
        "sustainability",
        help="the sustainability monitor of a network: rounds, scores and actions as CSV",
        description="Write rounds.csv (round, date), scores.csv (round, unit, factor, score, "
        "explanation, date) and actions.csv (round, unit, factor, action, owner, date, done) "
        "of the network's sustainability monitor into DIR.",
    )
    s.add_argument("slug", metavar="SLUG", help="a network in the database")
    s.add_argument("--out", metavar="DIR", required=True, help="folder to write into (created if needed)")
    s.set_defaults(func=cmd_sustainability)


def _day(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--date '{text}' is not a date (YYYY-MM-DD)") from None


def package_tables(pkg, today: dt.date) -> dict[str, tuple[tuple[str, ...], list]]:
    """The four files for a package, by the same pure rules as for the database."""
    from olievlek.analysis.turnover import rhythm, turnover_events, vacancies
    from olievlek.analysis.twomode import coattendance
    from olievlek.package_activities import split_list

    planned = {u: int(n) for u, n in zip(pkg.rhythms["unit"], pkg.rhythms["per_year"])}
    held = [(d, split_list(u)) for d, u in zip(pkg.activities["date"], pkg.activities["units"])]
    att = pkg.attendance[pkg.attendance["person"] != ""]
    rows = list(zip(pkg.memberships["person"], pkg.memberships["unit"], pkg.memberships["role"],
                    pkg.memberships["start"], pkg.memberships["end"]))
    return tables(rhythm(planned, held, today), coattendance(zip(att["person"], att["activity"])),
                  turnover_events(rows, None, today), vacancies(rows, today=today))


def tables(rhythm, co, events, vac, refer=None) -> dict[str, tuple[tuple[str, ...], list]]:
    """The four files from the pure results; ``refer`` maps person ids to what may be shown."""
    refer = refer or {}

    def ref(key):
        return refer.get(key, key)

    def num(value):
        import pandas as pd

        return "" if pd.isna(value) else int(value)

    return {
        "rhythm": (("unit", "year", "planned", "held"),
                   [[r.unit, r.year, num(r.planned), int(r.held)]
                    for r in rhythm.astype(object).itertuples(index=False)]),
        "coattendance": (("source", "target", "activities"),
                         [[ref(r.source), ref(r.target), int(r.activities)] for r in co.itertuples(index=False)]),
        "turnover": (("date", "person", "unit", "role", "event"),
                     [[r.date.isoformat(), ref(r.person), r.unit, r.role, r.event]
                      for r in events.itertuples(index=False)]),
        "vacancies": (("unit", "role", "vacated", "filled", "days"),
                      [[r.unit, r.role, r.vacated.isoformat(), r.filled.isoformat() if r.filled else "",
                        num(r.days)] for r in vac.astype(object).itertuples(index=False)]),
    }


def _write(out: Path, files: dict[str, tuple[tuple[str, ...], list]]) -> None:
    from olievlek.spreadsheet import csv_bytes

    out.mkdir(parents=True, exist_ok=True)
    for name, (columns, rows) in files.items():
        (out / f"{name}.csv").write_bytes(csv_bytes(columns, rows))
        print(f"{name}.csv: {len(rows)} rows", file=sys.stderr)


def cmd_activities(args: argparse.Namespace) -> int:
    if bool(args.package) == bool(args.network):
        raise CommandError("give a package path or --network SLUG (exactly one)")
    today = _day(args.date)
    if args.package:
        from olievlek.package import PackageError, read_package

        try:
            pkg = read_package(args.package)
        except PackageError as exc:
            print(exc, file=sys.stderr)
            return 1
        files = package_tables(pkg, today)
    else:
        network = network_named(args.network)
        from .views import files as network_files

        files = network_files(network, today=today)
    _write(Path(args.out), files)
    return 0


def cmd_sustainability(args: argparse.Namespace) -> int:
    network = network_named(args.slug)
    from .views import sustainability_files

    _write(Path(args.out), sustainability_files(network))
    return 0
