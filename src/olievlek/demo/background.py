"""Whole-number answer counts that reproduce the published Tabel 5.1-5.3, found by search.

The report publishes, per sector, the percentage of each answer category and the number of
respondents n. The demo needs counts of whole people. For most columns exactly one set of
counts out of n rounds to the published percentages. For two po columns (Tabel 5.1 and 5.2)
there is none: 36% of 93 and 7% of 93 are not reachable. The honest explanation is item
non-response: some respondents left that question open, and the report's percentages are of
the valid answers. :func:`solve_column` searches for counts plus a number of missing answers,
preferring the fewest missing, and ``docs/demo-data.md`` records what it finds.

Pure Python: no Django, no pandas.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = [
    "ITEMS",
    "ColumnSolution",
    "published_tables",
    "round_percent",
    "rounding_report",
    "solve_column",
    "solve_tables",
]

# Package codes for the rows of each table, in the published row order. The labels are checked
# against tables.json when it is read, so a change in the reference cannot slip by silently.
ITEMS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    # field: (table id, published row labels, package codes)
    "education_level": (
        "Tabel 5.1",
        ("mbo", "hbo", "universiteit", "PhD", "anders"),
        ("mbo", "hbo", "universiteit", "phd", "anders"),
    ),
    "involvement": (
        "Tabel 5.2",
        ("0-3 maanden", "3-6 maanden", "6-12 maanden", "1-2 jaar", "2-5 jaar", "Langer dan 5 jaar"),
        ("0-3m", "3-6m", "6-12m", "1-2y", "2-5y", "5y+"),
    ),
    "years_in_education": (
        "Tabel 5.3",
        ("Minder dan een jaar", "1-15 jaar", "Langer dan 15 jaar"),
        ("<1", "1-15", "15+"),
    ),
}

MAX_MISSING = 10  # item non-response beyond ~10% of a column would be a different story


def round_percent(count: int, total: int, rule: str = "half-up") -> int:
    """``100 * count / total`` rounded to a whole percent, exactly (no float error).

    ``rule`` is "half-up" (0.5 goes up, as SPSS and Excel do) or "half-even" (banker's).
    """
    mode = ROUND_HALF_UP if rule == "half-up" else ROUND_HALF_EVEN
    value = Fraction(100 * count, total)
    return int((Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal(1), mode))


def _is_half(count: int, total: int) -> bool:
    return Fraction(200 * count, total).denominator == 1 and (200 * count // total) % 2 == 1


@dataclass(frozen=True)
class ColumnSolution:
    """Counts for one sector column of one table.

    ``counts`` maps package code to the number of respondents giving that answer; ``missing``
    is how many of the column's ``n`` respondents left the question open. ``alternatives`` is
    the number of count vectors with the same number missing that also fit; ``halves`` lists
    the categories whose exact share ends in .5 (where the rounding rule would matter).
    """

    table: str
    sector: str
    n: int
    counts: dict[str, int]
    missing: int
    alternatives: int
    halves: tuple[str, ...]

    @property
    def valid(self) -> int:
        return self.n - self.missing


def _candidates(percent: int, total: int, rule: str) -> list[int]:
    low = max(0, math.floor((percent - 1) * total / 100))
    high = min(total, math.ceil((percent + 1) * total / 100))
    return [k for k in range(low, high + 1) if round_percent(k, total, rule) == percent]


def solve_column(
    percents: list[int], n: int, rule: str = "half-up", max_missing: int = MAX_MISSING
) -> list[tuple[int, tuple[int, ...]]]:
    """All ``(missing, counts)`` that reproduce ``percents`` with the fewest missing answers.

    Tries 0, 1, 2, ... missing answers and returns every count vector (summing to
    ``n - missing``) whose rounded percentages equal ``percents``, for the first number of
    missing answers that has any. Returns ``[]`` when none up to ``max_missing`` fits.
    """
    for missing in range(max_missing + 1):
        valid = n - missing
        options = [_candidates(p, valid, rule) for p in percents]
        if any(not o for o in options):
            continue
        found = [
            (missing, combo)
            for combo in itertools.product(*options)
            if sum(combo) == valid
        ]
        if found:
            return found
    return []


@lru_cache(maxsize=1)
def published_tables() -> dict[str, Any]:
    """tables.json as shipped with the package (a copy of the reference facts)."""
    text = resources.files("olievlek.demo").joinpath("data/tables.json").read_text("utf-8")
    return json.loads(text)


def _choose(found: list[tuple[int, tuple[int, ...]]], percents: list[int]) -> tuple[int, ...]:
    # Several vectors can fit (only in columns with missing answers); take the one closest to
    # the published shares, then the lexicographically smallest, so the choice is stable.
    valid = sum(found[0][1])
    return min(
        (combo for _, combo in found),
        key=lambda c: (sum(abs(100 * k / valid - p) for k, p in zip(c, percents)), c),
    )


def solve_tables(rule: str = "half-up") -> dict[str, dict[str, ColumnSolution]]:
    """Solve every column of Tabel 5.1-5.3: ``{field: {sector: ColumnSolution}}``."""
    data = published_tables()
    by_id = {t["id"]: t for t in data["tables"]}
    result: dict[str, dict[str, ColumnSolution]] = {}
    for field, (table_id, labels, codes) in ITEMS.items():
        table = by_id[table_id]
        published_labels = tuple(row["label"] for row in table["rows"])
        if published_labels != labels:
            raise ValueError(f"{table_id}: rows {published_labels} in tables.json, expected {labels}")
        result[field] = {}
        for column in table["columns"]:
            sector, n = column["key"], column["n"]
            percents = [row["values"][sector] for row in table["rows"]]
            found = solve_column(percents, n, rule)
            if not found:
                raise ValueError(f"{table_id} {sector}: no counts reproduce {percents} with n={n}")
            combo = _choose(found, percents)
            missing = found[0][0]
            valid = n - missing
            halves = tuple(c for c, k in zip(codes, combo) if _is_half(k, valid))
            result[field][sector] = ColumnSolution(
                table=table_id,
                sector=sector,
                n=n,
                counts=dict(zip(codes, combo)),
                missing=missing,
                alternatives=len(found),
                halves=halves,
            )
    return result


def rounding_report() -> dict[str, object]:
    """What the data say about the report's rounding rule (used by the docs and the tests).

    Solves every column under half-up and under half-even rounding and checks that truncation
    is ruled out. Returns ``{"same_solutions": bool, "halves": [...], "truncation_fits": bool}``.
    """
    up, even = solve_tables("half-up"), solve_tables("half-even")
    same = all(
        up[f][s].counts == even[f][s].counts and up[f][s].missing == even[f][s].missing
        for f in up
        for s in up[f]
    )
    halves = [(f, s, up[f][s].halves) for f in up for s in up[f] if up[f][s].halves]
    # Truncation: would the chosen counts, cut off instead of rounded, still give the table?
    truncation = all(
        all(100 * k // up[f][s].valid == _published(f, s, code) for code, k in up[f][s].counts.items())
        for f in up
        for s in up[f]
    )
    return {"same_solutions": same, "halves": halves, "truncation_fits": truncation}


def _published(field: str, sector: str, code: str) -> int:
    table_id, _, codes = ITEMS[field]
    table = {t["id"]: t for t in published_tables()["tables"]}[table_id]
    return table["rows"][codes.index(code)]["values"][sector]
