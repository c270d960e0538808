"""The activity tables of the network package: ``activities.csv``, ``attendance.csv``,
``rhythms.csv`` and ``scores.csv`` (docs/activities.md, docs/formats.md).

Their columns and rules live here; :mod:`olievlek.package` reads and writes them like every
other file and calls :func:`validate_activities` so that all problems come back together, each
with file, row and column. Pure: no Django, and nothing from :mod:`olievlek.package` (which
imports this module), so problems are returned as plain tuples.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

__all__ = [
    "ACTIVITY_COLUMNS",
    "ACTIVITY_FREE_TEXT",
    "ACTIVITY_KINDS",
    "ACTIVITY_MAX_LENGTHS",
    "ACTIVITY_REQUIRED",
    "KNOWLEDGE_PROCESSES",
    "SCORES",
    "split_list",
    "validate_activities",
]

ACTIVITY_COLUMNS: dict[str, tuple[str, ...]] = {
    "activities": ("id", "date", "units", "kind", "processes", "title", "observed"),
    "attendance": ("activity", "person", "organisation"),
    "rhythms": ("unit", "per_year", "note"),
    "scores": ("round", "unit", "factor", "score", "explanation", "date"),
}
ACTIVITY_REQUIRED: dict[str, tuple[str, ...]] = {
    "activities": ("id", "date", "kind"),
    "attendance": ("activity",),
    "rhythms": ("unit", "per_year"),
    "scores": ("round", "unit", "factor", "score", "explanation", "date"),
}
# The lengths of the database fields (olievlek.activities.models).
ACTIVITY_MAX_LENGTHS: dict[tuple[str, str], int] = {
    ("activities", "id"): 100, ("activities", "units"): 5000, ("activities", "kind"): 40,
    ("activities", "processes"): 200, ("activities", "title"): 300,
    ("attendance", "activity"): 100, ("attendance", "person"): 100,
    ("attendance", "organisation"): 300,
    ("rhythms", "unit"): 100, ("rhythms", "note"): 300,
    ("scores", "round"): 60, ("scores", "unit"): 100, ("scores", "factor"): 60,
    ("scores", "explanation"): 5000,
}
ACTIVITY_FREE_TEXT = {("scores", "explanation")}
# Kinds of activity (the case descriptions' words); the knowledge processes are the codebook's
# "Activiteiten netwerk > type" codes.
ACTIVITY_KINDS = ("bijeenkomst", "werkplaatsbijeenkomst", "plg-bijeenkomst", "conferentie",
                  "symposium", "studiedag", "online-uurtje", "overleg", "anders")
KNOWLEDGE_PROCESSES = ("kennisbenutting", "kennisontwikkeling", "kennisdeling",
                       "communicatie-coordinatie")
SCORES = ("red", "orange", "green")
# Activity ids that would be taken for another page's address (/activities/new/ ...).
RESERVED_IDS = frozenset({"new", "network", "download", "rhythm"})
_TRUE = {"1", "true", "yes", "ja", "waar", "x"}
_FALSE = {"0", "false", "no", "nee", "onwaar", ""}

Found = tuple[str, int, str, str]


def split_list(text: str) -> list[str]:
    """The items of a ``;``-separated cell (units, processes), blanks dropped."""
    return [part.strip() for part in (text or "").split(";") if part.strip()]


def as_bool(text: str) -> bool | None:
    """``observed``: yes/no in the package's words (1/0, ja/nee, true/false, x), else None."""
    value = (text or "").strip().lower()
    return True if value in _TRUE else False if value in _FALSE else None


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def validate_activities(pkg: Any, rownum: Callable[[str, int], int],
                        factors: Callable[[], set[str]] | None = None) -> list[Found]:
    """Every problem of the activity tables. ``rownum(name, position)`` turns a table position
    into the spreadsheet row; ``factors()`` gives the factor ids scores may name (default: any;
    the import checks them against the network's instrument)."""
    problems: list[Found] = []

    def add(name: str, pos: int, col: str, reason: str) -> None:
        problems.append((f"{name}.csv", rownum(name, pos), col, reason))

    def required(name: str) -> None:
        df = getattr(pkg, name)
        for col in ACTIVITY_REQUIRED[name]:
            for pos in df.index[df[col] == ""]:
                add(name, pos, col, "required value is empty")

    def dates(name: str, col: str) -> None:
        df = getattr(pkg, name)
        for pos, value in zip(df.index, df[col]):
            if value and _date(value) is None:
                add(name, pos, col, f"'{value}' is not an ISO date (YYYY-MM-DD)")

    units, people = set(pkg.units["id"]), set(pkg.people["id"])
    acts = pkg.activities
    required("activities")
    dates("activities", "date")
    seen: set[str] = set()
    for pos, row in acts.iterrows():
        if row["id"] and row["id"] in seen:
            add("activities", pos, "id", f"duplicate activity id ({row['id']})")
        elif row["id"] in RESERVED_IDS or "/" in row["id"]:
            add("activities", pos, "id", f"'{row['id']}' cannot be an activity id (a page has that address)")
        seen.add(row["id"])
        if row["kind"] and row["kind"] not in ACTIVITY_KINDS:
            add("activities", pos, "kind",
                f"unknown code '{row['kind']}' (allowed: {'|'.join(ACTIVITY_KINDS)})")
        for unit in split_list(row["units"]):
            if unit not in units:
                add("activities", pos, "units", f"'{unit}' is not an id in units.csv")
        for process in split_list(row["processes"]):
            if process not in KNOWLEDGE_PROCESSES:
                add("activities", pos, "processes",
                    f"unknown code '{process}' (allowed: {'|'.join(KNOWLEDGE_PROCESSES)})")
        if as_bool(row["observed"]) is None:
            add("activities", pos, "observed", f"'{row['observed']}' is not yes/no (1/0)")

    att = pkg.attendance
    required("attendance")
    pairs: set[tuple[str, str]] = set()
    for pos, row in att.iterrows():
        if row["activity"] and row["activity"] not in seen:
            add("attendance", pos, "activity", f"'{row['activity']}' is not an id in activities.csv")
        if row["person"]:
            if row["person"] not in people:
                add("attendance", pos, "person", f"'{row['person']}' is not an id in people.csv")
            elif (row["activity"], row["person"]) in pairs:
                add("attendance", pos, "person",
                    f"duplicate attendance ({row['activity']}, {row['person']})")
            pairs.add((row["activity"], row["person"]))
        elif not row["organisation"]:
            add("attendance", pos, "person", "a person, or a guest's organisation, is required")

    rhythms = pkg.rhythms
    required("rhythms")
    planned: set[str] = set()
    for pos, row in rhythms.iterrows():
        if row["unit"] and row["unit"] not in units:
            add("rhythms", pos, "unit", f"'{row['unit']}' is not an id in units.csv")
        elif row["unit"] in planned:
            add("rhythms", pos, "unit", f"duplicate rhythm ({row['unit']})")
        planned.add(row["unit"])
        value = row["per_year"]
        if value and not (value.isdigit() and 1 <= int(value) <= 366):
            add("rhythms", pos, "per_year", f"'{value}' is not a whole number 1-366")

    scores = pkg.scores
    required("scores")
    dates("scores", "date")
    known = factors() if factors is not None else None
    cells: set[tuple[str, str, str]] = set()
    for pos, row in scores.iterrows():
        if row["unit"] and row["unit"] not in units:
            add("scores", pos, "unit", f"'{row['unit']}' is not an id in units.csv")
        if row["factor"] and known is not None and row["factor"] not in known:
            add("scores", pos, "factor", f"'{row['factor']}' is not a factor of the instrument")
        if row["score"] and row["score"] not in SCORES:
            add("scores", pos, "score", f"unknown code '{row['score']}' (allowed: {'|'.join(SCORES)})")
        key = (row["round"], row["unit"], row["factor"])
        if all(key) and key in cells:
            add("scores", pos, "factor", f"duplicate score ({', '.join(key)})")
        cells.add(key)
    return problems
