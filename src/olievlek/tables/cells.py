"""Small-cell suppression: counts about fewer than ``threshold`` people are not shown.

In a network of seven, "bestuurder-1" is one person everybody knows; a table with a unit of
two says how each of them answered. Viewers who see pseudonyms (coordinators) therefore get
every group smaller than the threshold as ``"<3"`` (for threshold 3) instead of its numbers,
and no percentages for it. Who gets suppressed views is decided in
``olievlek.accounts.access``; this module only does the masking, on plain values and on the
participants tables (pandas), without Django.

- A group is small when 0 < size < threshold (an empty group reveals nobody).
- Row tables (one row per unit, role, process... with a ``members`` column): a small row
  shows ``"<3"`` for every count and nothing for its percentage.
- Background tables (one column per group, rows of percentages, then ``missing`` and ``n``):
  a small group's ``n`` shows ``"<3"``, its other cells are empty.
"""

from __future__ import annotations

import pandas as pd

COUNT_COLUMNS = ("members", "respondents", "invited", "started", "complete")
PERCENT_COLUMNS = ("percent", "rate")


def label(threshold: int) -> str:
    """What a suppressed count shows."""
    return f"<{threshold}"


def small(size, threshold: int | None) -> bool:
    return bool(threshold) and isinstance(size, (int, float)) and 0 < size < threshold


def count(value, size, threshold: int | None):
    """``value`` (a count about a group of ``size`` people), or the label when the group is small."""
    return label(threshold) if small(size, threshold) else value


def _rows(df: pd.DataFrame, threshold: int) -> tuple[pd.DataFrame, bool]:
    mask = [small(v, threshold) for v in df["members"]]
    if not any(mask):
        return df, False
    out = df.copy()
    rows = out.index[mask]
    for column in out.columns:
        if column in COUNT_COLUMNS:
            out.loc[rows, column] = label(threshold)
        elif column in PERCENT_COLUMNS:
            out.loc[rows, column] = None
    return out, True


def _groups(df: pd.DataFrame, threshold: int) -> tuple[pd.DataFrame, bool]:
    n_rows = df.index[df["category"] == "n"]
    if len(n_rows) != 1:
        return df, False
    n = df.loc[n_rows[0]]
    groups = [c for c in df.columns if c != "category" and small(n[c], threshold)]
    if not groups:
        return df, False
    out = df.copy()
    for column in groups:
        out[column] = None
        out.loc[n_rows[0], column] = label(threshold)
    return out, True


def suppress_table(df: pd.DataFrame, threshold: int | None) -> tuple[pd.DataFrame, bool]:
    """The table with its small groups masked, and whether anything was masked."""
    if not threshold or df.empty:
        return df, False
    if "members" in df.columns:
        return _rows(df, threshold)
    if "category" in df.columns:
        return _groups(df, threshold)
    return df, False


def suppress_tables(tables: dict[str, pd.DataFrame], threshold: int | None
                    ) -> tuple[dict[str, pd.DataFrame], set[str]]:
    """Every table masked; the names of those in which something was masked."""
    out, masked = {}, set()
    for name, df in tables.items():
        out[name], hit = suppress_table(df, threshold)
        if hit:
            masked.add(name)
    return out, masked


def small_combinations(people: list[tuple[str, str]], threshold: int) -> list[tuple[str, str, int]]:
    """(unit, role, size) for each unit+role combination held by fewer than ``threshold``
    people: under pseudonyms these people can be recognised from their unit and role."""
    sizes: dict[tuple[str, str], int] = {}
    for unit, role in people:
        sizes[(unit, role)] = sizes.get((unit, role), 0) + 1
    return sorted((u, r, n) for (u, r), n in sizes.items() if small(n, threshold))
