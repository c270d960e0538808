"""Measures of spread, one per function, on the placed uses of :func:`~.rings.place_uses`.

Every function takes the placed uses (of one object, or of a whole network) and counts only
uses on or before ``date`` when one is given (the analysis date). Organisations and
municipalities are counted distinct. ``gestopt`` (stopped) is a use record: it counts for
reach but is never a depth.

Examples
--------
>>> import datetime as dt
>>> import pandas as pd
>>> uses = pd.DataFrame({"object": ["o"] * 3, "organisation": ["a", "b", "c"],
...     "municipality": ["GM0153", "GM0164", "GM0363"], "ring": [1, 2, 3],
...     "use": ["toegepast", "kennisgenomen", "ontvangen"], "depth": [4, 1, 2],
...     "date": [dt.date(2024, 1, 5), dt.date(2024, 2, 1), dt.date(2024, 4, 1)]})
>>> olievlek_index(uses)
0.3333333333333333
>>> depth(uses)
0.3333333333333333
>>> days_to_region(uses, dt.date(2024, 1, 1))
91
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from .data import APPLIED_DEPTH, parse_date, split_list

__all__ = [
    "NETWORK_KEYS",
    "OBJECT_COLUMNS",
    "PERIODS",
    "REACH_COLUMNS",
    "adaptations",
    "by_other_organisations",
    "days_to_region",
    "depth",
    "network_summary",
    "object_table",
    "olievlek_index",
    "period_label",
    "period_start",
    "reach",
    "sustained",
    "until",
]

PERIODS = ("month", "quarter", "year")
OBJECT_COLUMNS = ("id", "uses", "organisations", "municipalities", "ring_max", "olievlek_index",
                  "days_to_region", "depth", "adaptations", "sustained")
REACH_COLUMNS = ("period", "ring", "organisations", "municipalities",
                 "cumulative_organisations", "cumulative_municipalities")
NETWORK_KEYS = ("objects", "realised", "uses", "organisations_reached",
                "municipalities_reached", "olievlek_index", "median_days_to_region")
SUSTAIN_DAYS = 180


def until(uses: pd.DataFrame, date: dt.date | None) -> pd.DataFrame:
    """The uses on or before ``date`` (all of them when ``date`` is None)."""
    if date is None or uses.empty:
        return uses
    return uses[[d <= date for d in uses["date"]]]


def period_label(date: dt.date, period: str = "quarter") -> str:
    """The period a date falls in: ``2024-03`` (month), ``2024-Q1`` (quarter) or ``2024`` (year).

    >>> period_label(dt.date(2024, 5, 2)), period_label(dt.date(2024, 5, 2), "month")
    ('2024-Q2', '2024-05')
    """
    if period == "month":
        return f"{date.year}-{date.month:02d}"
    if period == "quarter":
        return f"{date.year}-Q{(date.month - 1) // 3 + 1}"
    if period == "year":
        return str(date.year)
    raise ValueError(f"unknown period '{period}' (allowed: {'|'.join(PERIODS)})")


def period_start(date: dt.date, period: str = "quarter") -> dt.date:
    """The first day of the period ``date`` falls in."""
    if period == "month":
        return dt.date(date.year, date.month, 1)
    if period == "quarter":
        return dt.date(date.year, (date.month - 1) // 3 * 3 + 1, 1)
    period_label(date, period)  # raises for an unknown period
    return dt.date(date.year, 1, 1)


def next_period(start: dt.date, period: str) -> dt.date:
    months = {"month": 1, "quarter": 3, "year": 12}[period]
    m = start.month - 1 + months
    return dt.date(start.year + m // 12, m % 12 + 1, 1)


def periods_between(first: dt.date, last: dt.date, period: str = "quarter") -> list[dt.date]:
    """The start of every period from the one holding ``first`` to the one holding ``last``."""
    out, start = [], period_start(first, period)
    while start <= last:
        out.append(start)
        start = next_period(start, period)
    return out


def reach(uses: pd.DataFrame, *, period: str = "quarter", date: dt.date | None = None,
          rings: Iterable[int] = range(6)) -> pd.DataFrame:
    """Reach per ring over time.

    One row per period (from the first use to ``date``, or to the last use) and ring:
    ``organisations`` and ``municipalities`` with a use in that ring during the period,
    ``cumulative_organisations`` and ``cumulative_municipalities`` with one up to the period's
    end. An organisation that used objects in two rings counts in both; a use without a
    municipality (abroad, unknown) counts only for organisations.

    >>> uses = pd.DataFrame({"organisation": ["a", "a", "b"], "municipality": ["GM0153"] * 3,
    ...     "ring": [2, 2, 2], "date": [dt.date(2024, 1, 5), dt.date(2024, 7, 1), dt.date(2024, 8, 1)]})
    >>> reach(uses, period="year", rings=[2])[["period", "organisations", "municipalities"]].values.tolist()
    [['2024', 2, 1]]
    """
    uses = until(uses, date)
    if uses.empty:
        return pd.DataFrame(columns=list(REACH_COLUMNS))
    last = date or max(uses["date"])
    starts = periods_between(min(uses["date"]), last, period)
    labels = uses["date"].map(lambda d: period_label(d, period))
    rows = []
    for ring in rings:
        mine = uses[uses["ring"] == ring]
        mine_labels = labels[mine.index]
        seen_orgs: set[str] = set()
        seen_places: set[str] = set()
        for start in starts:
            label = period_label(start, period)
            now = mine[mine_labels == label]
            orgs = set(now["organisation"]) - {""}
            places = set(now["municipality"]) - {""}
            seen_orgs |= orgs
            seen_places |= places
            rows.append((label, ring, len(orgs), len(places), len(seen_orgs), len(seen_places)))
    out = pd.DataFrame(rows, columns=list(REACH_COLUMNS))
    return out.sort_values(["period", "ring"], kind="mergesort").reset_index(drop=True)


def _ordinal(dates: pd.Series) -> pd.Series:
    return pd.Series([d.toordinal() for d in dates], index=dates.index, dtype="int64")


def _scalar(by_object: pd.Series, default: Any = None) -> Any:
    return by_object.iloc[0] if len(by_object) else default


def olievlek_index_by(uses: pd.DataFrame) -> pd.Series:
    """:func:`olievlek_index` of every object at once (NaN where undefined)."""
    known = uses[uses["organisation"] != ""]
    beyond = known[known["ring"] >= 1].groupby("object")["organisation"].nunique()
    far = known[known["ring"] >= 3].groupby("object")["organisation"].nunique()
    return (far.reindex(beyond.index, fill_value=0) / beyond).astype(float)


def olievlek_index(uses: pd.DataFrame, date: dt.date | None = None) -> float | None:
    """Distinct organisations with a use in rings 3-5 over those in rings 1-5; None without any
    use beyond the own team."""
    uses = until(uses, date)
    value = _scalar(olievlek_index_by(uses.assign(object="")))
    return None if value is None else float(value)


def days_to_region(uses: pd.DataFrame, made: dt.date | None,
                   date: dt.date | None = None) -> int | None:
    """Days from the object's date to its first use in ring 3 or further; None when either is
    missing."""
    uses = until(uses, date)
    far = uses.loc[uses["ring"] >= 3, "date"]
    if made is None or far.empty:
        return None
    return (min(far) - made).days


def depth_by(uses: pd.DataFrame) -> pd.Series:
    """:func:`depth` of every object at once."""
    known = uses[uses["organisation"] != ""]
    deepest = known.groupby(["object", "organisation"])["depth"].max()
    return (deepest >= APPLIED_DEPTH).groupby(level="object").mean().astype(float)


def depth(uses: pd.DataFrame, date: dt.date | None = None) -> float | None:
    """Share of the organisations reached whose deepest use is ``toegepast`` or deeper
    (``aangepast``, ``verankerd``); None when nobody was reached."""
    value = _scalar(depth_by(until(uses, date).assign(object="")))
    return None if value is None else float(value)


def adaptations(uses: pd.DataFrame, obj: str, objects: pd.DataFrame, maker_orgs: dict[str, set[str]],
                date: dt.date | None = None) -> int:
    """Uses ``aangepast`` of ``obj``, plus objects based on it made by other organisations.

    ``maker_orgs`` maps each object id to the organisations of its makers; a derived object
    counts when it has makers and none of their organisations made ``obj``. Derived objects
    dated after ``date`` do not count.
    """
    uses = until(uses, date)
    return int((uses["use"] == "aangepast").sum()) + _adopted_by_others(objects, maker_orgs, date).get(obj, 0)


def _adopted_by_others(objects: pd.DataFrame, maker_orgs: dict[str, set[str]],
                       date: dt.date | None) -> dict[str, int]:
    """Per object, the objects based on it whose makers are all of other organisations."""
    out: dict[str, int] = {}
    for child, based_on, made in zip(objects["id"], objects["based_on"], objects["date"]):
        if not based_on or (date is not None and made and made > date.isoformat()):
            continue
        for parent in split_list(based_on):
            if by_other_organisations(child, parent, maker_orgs):
                out[parent] = out.get(parent, 0) + 1
    return out


def by_other_organisations(child: str, parent: str, maker_orgs: dict[str, set[str]]) -> bool:
    """Whether ``child`` (based on ``parent``) is an adaptation by other organisations: it has
    makers with an organisation and none of those organisations made ``parent``. The one rule
    for **adaptations** and for the lineage tree's marks."""
    theirs = maker_orgs.get(child, set())
    return bool(theirs) and not theirs & maker_orgs.get(parent, set())


def sustained_by(uses: pd.DataFrame, days: int = SUSTAIN_DAYS) -> pd.Series:
    """:func:`sustained` of every object at once."""
    known = uses[uses["organisation"] != ""]
    if known.empty:
        return pd.Series(dtype="int64")
    day = _ordinal(known["date"])
    keys = [known["object"], known["organisation"]]
    first = day.where(known["depth"] >= APPLIED_DEPTH).groupby(keys).transform("min")
    stopped = known["use"] == "gestopt"
    # the first stop on or after the first applied use: later uses no longer count
    stop = day.where(stopped & (day >= first)).groupby(keys).transform("min")
    ok = ~stopped & first.notna() & (day - first >= days) & (stop.isna() | (day < stop))
    per_pair = ok.groupby(keys).any()
    return per_pair.groupby(level=0).sum().astype("int64")


def sustained(uses: pd.DataFrame, date: dt.date | None = None, days: int = SUSTAIN_DAYS) -> int:
    """Organisations that kept using: a use at least ``days`` after their first use of
    ``toegepast`` or deeper, with no ``gestopt`` between that first use and it."""
    return int(_scalar(sustained_by(until(uses, date).assign(object=""), days), 0))


def maker_organisations(objects: pd.DataFrame, people: pd.DataFrame) -> dict[str, set[str]]:
    """Each object's makers' organisations."""
    org_of = dict(zip(people["id"], people["organisation"]))
    return {obj: {org_of[p] for p in split_list(makers) if org_of.get(p)}
            for obj, makers in zip(objects["id"], objects["makers"])}


def object_table(objects: pd.DataFrame, uses: pd.DataFrame, people: pd.DataFrame,
                 date: dt.date | None = None) -> pd.DataFrame:
    """One row per object with the columns of ``objects.csv`` (:data:`OBJECT_COLUMNS`).

    ``ring_max`` is the furthest ring reached (empty without uses); ``depth`` and
    ``olievlek_index`` are shares (empty when undefined); ``sustained`` counts organisations.
    Every measure is computed for all objects at once (the ``*_by`` functions).
    """
    uses = until(uses, date)
    ids = objects["id"]
    grouped = uses.groupby("object")
    known = uses[uses["organisation"] != ""].groupby("object")["organisation"].nunique()
    places = uses[uses["municipality"] != ""].groupby("object")["municipality"].nunique()
    made = {o: parse_date(d) for o, d in zip(ids, objects["date"])}
    far = uses[uses["ring"] >= 3].groupby("object")["date"].min()
    adapted = uses[uses["use"] == "aangepast"].groupby("object").size()
    others = _adopted_by_others(objects, maker_organisations(objects, people), date)
    out = pd.DataFrame({
        "id": ids.values,
        "uses": grouped.size().reindex(ids, fill_value=0).values,
        "organisations": known.reindex(ids, fill_value=0).values,
        "municipalities": places.reindex(ids, fill_value=0).values,
        "ring_max": grouped["ring"].max().reindex(ids).astype("Int64").values,
        "olievlek_index": olievlek_index_by(uses).reindex(ids).values,
        "days_to_region": pd.array([(far[o] - made[o]).days if o in far.index and made[o] else None
                                    for o in ids], dtype="Int64"),
        "depth": depth_by(uses).reindex(ids).values,
        "adaptations": (adapted.reindex(ids, fill_value=0).values
                        + np.array([others.get(o, 0) for o in ids], dtype="int64")),
        "sustained": sustained_by(uses).reindex(ids, fill_value=0).values,
    }, columns=list(OBJECT_COLUMNS))
    out[["olievlek_index", "depth"]] = out[["olievlek_index", "depth"]].astype(object).where(
        out[["olievlek_index", "depth"]].notna(), None)
    return out


def network_summary(objects: pd.DataFrame, uses: pd.DataFrame, table: pd.DataFrame,
                    date: dt.date | None = None) -> dict[str, Any]:
    """The network's figures (:data:`NETWORK_KEYS`): objects, realised objects
    (``gerealiseerd``), uses, distinct organisations and municipalities reached, the olievlek
    index over all its uses, and the median of the objects' days to the region.

    ``table`` is the :func:`object_table` of the same objects.
    """
    uses = until(uses, date)
    days = [int(d) for d in table["days_to_region"] if pd.notna(d)]
    index = olievlek_index(uses)
    return {
        "objects": len(objects),
        "realised": int((objects["status"] == "gerealiseerd").sum()),
        "uses": len(uses),
        "organisations_reached": len(set(uses["organisation"]) - {""}) if len(uses) else 0,
        "municipalities_reached": len(set(uses["municipality"]) - {""}) if len(uses) else 0,
        "olievlek_index": None if index is None else round(index, 4),
        "median_days_to_region": statistics.median(days) if days else None,
    }
