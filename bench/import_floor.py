"""The floor for ``olievlek import``: the same rows into the same tables, with the drivers alone.

Usage::

    .venv/bin/python bench/import_floor.py PACKAGE_FOLDER --database sqlite:///path/olievlek.sqlite3
    .venv/bin/python bench/import_floor.py PACKAGE_FOLDER --database postgres://user@host:5432/name

Reads ``network.csv``, ``units.csv``, ``people.csv``, ``memberships.csv`` and ``ties.csv`` of a
well-formed folder package with pandas and writes the network, its units, people (with the
pseudonym ``<primary role>-<n>``), memberships, waves and ties into an empty, migrated olievlek
database in one transaction: on SQLite with ``sqlite3`` ``executemany``, on PostgreSQL with
psycopg's ``COPY`` for people, memberships and ties. Nothing else: no validation, no matching
with rows already there, no audit entry, no responses or outcomes (``bench/import_large.py``'s
package has none). ``bench/import_large.py --floor`` times it against ``olievlek import``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pandas as pd


def read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package")
    parser.add_argument("--database", required=True, help="sqlite:///FILE or postgres://...")
    args = parser.parse_args()
    folder = Path(args.package)
    network = read(folder, "network").iloc[0]
    units, people = read(folder, "units"), read(folder, "people")
    ms, ties = read(folder, "memberships"), read(folder, "ties")

    # Pseudonyms: each person's primary role (earliest membership, then unit id) and a number.
    first = ms.sort_values(["person", "start", "unit"]).drop_duplicates("person")
    role = dict(zip(first["person"], first["role"]))
    used: Counter[str] = Counter()
    pseudonyms = []
    for key in sorted(people["id"]):
        stem = re.sub(r"[^\w\s-]", "", role.get(key, "") or "deelnemer").strip().lower()[:40] or "deelnemer"
        used[stem] += 1
        pseudonyms.append((key, f"{stem}-{used[stem]}"))
    pseudonym = dict(pseudonyms)
    now = dt.datetime.now(dt.UTC)

    postgres = args.database.startswith("postgres")
    if postgres:
        import psycopg

        db = psycopg.connect(args.database)
        mark = "%s"
    else:
        import sqlite3

        db = sqlite3.connect(args.database.removeprefix("sqlite:///"), isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("BEGIN")
        mark = "?"

    def insert(sql: str, rows: list[tuple]) -> None:
        sql = sql.replace("?", mark)
        if postgres:
            with db.cursor() as cur:
                cur.executemany(sql, rows)
        else:
            db.executemany(sql, rows)

    def copy(table: str, columns: tuple[str, ...], rows) -> None:
        if not postgres:
            places = ", ".join("?" * len(columns))
            db.executemany(f'INSERT INTO {table} ({", ".join(columns)}) VALUES ({places})', rows)
            return
        with db.cursor() as cur, cur.copy(f'COPY {table} ({", ".join(columns)}) FROM STDIN') as out:
            for row in rows:
                out.write_row(row)

    def ids(table: str, network_id: int) -> dict[str, int]:
        cur = db.execute(f"SELECT key, id FROM {table} WHERE network_id = {mark}", (network_id,))
        return dict(cur.fetchall())

    cur = db.execute(
        "INSERT INTO networks_network (slug, name, sector, region, theme, started, coordinator_sees_names) "
        f"VALUES ({', '.join([mark] * 7)}) RETURNING id",
        (network["id"], network["name"], network["sector"], network["region"], network["theme"],
         network["started"], False))
    network_id = cur.fetchone()[0]
    insert("INSERT INTO networks_unit (key, name, kind, process, level, network_id) VALUES (?, ?, ?, ?, ?, ?)",
           list(zip(units["id"], units["name"], units["kind"], units["process"], units["level"],
                    [network_id] * len(units))))
    unit_id = ids("networks_unit", network_id)
    parents = [(unit_id[p], unit_id[u]) for u, p in zip(units["id"], units["parent"]) if p]
    insert("UPDATE networks_unit SET parent_id = ? WHERE id = ?", parents)
    copy("networks_person", ("key", "name", "email", "organisation_name", "function", "sector",
                             "education_level", "years_in_education", "involvement", "expertise",
                             "pseudonym", "network_id"),
         zip(people["id"], people["name"], people["email"], people["organisation"], people["function"],
             people["sector"], people["education_level"], people["years_in_education"],
             people["involvement"], people["expertise"], [pseudonym[k] for k in people["id"]],
             [network_id] * len(people)))
    person_id = ids("networks_person", network_id)
    copy("networks_membership", ("person_id", "unit_id", "role", "start", '"end"'),
         zip([person_id[p] for p in ms["person"]], [unit_id[u] for u in ms["unit"]], ms["role"],
             [dt.date.fromisoformat(s) if s else None for s in ms["start"]],
             [dt.date.fromisoformat(s) if s else None for s in ms["end"]]))
    for label in sorted(set(ties["wave"])):
        cur = db.execute(
            "INSERT INTO surveys_wave (label, coordinator_visibility, language, items, roster_roles, "
            f"network_id, created_at) VALUES ({', '.join([mark] * 7)}) RETURNING id",
            (label, "pseudonyms", "nl", json.dumps([]), json.dumps([]), network_id, now))
        wave_id = cur.fetchone()[0]
        wave = ties[ties["wave"] == label]
        copy("surveys_tie", ("wave_id", "source_id", "target_id", "relation", "frequency",
                             "usefulness", "topic"),
             zip([wave_id] * len(wave), [person_id[p] for p in wave["source"]],
                 [person_id[p] for p in wave["target"]], wave["relation"],
                 [int(f) for f in wave["frequency"]], [int(u) if u else None for u in wave["usefulness"]],
                 wave["topic"]))
    db.commit() if postgres else db.execute("COMMIT")
    db.close()


if __name__ == "__main__":
    main()
