"""Small-cell suppression: counts about fewer than ``threshold`` people are not shown.

In a network of seven, "bestuurder-1" is one person everybody knows; a table with a unit of
two says how each of them answered. Coordinators therefore get every group smaller than the
threshold as ``"<3"`` (for threshold 3) instead of its numbers, and no percentages for it.
Who gets which :class:`Mask` is decided in one place, ``Viewer.mask`` in
``olievlek.accounts.access``; this module only applies it, on plain values, matrices and the
participants tables (pandas), without Django. The rule as users read it: docs/security.md.

- A group is small when 0 < size < threshold (an empty group reveals nobody).
- A :class:`Mask` has two thresholds: ``groups`` for counts of people per unit, role,
  process or network (who is in it, who responded, who turns to whom), ``answers`` for the
  background answers of a group (education, years in education, involvement, expertise).
  A coordinator under pseudonyms gets both; one whom a researcher allowed names gets only
  ``answers`` (names say who is who, not how a colleague answered); researchers get neither.
- Row tables (one row per unit, role, process... with a ``members`` column): a small row
  shows ``"<3"`` for every count and nothing for its percentage.
- Background tables (one column per group, rows of percentages, then ``missing`` and ``n``):
  a small group's ``n`` shows ``"<3"``, its other cells are empty; a group with fewer valid
  answers (``n`` minus ``missing``) than the threshold keeps ``n`` and ``missing`` but shows
  no percentages (they are of the valid answers).
- Practice against coordination and research (``practice_representation``): the rate of a
  small process shows ``"<3"``; the flag and p-value of that row are left empty.
- Representativeness: a comparison of background answers of fewer than ``answers`` people
  shows ``"<3"`` as every observed count; a row of a role or process held by fewer than
  ``groups`` people shows ``"<3"``; the test's figures of a masked comparison are empty.
- Matrices (ties between units, processes, layers): a cell whose row or column group is
  small shows ``"<3"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from .data import Study

COUNT_COLUMNS = ("members", "respondents", "invited", "started", "complete")
PERCENT_COLUMNS = ("percent", "rate")


def label(threshold: int) -> str:
    """What a suppressed count shows."""
    return f"<{threshold}"


def small(size: object, threshold: int | None) -> bool:
    return bool(threshold) and isinstance(size, (int, float)) and 0 < size < (threshold or 0)


def count(value: object, size: object, threshold: int | None) -> object:
    """``value`` (a count about a group of ``size`` people), or the label when the group is small."""
    return label(threshold) if threshold and small(size, threshold) else value


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
    # Percentages are of the valid answers: one or two answers in a larger group are still
    # one or two people's answers (its n and missing stay).
    missing_rows = df.index[df["category"] == "missing"]
    missing = df.loc[missing_rows[0]] if len(missing_rows) == 1 else None
    few = [c for c in df.columns if c != "category" and c not in groups and missing is not None
           and isinstance(n[c], (int, float)) and isinstance(missing[c], (int, float))
           and small(n[c] - missing[c], threshold)]
    if not groups and not few:
        return df, False
    out = df.copy()
    for column in groups:
        out[column] = None
        out.loc[n_rows[0], column] = label(threshold)
    answers = out.index[~out["category"].isin(("missing", "n"))]
    for column in few:
        out[column] = out[column].astype(object)
        out.loc[answers, column] = None
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


ANSWER_VARIABLES = ("education_level", "years_in_education", "involvement", "person_sector")
GROUP_VARIABLES = ("process", "role")


def _practice(df: pd.DataFrame, sizes: dict[tuple[str, str], int], threshold: int) -> tuple[pd.DataFrame, bool]:
    """``practice_representation`` with the rates of small processes masked; ``sizes`` are the
    invited members per (network, process), network ``""`` for all networks together."""
    out, hit = df.copy(), False
    for i, net in zip(out.index, out["network"]):
        row_hit = False
        for process in ("coordinatie", "onderzoek", "praktijk"):
            if small(sizes.get((net or "", process), 0), threshold):
                out.at[i, process] = label(threshold)
                row_hit = True
        if row_hit:
            out.at[i, "flagged"] = None
            out.at[i, "p_value"] = None
            hit = True
    return (out, True) if hit else (df, False)


def _comparison(df: pd.DataFrame, groups: int | None, answers: int | None) -> tuple[pd.DataFrame, bool]:
    """A representativeness table (``observed`` per category of one ``variable``) masked."""
    if df.empty:
        return df, False
    variable = df["variable"].iloc[0]
    observed = [int(v) for v in df["observed"]]
    if variable in ANSWER_VARIABLES and answers and small(sum(observed), answers):
        rows = [True] * len(observed)
        threshold = answers
    elif variable in GROUP_VARIABLES and groups:
        rows = [small(v, groups) for v in observed]
        threshold = groups
    else:
        return df, False
    if not any(rows):
        return df, False
    out = df.copy()
    where = out.index[rows]
    out["observed"] = out["observed"].astype(object)
    out.loc[where, "observed"] = label(threshold)
    for column in ("observed_percent", "expected", "residual", "flag"):
        out[column] = out[column].astype(object)
        out.loc[where, column] = None
    out["test"], out["p_value"] = None, None  # the test would tell what the masked rows hold
    return out, True


def process_sizes(study: Study) -> dict[tuple[str, str], int]:
    """Invited members per (network, process), network ``""`` for the whole study: the sizes
    behind the rates of ``practice_representation``."""
    from .response import response_by_process

    out: dict[tuple[str, str], int] = {}
    for net in [*study.networks["network"], ""]:
        table = response_by_process(study, net or None)
        for process, members in zip(table["process"], table["members"]):
            out[(net, process)] = int(members or 0)
    return out


@dataclass(frozen=True)
class Mask:
    """What one viewer may see of small groups (``Viewer.mask`` decides): ``groups`` is the
    threshold for counts of people per unit, role, process or network, ``answers`` the one
    for background answers per group; None shows everything."""

    groups: int | None = None
    answers: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.groups or self.answers)

    def count(self, value: object, size: object) -> object:
        """A count about a group of ``size`` people, or ``"<3"``."""
        return count(value, size, self.groups)

    def small(self, size: object) -> bool:
        return small(size, self.groups)

    def matrix(self, values: Sequence[Sequence[Any]], sizes: Sequence[int]) -> list[list[Any]]:
        """A square matrix between groups (``sizes[i]`` people in group ``i``): every cell of
        a small group's row or column as ``"<3"``."""
        hidden = [small(n, self.groups) for n in sizes]
        return [[label(self.groups or 0) if hidden[i] or hidden[j] else v for j, v in enumerate(row)]
                for i, row in enumerate(values)]

    def table(self, stem: str, df: pd.DataFrame, study: Study | None = None) -> tuple[pd.DataFrame, bool]:
        """One participants table (by its file stem, see ``tables.export.all_tables``)
        masked, and whether anything was."""
        if df.empty:
            return df, False
        if stem.startswith(("background_", "expertise_by_")):
            return suppress_table(df, self.answers)
        if stem.startswith("representativeness_"):
            return _comparison(df, self.groups, self.answers)
        if stem == "practice_representation":
            if not self.groups or study is None:
                return df, False
            return _practice(df, process_sizes(study), self.groups)
        if stem.startswith(("response_by_", "roles")):
            return suppress_table(df, self.groups)
        return df, False

    def tables(self, tables: dict[str, pd.DataFrame], study: Study | None = None
               ) -> tuple[dict[str, pd.DataFrame], set[str]]:
        """Every participants table masked; the stems of those in which something was."""
        out, masked = {}, set()
        for stem, df in tables.items():
            out[stem], hit = self.table(stem, df, study) if self.active else (df, False)
            if hit:
                masked.add(stem)
        return out, masked


def small_combinations(people: list[tuple[str, str]], threshold: int) -> list[tuple[str, str, int]]:
    """(unit, role, size) for each unit+role combination held by fewer than ``threshold``
    people: under pseudonyms these people can be recognised from their unit and role."""
    sizes: dict[tuple[str, str], int] = {}
    for unit, role in people:
        sizes[(unit, role)] = sizes.get((unit, role), 0) + 1
    return sorted((u, r, n) for (u, r), n in sizes.items() if small(n, threshold))
