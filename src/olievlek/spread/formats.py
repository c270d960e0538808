"""The outcome tables of the network package: ``objects.csv``, ``ratings.csv``, ``uses.csv``.

Their columns and rules live here; :mod:`olievlek.package` reads and writes them like every
other file and calls :func:`validate_outcomes` so that all problems come back together, each
with file, row and column (docs/formats.md). This module imports nothing from the package
module (which imports it), so problems are returned as plain tuples.

Examples
--------
>>> import pandas as pd
>>> from types import SimpleNamespace
>>> pkg = SimpleNamespace(
...     objects=pd.DataFrame([{"id": "o1", "title": "Set", "kind": "product", "status": "",
...         "level": "", "date": "2024-05-01", "makers": "", "units": "", "licence": "",
...         "url": "", "based_on": "", "themes": "", "description": ""}]),
...     ratings=pd.DataFrame(columns=OUTCOME_COLUMNS["ratings"]),
...     uses=pd.DataFrame([{"object": "o1", "date": "2024-04-01", "organisation": "x",
...         "person": "", "municipality": "GM9999", "country": "", "use": "gebruikt",
...         "source": "", "channel": "", "note": ""}]),
...     organisations=pd.DataFrame([{"id": "x", "municipality": ""}]),
...     people=pd.DataFrame(columns=["id"]), units=pd.DataFrame(columns=["id"]))
>>> for p in validate_outcomes(pkg, lambda name, pos: pos + 2): print(p[:3])
('uses.csv', 2, 'date')
('uses.csv', 2, 'municipality')
('uses.csv', 2, 'use')
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pandas as pd

from .data import (
    COLUMNS,
    KINDS,
    LEVELS,
    RATING_DIMENSIONS,
    STATUSES,
    USE_KINDS,
    municipalities,
    parse_date,
    split_list,
)

if TYPE_CHECKING:
    from olievlek.package import Package

__all__ = ["OUTCOME_COLUMNS", "OUTCOME_FREE_TEXT", "OUTCOME_MAX_LENGTHS", "OUTCOME_REQUIRED", "validate_municipalities", "validate_outcomes"]

# The portfolio files' columns, in the order they are written (one definition: spread.data).
OUTCOME_COLUMNS: dict[str, tuple[str, ...]] = {name: COLUMNS[name] for name in ("objects", "ratings", "uses")}
OUTCOME_REQUIRED: dict[str, tuple[str, ...]] = {
    "objects": ("id", "title", "kind"),
    "ratings": ("object", "rater"),
    "uses": ("object", "date", "organisation", "use"),
}
# The lengths of the database fields the cells go to (olievlek.portfolio.models); lists of ids
# and the free-text columns may be long. Free text may hold line breaks and tabs.
OUTCOME_MAX_LENGTHS: dict[tuple[str, str], int] = {
    ("objects", "id"): 100, ("objects", "title"): 300, ("objects", "form"): 100,
    ("objects", "licence"): 100, ("objects", "url"): 500, ("objects", "themes"): 500,
    ("objects", "description"): 20000, ("objects", "makers"): 5000, ("objects", "units"): 5000,
    ("objects", "based_on"): 5000,
    ("ratings", "object"): 100, ("ratings", "rater"): 150, ("ratings", "note"): 5000,
    ("uses", "object"): 100, ("uses", "organisation"): 100, ("uses", "person"): 100,
    ("uses", "source"): 200, ("uses", "channel"): 100, ("uses", "note"): 5000,
}
OUTCOME_FREE_TEXT = {("objects", "description"), ("ratings", "note"), ("uses", "note")}
# An SPDX licence identifier (CC-BY-4.0, MIT, CC0-1.0, LicenseRef-...): letters, digits, . - +
SPDX = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+-]*$")
COUNTRY = re.compile(r"^[A-Za-z]{2}$")
URL = re.compile(r"^https?://\S+$")

Found = tuple[str, int, str, str]


def validate_municipalities(df: pd.DataFrame, filename: str, rownum: Callable[[int], int]) -> list[Found]:
    """Municipality cells that are not a CBS code of 2025 (``GM0363``...)."""
    bad = (df["municipality"] != "") & ~df["municipality"].isin(set(municipalities()))
    out = []
    for pos, code in zip(df.index[bad], df.loc[bad, "municipality"]):
        out.append((filename, rownum(pos), "municipality",
                    f"'{code}' is not a municipality of 2025 (CBS code GM####)"))
    return out


def validate_outcomes(pkg: Package, rownum: Callable[[str, int], int]) -> list[Found]:
    """Every problem of the outcome tables and of ``organisations.municipality``.

    ``rownum(name, position)`` turns a table position into the spreadsheet row.
    """
    problems: list[Found] = []

    def add(name: str, pos: int, col: str, reason: str) -> None:
        problems.append((f"{name}.csv", rownum(name, pos), col, reason))

    def required(name: str) -> None:
        df = getattr(pkg, name)
        for col in OUTCOME_REQUIRED[name]:
            for pos in df.index[df[col] == ""]:
                add(name, pos, col, "required value is empty")

    def codes(name: str, col: str, allowed: tuple[str, ...]) -> None:
        df = getattr(pkg, name)
        bad = (df[col] != "") & ~df[col].isin(allowed)
        for pos, value in zip(df.index[bad], df.loc[bad, col]):
            add(name, pos, col, f"unknown code '{value}' (allowed: {'|'.join(allowed)})")

    def dates(name: str, col: str) -> None:
        df = getattr(pkg, name)
        wrong = {v for v in set(df[col]) if v and parse_date(v) is None}  # few distinct dates
        bad = df[col].isin(wrong)
        for pos, value in zip(df.index[bad], df.loc[bad, col]):
            add(name, pos, col, f"'{value}' is not an ISO date (YYYY-MM-DD)")

    orgs = pkg.organisations
    if "municipality" in orgs.columns:
        problems += validate_municipalities(orgs, "organisations.csv",
                                            lambda pos: rownum("organisations", pos))

    objects = pkg.objects
    required("objects")
    seen: set[str] = set()
    for pos, oid in zip(objects.index, objects["id"]):
        if oid and oid in seen:
            add("objects", pos, "id", f"duplicate object id ({oid})")
        seen.add(oid)
    codes("objects", "kind", KINDS)
    codes("objects", "status", STATUSES)
    codes("objects", "level", LEVELS)
    dates("objects", "date")
    people, units = set(pkg.people["id"]), set(pkg.units["id"])
    object_ids = set(objects["id"])
    for pos, row in objects.iterrows():
        for person in split_list(row["makers"]):
            if person not in people:
                add("objects", pos, "makers", f"'{person}' is not an id in people.csv")
        for unit in split_list(row["units"]):
            if unit not in units:
                add("objects", pos, "units", f"'{unit}' is not an id in units.csv")
        if row["licence"] and not SPDX.match(row["licence"]):
            add("objects", pos, "licence", f"'{row['licence']}' is not an SPDX licence id (e.g. CC-BY-4.0)")
        if row["url"] and not URL.match(row["url"]):
            add("objects", pos, "url", f"'{row['url']}' is not a web address (http:// or https://)")
        for parent in split_list(row["based_on"]):
            if parent == row["id"]:
                add("objects", pos, "based_on", "an object cannot be based on itself")
            elif parent not in object_ids:
                add("objects", pos, "based_on", f"'{parent}' is not an id in objects.csv")
    problems += _lineage_cycles(objects, lambda pos: rownum("objects", pos))

    ratings = pkg.ratings
    required("ratings")
    dates("ratings", "date")
    for pos, obj in zip(ratings.index, ratings["object"]):
        if obj and obj not in object_ids:
            add("ratings", pos, "object", f"'{obj}' is not an id in objects.csv")
    for dim in RATING_DIMENSIONS:
        for pos, value in zip(ratings.index, ratings[dim]):
            if value and value not in ("1", "2", "3", "4", "5"):
                add("ratings", pos, dim, f"'{value}' is not a whole number 1-5")
    dup = ratings.duplicated(["object", "rater", "date"]) & (ratings["object"] != "")
    for pos in ratings.index[dup]:
        add("ratings", pos, "rater", f"duplicate rating ({ratings.at[pos, 'object']}, "
                                     f"{ratings.at[pos, 'rater']}, {ratings.at[pos, 'date']})")

    uses = pkg.uses
    required("uses")
    dates("uses", "date")
    # uses may run to hundreds of thousands of rows: checked column by column
    made = dict(zip(objects["id"], objects["date"]))
    since = uses["object"].map(made).fillna("")
    for col, known, target in (("object", object_ids, "objects.csv"),
                               ("organisation", set(orgs["id"]), "organisations.csv"),
                               ("person", people, "people.csv")):
        bad = (uses[col] != "") & ~uses[col].isin(known)
        for pos, value in zip(uses.index[bad], uses.loc[bad, col]):
            add("uses", pos, col, f"'{value}' is not an id in {target}")
    # ISO dates compare as text; malformed ones are reported by dates() above
    early = (since != "") & (uses["date"] != "") & (uses["date"] < since)
    for pos in uses.index[early]:
        if parse_date(uses.at[pos, "date"]) and parse_date(since[pos]):
            add("uses", pos, "date", f"before the object exists ({since[pos]})")
    country = uses["country"]
    bad = (country != "") & ~country.str.fullmatch(r"[A-Za-z]{2}")
    for pos, value in zip(uses.index[bad], country[bad]):
        add("uses", pos, "country", f"'{value}' is not a two-letter country code (NL, BE...)")
    problems += validate_municipalities(uses, "uses.csv", lambda pos: rownum("uses", pos))
    codes("uses", "use", USE_KINDS)
    return problems


def _lineage_cycles(objects: pd.DataFrame, rownum: Callable[[int], int]) -> list[Found]:
    """One problem per cycle of ``based_on`` (o1 based on o2 based on o1)."""
    parents = {oid: split_list(b) for oid, b in zip(objects["id"], objects["based_on"])}
    position = dict(zip(objects["id"], objects.index))
    out: list[Found] = []
    reported: set[str] = set()
    done: set[str] = set()
    for start in parents:
        if start in done:
            continue
        path, stack = [], [(start, iter(parents.get(start, [])))]
        on_path = {start}
        path.append(start)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                finished = path.pop()
                on_path.discard(finished)
                done.add(finished)
                continue
            if child == node or child not in parents or child in done:
                continue
            if child in on_path:
                cycle = [*path[path.index(child):], child]
                if not reported & set(cycle):
                    reported.update(cycle)
                    out.append(("objects.csv", rownum(position[cycle[0]]), "based_on",
                                "cycle in based_on: " + " -> ".join(cycle)))
                continue
            on_path.add(child)
            path.append(child)
            stack.append((child, iter(parents.get(child, []))))
    return out
