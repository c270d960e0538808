"""Background tables: the respondents' answers as whole percentages by group (Tabel 5.1-5.3).

A table has one row per answer code (in the package's order), then ``missing`` (how many
respondents of the group left the question open: a count, outside the percentage base) and
``n`` (respondents of the group). Percentages are of the valid answers, each cell rounded on
its own with :func:`olievlek.tables.data.percent`. A group without respondents has empty
cells and n 0.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from olievlek.package import EDUCATION_LEVELS, INVOLVEMENT, PROCESSES, SECTORS, YEARS_IN_EDUCATION

from .data import Study, percent

__all__ = ["GROUPINGS", "ITEMS", "GroupCounts", "background_counts", "background_table"]

# The three background questions and their answer codes, in the published row order.
ITEMS: dict[str, tuple[str, ...]] = {
    "education_level": EDUCATION_LEVELS,
    "involvement": INVOLVEMENT,
    "years_in_education": YEARS_IN_EDUCATION,
}
GROUPINGS = ("sector", "network", "unit", "process", "role")


@dataclass(frozen=True)
class GroupCounts:
    """Answer counts of one group: ``counts[code]``, ``missing`` and ``n`` respondents."""

    counts: dict[str, int]
    missing: int
    n: int

    @property
    def valid(self) -> int:
        return self.n - self.missing

    def percents(self) -> dict[str, int | None]:
        return {code: percent(k, self.valid) for code, k in self.counts.items()}


def groups_of(study: Study, by: str) -> tuple[list[str], pd.DataFrame]:
    cache = study.__dict__.setdefault("_groups", {})
    if by not in cache:
        cache[by] = _groups_of(study, by)
    return cache[by]


def _groups_of(study: Study, by: str) -> tuple[list[str], pd.DataFrame]:
    """The group keys (in display order) and a frame mapping respondents to groups.

    The frame has columns ``network, person, group``; someone in several units, processes or
    roles appears once in each of them.
    """
    resp = study.respondents[["network", "person", "sector"]]
    if by == "sector":
        frame = resp.rename(columns={"sector": "group"})
        frame = frame[frame["group"].isin(SECTORS)]
        return list(SECTORS), frame[["network", "person", "group"]]
    if by == "network":
        frame = resp.assign(group=resp["network"])[["network", "person", "group"]]
        return list(study.networks["network"]), frame
    ms = study.memberships.merge(resp[["network", "person"]], on=["network", "person"])
    if by == "unit":
        several = len(study.networks) > 1
        def key(net: str, unit: str) -> str:
            return f"{net}/{unit}" if several else unit
        ms = ms.assign(group=[key(n, u) for n, u in zip(ms["network"], ms["unit"])])
        order = [key(n, u) for n, u in zip(study.units["network"], study.units["unit"])]
    elif by == "process":
        ms = ms.assign(group=ms["process"])
        order = list(PROCESSES)
    elif by == "role":
        ms = ms[ms["role"] != ""].assign(group=lambda d: d["role"])
        order = sorted(set(ms["group"]))
    else:
        raise ValueError(f"unknown grouping '{by}' (one of {', '.join(GROUPINGS)})")
    ms = ms[ms["group"].isin(order)].drop_duplicates(["network", "person", "group"])
    return order, ms[["network", "person", "group"]]


def background_counts(study: Study, item: str, by: str = "sector") -> dict[str, GroupCounts]:
    """Counts of the answers to ``item`` for each group of ``by`` (see :data:`GROUPINGS`)."""
    codes = ITEMS[item]
    order, frame = groups_of(study, by)
    resp = study.respondents
    answers = dict(zip(zip(resp["network"], resp["person"]), resp[item]))
    tallies: dict[str, Counter[str]] = {g: Counter() for g in order}
    for net, person, group in frame.itertuples(index=False):
        value = answers[(net, person)]
        tallies[group][value if value in codes else "missing"] += 1
    return {
        group: GroupCounts(
            counts={code: tally.get(code, 0) for code in codes},
            missing=tally.get("missing", 0),
            n=sum(tally.values()),
        )
        for group, tally in tallies.items()
    }


def background_table(study: Study, item: str, by: str = "sector") -> pd.DataFrame:
    """Whole-number percentages of the valid answers, then rows ``missing`` and ``n``.

    The first column is ``category`` (the package codes, then ``missing`` and ``n``); then
    one column per group. Cells of a group without respondents are empty (None).
    """
    counts = background_counts(study, item, by)
    rows = []
    for code in ITEMS[item]:
        rows.append({"category": code, **{g: c.percents()[code] for g, c in counts.items()}})
    rows.append({"category": "missing", **{g: c.missing for g, c in counts.items()}})
    rows.append({"category": "n", **{g: c.n for g, c in counts.items()}})
    df = pd.DataFrame(rows, columns=["category", *counts.keys()], dtype=object)
    return df.where(df.notna(), None)
