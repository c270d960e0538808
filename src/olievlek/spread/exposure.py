"""Network exposure (Valente): did a person's advisers use the object before they did?

For every person of the questionnaire network who used an object, their **alters** are the
colleagues they ask for advice in the latest wave on or before their first use (advice ties
of frequency 2, *zelden*, or more: the threshold of ``olievlek.analysis``); **exposure** is the
share of those alters whose first use of the same object came strictly earlier.

Examples
--------
>>> import datetime as dt
>>> from olievlek.spread.data import Portfolio, table
>>> p = Portfolio(people=table("people", [{"id": x} for x in "abc"]),
...     ties=table("ties", [{"wave": "2024", "source": "a", "target": t, "relation": "advice",
...                          "frequency": 4} for t in "bc"]),
...     waves={"2024": dt.date(2024, 1, 1)})
>>> import pandas as pd
>>> uses = pd.DataFrame({"object": ["o", "o"], "person": ["b", "a"], "use": ["toegepast"] * 2,
...                      "date": [dt.date(2024, 3, 1), dt.date(2024, 6, 1)]})
>>> exposure(p, uses)[["person", "alters", "alters_used_before", "exposure"]].values.tolist()
[['b', 0, 0, nan], ['a', 2, 1, 0.5]]
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .data import Portfolio
from .measures import until

__all__ = ["EXPOSURE_COLUMNS", "MIN_FREQUENCY", "exposure"]

EXPOSURE_COLUMNS = ("object", "person", "date", "alters", "alters_used_before", "exposure")
MIN_FREQUENCY = 2


def exposure(portfolio: Portfolio, uses: pd.DataFrame, date: dt.date | None = None) -> pd.DataFrame:
    """One row per object and person of the network who used it (:data:`EXPOSURE_COLUMNS`).

    ``date`` is the person's first use (``gestopt`` does not count as adopting);
    ``exposure`` is empty when they had no alters (no advice ties in the wave, or no wave
    before the use).
    """
    uses = until(uses, date)
    people = set(portfolio.people["id"])
    adopted = uses[(uses["person"].isin(people)) & (uses["use"] != "gestopt")]
    if adopted.empty:
        return pd.DataFrame(columns=list(EXPOSURE_COLUMNS))
    first = (adopted.groupby(["object", "person"], sort=False)["date"].min().reset_index()
             .sort_values(["date", "object", "person"], kind="mergesort"))
    first_use = {(o, p): d for o, p, d in zip(first["object"], first["person"], first["date"])}
    ties = portfolio.ties
    advice = ties[(ties["relation"] == "advice") & (ties["frequency"] >= MIN_FREQUENCY)]
    alters_of: dict[tuple[str, str], set[str]] = {}
    for wave, source, target in zip(advice["wave"], advice["source"], advice["target"]):
        alters_of.setdefault((wave, source), set()).add(target)
    waves = sorted((d, label) for label, d in portfolio.waves.items() if d is not None)
    rows = []
    for obj, person, used in zip(first["object"], first["person"], first["date"]):
        before = [label for d, label in waves if d <= used]
        alters = alters_of.get((before[-1], person), set()) if before else set()
        earlier = sum(1 for a in alters if first_use.get((obj, a), used) < used)
        rows.append((obj, person, used, len(alters), earlier,
                     earlier / len(alters) if alters else None))
    return pd.DataFrame(rows, columns=list(EXPOSURE_COLUMNS)).reset_index(drop=True)
