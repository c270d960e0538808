"""Quality ratings of boundary objects (codebook Bijlage 5) and how they relate to reach.

Each rating gives zichtbaarheid (``visibility``), toegankelijkheid (``accessibility``),
bruikbaarheid (``usability``) and transferwaarde (``transfer``) a score 1-5, by one rater.

Examples
--------
>>> import pandas as pd
>>> r = pd.DataFrame({"object": ["o", "o"], "rater": ["x", "y"], "visibility": ["2", "4"],
...                   "accessibility": ["3", "3"], "usability": ["5", "4"], "transfer": ["", "1"]})
>>> s = rating_summary(r)
>>> row = s.iloc[0]
>>> float(row.visibility_mean), bool(row.visibility_disagree), float(row.transfer_mean)
(3.0, True, 1.0)
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .data import RATING_DIMENSIONS

__all__ = ["DISAGREEMENT", "rating_summary", "ratings_vs_reach", "scores"]

# Raters disagree about an object when their scores on a dimension differ by this much or more.
DISAGREEMENT = 2


def scores(ratings: pd.DataFrame) -> pd.DataFrame:
    """The ratings with each dimension as a number (NaN where not given)."""
    out = ratings.copy()
    for dim in RATING_DIMENSIONS:
        out[dim] = pd.to_numeric(out[dim], errors="coerce")
    return out


def rating_summary(ratings: pd.DataFrame) -> pd.DataFrame:
    """Per object: ``raters``, and per dimension ``<dim>_mean``, ``<dim>_min``, ``<dim>_max``
    and ``<dim>_disagree`` (raters' scores differ by :data:`DISAGREEMENT` or more)."""
    columns = ["object", "raters"] + [f"{d}_{k}" for d in RATING_DIMENSIONS
                                      for k in ("mean", "min", "max", "disagree")]
    if ratings.empty:
        return pd.DataFrame(columns=columns)
    s = scores(ratings)
    rows = []
    for obj, mine in s.groupby("object", sort=True):
        row = {"object": obj, "raters": int(mine["rater"].nunique())}
        for dim in RATING_DIMENSIONS:
            values = mine[dim].dropna()
            row[f"{dim}_mean"] = float(values.mean()) if len(values) else None
            row[f"{dim}_min"] = float(values.min()) if len(values) else None
            row[f"{dim}_max"] = float(values.max()) if len(values) else None
            row[f"{dim}_disagree"] = bool(len(values) and values.max() - values.min() >= DISAGREEMENT)
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def ratings_vs_reach(summary: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Do accessible, transferable objects spread further?

    For each dimension the Spearman rank correlation, over the rated objects, of its mean
    score with the object's organisations reached and with its olievlek index; ``n`` is the
    number of objects with both values. Columns ``dimension, n, organisations, olievlek_index``.
    """
    merged = summary.merge(table, left_on="object", right_on="id", how="inner")
    rows = []
    for dim in RATING_DIMENSIONS:
        row: dict[str, Any] = {"dimension": dim}
        for target in ("organisations", "olievlek_index"):
            pair = merged[[f"{dim}_mean", target]].apply(pd.to_numeric, errors="coerce").dropna()
            row.setdefault("n", len(pair))
            ok = len(pair) >= 3 and pair.iloc[:, 0].nunique() > 1 and pair.iloc[:, 1].nunique() > 1
            row[target] = float(pair.corr(method="spearman").iloc[0, 1]) if ok else None
        rows.append(row)
    return pd.DataFrame(rows, columns=["dimension", "n", "organisations", "olievlek_index"])
