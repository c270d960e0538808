"""Olievlekwerking: how far a network's boundary objects spread. Pure Python, no Django.

Start from a :class:`Portfolio` (:func:`portfolio_from_package`, or the database through
``olievlek.portfolio``), place every use in a ring with :func:`place_uses`, then measure:

- :func:`reach` (per ring over time), :func:`olievlek_index`, :func:`days_to_region`,
  :func:`depth`, :func:`adaptations`, :func:`sustained`: one measure each;
- :func:`object_table` and :func:`network_summary`: the files of ``olievlek spread``;
- :func:`exposure`: network exposure (Valente) through advice ties;
- :func:`rating_summary` and :func:`ratings_vs_reach`: the codebook ratings;
- :func:`analyze`: all of it at once; :mod:`olievlek.spread.maps` draws the oil stain.

Definitions: ``docs/spread.md``.

Examples
--------
>>> from olievlek.spread import Portfolio, analyze, table
>>> p = Portfolio(objects=table("objects", [{"id": "o", "status": "gerealiseerd"}]))
>>> analyze(p).network["realised"]
1
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .data import (
    APPLIED_DEPTH,
    CHANNELS,
    COLUMNS,
    DEPTH,
    KINDS,
    LEVELS,
    RATING_DIMENSIONS,
    RINGS,
    STATUSES,
    USE_KINDS,
    Municipality,
    Portfolio,
    municipalities,
    parse_date,
    portfolio_from_package,
    split_list,
    table,
    wave_date,
)
from .exposure import EXPOSURE_COLUMNS, exposure
from .measures import (
    NETWORK_KEYS,
    OBJECT_COLUMNS,
    PERIODS,
    REACH_COLUMNS,
    adaptations,
    days_to_region,
    depth,
    maker_organisations,
    network_summary,
    object_table,
    olievlek_index,
    period_label,
    reach,
    sustained,
    until,
)
from .ratings import DISAGREEMENT, rating_summary, ratings_vs_reach
from .rings import PLACED_COLUMNS, member_regions, place_uses

__all__ = [
    "APPLIED_DEPTH", "CHANNELS", "COLUMNS", "DEPTH", "DISAGREEMENT", "EXPOSURE_COLUMNS",
    "KINDS", "LEVELS", "NETWORK_KEYS", "OBJECT_COLUMNS", "PERIODS", "PLACED_COLUMNS",
    "RATING_DIMENSIONS", "REACH_COLUMNS", "RINGS", "STATUSES", "USE_KINDS",
    "Municipality", "Portfolio", "Spread",
    "adaptations", "analyze", "analyze_many", "days_to_region", "depth", "exposure", "maker_organisations",
    "member_regions", "municipalities", "network_summary", "object_table", "olievlek_index",
    "parse_date", "period_label", "place_uses", "portfolio_from_package", "rating_summary",
    "ratings_vs_reach", "reach", "split_list", "sustained", "table", "until", "wave_date",
]


@dataclass
class Spread:
    """Everything ``olievlek spread`` writes for one portfolio: ``uses`` (placed, up to the
    date), ``objects`` (:data:`OBJECT_COLUMNS`), ``reach`` (:data:`REACH_COLUMNS`),
    ``exposure`` (:data:`EXPOSURE_COLUMNS`), ``network`` (:data:`NETWORK_KEYS`), ``ratings``
    (:func:`rating_summary`) and ``ratings_vs_reach``."""

    uses: pd.DataFrame
    objects: pd.DataFrame
    reach: pd.DataFrame
    exposure: pd.DataFrame
    network: dict[str, Any]
    ratings: pd.DataFrame
    ratings_vs_reach: pd.DataFrame
    date: dt.date | None
    period: str


def analyze(portfolio: Portfolio, date: dt.date | None = None, period: str = "quarter") -> Spread:
    """All measures of one portfolio on ``date`` (default: every use), reach per ``period``."""
    period_label(dt.date(2000, 1, 1), period)  # an unknown period fails before any work
    placed = until(place_uses(portfolio), date)
    objects = object_table(portfolio.objects, placed, portfolio.people, date)
    ratings = rating_summary(portfolio.ratings)
    return Spread(
        uses=placed,
        objects=objects,
        reach=reach(placed, period=period, date=date),
        exposure=exposure(portfolio, placed),
        network=network_summary(portfolio.objects, placed, objects),
        ratings=ratings,
        ratings_vs_reach=ratings_vs_reach(ratings, objects),
        date=date,
        period=period,
    )


def analyze_many(portfolios: dict[str, Portfolio], date: dt.date | None = None,
                 period: str = "quarter") -> tuple[Spread, dict[str, dict[str, Any]]]:
    """Several networks at once: each is placed in its own rings, then objects, organisations
    and people are prefixed with the network's name (``slug/id``) so that they stay distinct.
    Returns the combined :class:`Spread` and each network's own :data:`NETWORK_KEYS` figures."""
    if len(portfolios) == 1:
        (name, only), = portfolios.items()
        result = analyze(only, date, period)
        return result, {name: result.network}
    parts, per_network = [], {}
    for name, portfolio in portfolios.items():
        one = analyze(portfolio, date, period)
        per_network[name] = one.network

        def prefix(df: pd.DataFrame, *cols: str, name: str = name) -> pd.DataFrame:
            df = df.copy()
            for col in cols:
                df[col] = [f"{name}/{v}" if v else v for v in df[col]]
            return df

        parts.append((
            prefix(portfolio.objects, "id"),
            prefix(one.uses, "object", "organisation", "person"),
            prefix(one.objects, "id"),
            prefix(one.exposure, "object", "person"),
            prefix(one.ratings, "object"),
        ))
    objects, uses, table_, exposure_, ratings = (
        pd.concat([p[i] for p in parts], ignore_index=True) for i in range(5))
    return Spread(
        uses=uses, objects=table_, reach=reach(uses, period=period, date=date),
        exposure=exposure_, network=network_summary(objects, uses, table_), ratings=ratings,
        ratings_vs_reach=ratings_vs_reach(ratings, table_), date=date, period=period,
    ), per_network
