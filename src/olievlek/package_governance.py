"""The governance tables of the network package: ``fees.csv`` and ``grants.csv``
(docs/governance.md, docs/formats.md).

Their columns and rules live here; :mod:`olievlek.package` reads and writes them like every
other file and calls :func:`validate_governance` so that all problems come back together, each
with file, row and column. Pure: no Django, and nothing from :mod:`olievlek.package`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from olievlek.governance.rules import GROUP_TYPES

__all__ = ["GOVERNANCE_COLUMNS", "GOVERNANCE_FREE_TEXT", "GOVERNANCE_MAX_LENGTHS",
           "GOVERNANCE_REQUIRED", "RULES", "as_paid", "validate_governance"]

GOVERNANCE_COLUMNS: dict[str, tuple[str, ...]] = {
    "fees": ("year", "organisation", "fee", "paid"),
    "grants": ("year", "unit", "type", "amount", "goal", "decision", "rule", "reason", "date"),
}
GOVERNANCE_REQUIRED: dict[str, tuple[str, ...]] = {
    "fees": ("year", "organisation", "fee"),
    "grants": ("year", "unit", "type", "amount", "decision", "rule", "date"),
}
GOVERNANCE_MAX_LENGTHS: dict[tuple[str, str], int] = {
    ("fees", "organisation"): 100, ("grants", "unit"): 100, ("grants", "goal"): 5000,
    ("grants", "rule"): 40, ("grants", "reason"): 300,
}
GOVERNANCE_FREE_TEXT = {("grants", "goal")}
DECISIONS = ("granted", "refused")
# The rule that decided (olievlek.governance.rules.check_application); "all" when granted.
RULES = ("all", "type", "goal", "organisations", "amount", "facilitation", "budget")
_TRUE = {"1", "true", "yes", "ja", "waar", "x"}
_FALSE = {"0", "false", "no", "nee", "onwaar", ""}
MAX_EUR = 10_000_000


def as_paid(text: str) -> bool | None:
    value = (text or "").strip().lower()
    return True if value in _TRUE else False if value in _FALSE else None


def _year(text: str) -> bool:
    return text.isdigit() and len(text) == 4 and 1900 <= int(text) <= 2100


def _euros(text: str) -> bool:
    return text.isdigit() and int(text) <= MAX_EUR


def validate_governance(pkg: Any, rownum: Callable[[str, int], int]) -> list[tuple[str, int, str, str]]:
    """Every problem of ``fees.csv`` and ``grants.csv``; ``rownum(name, position)`` turns a
    table position into the spreadsheet row."""
    problems: list[tuple[str, int, str, str]] = []

    def add(name: str, pos: int, col: str, reason: str) -> None:
        problems.append((f"{name}.csv", rownum(name, pos), col, reason))

    orgs, units = set(pkg.organisations["id"]), set(pkg.units["id"])
    for name in GOVERNANCE_COLUMNS:
        df = getattr(pkg, name)
        for col in GOVERNANCE_REQUIRED[name]:
            for pos in df.index[df[col] == ""]:
                add(name, pos, col, "required value is empty")

    seen: set[tuple[str, str]] = set()
    for pos, row in pkg.fees.iterrows():
        if row["year"] and not _year(row["year"]):
            add("fees", pos, "year", f"'{row['year']}' is not a year (YYYY)")
        if row["organisation"] and row["organisation"] not in orgs:
            add("fees", pos, "organisation", f"'{row['organisation']}' is not an id in organisations.csv")
        elif (row["year"], row["organisation"]) in seen:
            add("fees", pos, "organisation", f"duplicate fee ({row['year']}, {row['organisation']})")
        seen.add((row["year"], row["organisation"]))
        if row["fee"] and not _euros(row["fee"]):
            add("fees", pos, "fee", f"'{row['fee']}' is not a whole number of euros (0-{MAX_EUR:,})")
        if as_paid(row["paid"]) is None:
            add("fees", pos, "paid", f"'{row['paid']}' is not yes/no (1/0)")

    for pos, row in pkg.grants.iterrows():
        if row["year"] and not _year(row["year"]):
            add("grants", pos, "year", f"'{row['year']}' is not a year (YYYY)")
        if row["unit"] and row["unit"] not in units:
            add("grants", pos, "unit", f"'{row['unit']}' is not an id in units.csv")
        if row["type"] and row["type"] not in GROUP_TYPES:
            add("grants", pos, "type", f"unknown code '{row['type']}' (allowed: {'|'.join(GROUP_TYPES)})")
        if row["amount"] and not _euros(row["amount"]):
            add("grants", pos, "amount", f"'{row['amount']}' is not a whole number of euros (0-{MAX_EUR:,})")
        if row["decision"] and row["decision"] not in DECISIONS:
            add("grants", pos, "decision", f"unknown code '{row['decision']}' (allowed: {'|'.join(DECISIONS)})")
        if row["rule"] and row["rule"] not in RULES:
            add("grants", pos, "rule", f"unknown code '{row['rule']}' (allowed: {'|'.join(RULES)})")
        elif row["rule"] and row["decision"] in DECISIONS and (row["rule"] == "all") != (row["decision"] == "granted"):
            add("grants", pos, "rule", "a granted application has rule 'all'; a refused one the rule that failed")
        if row["date"]:
            try:
                dt.date.fromisoformat(row["date"])
            except ValueError:
                add("grants", pos, "date", f"'{row['date']}' is not an ISO date (YYYY-MM-DD)")
    return problems
