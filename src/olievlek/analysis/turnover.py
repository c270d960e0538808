"""Turnover and vulnerable moments: who came and went, which roles stood empty, what it cost.

Memberships are plain rows ``(person, unit, role, start, end)`` (dates as ``datetime.date``,
ISO text or empty). Whether a membership is active on a day is the study's one rule,
:func:`olievlek.package_files.membership_active`; nothing here restates it.

- :func:`turnover_events`: every membership that starts is a ``joined``, every one that ends a
  ``left`` (a departure), dated, within a period;
- :func:`vacancies`: each time a key role of a unit stood empty, and how long until it was
  filled again;
- :func:`units_without_role`: units that had a key role holder and have none on a day;
- :func:`departure_cost`: the analysis library's vulnerability measure
  (:func:`olievlek.analysis.departures`) for the people who actually left, and the units their
  departures cut off from the rest of the network;
- :func:`rhythm`: planned meetings per year against activities held, per unit.

Examples
--------
>>> rows = [("ann", "u", "projectleider", "2024-01-01", "2024-03-31"),
...         ("bob", "u", "projectleider", "2024-05-01", "")]
>>> vacancies(rows).values.tolist()
[['u', 'projectleider', datetime.date(2024, 4, 1), datetime.date(2024, 5, 1), 30]]
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from olievlek.package_files import as_date, membership_active

from .vulnerability import departures

if TYPE_CHECKING:
    from .graph import WaveNetwork

__all__ = [
    "KEY_ROLES",
    "RHYTHM_COLUMNS",
    "TURNOVER_COLUMNS",
    "VACANCY_COLUMNS",
    "departure_cost",
    "is_key_role",
    "left_network",
    "rhythm",
    "school_year",
    "turnover_events",
    "units_cut_off",
    "units_without_role",
    "vacancies",
]

# The formal roles whose vacancy makes a vulnerable moment: the study's bruggenbouwer,
# schoolleider and projectleider first, then the other formal leader roles of the format.
KEY_ROLES = (
    "bruggenbouwer", "schoolleider", "projectleider", "programmamanager", "coordinator",
    "coördinator", "procesbegeleider", "bestuurder", "voorzitter",
)
TURNOVER_COLUMNS = ("date", "person", "unit", "role", "event")
VACANCY_COLUMNS = ("unit", "role", "vacated", "filled", "days")
RHYTHM_COLUMNS = ("unit", "year", "planned", "held")

Row = tuple[Any, Any, Any, Any, Any]


def is_key_role(role: str, roles: Iterable[str] = KEY_ROLES) -> bool:
    """Whether ``role`` (free text, compared trimmed and in lower case) is a key role."""
    return (role or "").strip().lower() in {r.lower() for r in roles}


def turnover_events(memberships: Iterable[Row], since: dt.date | None = None,
                    until: dt.date | None = None) -> pd.DataFrame:
    """``joined`` for every membership that starts and ``left`` for every one that ends
    within ``since..until`` (both inclusive, open when None), sorted by date.

    ``date`` is the first day of a ``joined`` membership and the last day of a ``left`` one.
    Columns :data:`TURNOVER_COLUMNS`.
    """
    out = []
    for person, unit, role, start, end in memberships:
        for day, event in ((as_date(start), "joined"), (as_date(end), "left")):
            if day is None or (since and day < since) or (until and day > until):
                continue
            out.append((day, person, unit, role or "", event))
    out.sort(key=lambda r: (r[0], r[4] != "left", r[1], r[2], r[3]))
    return pd.DataFrame(out, columns=list(TURNOVER_COLUMNS))


def turnover_counts(events: pd.DataFrame) -> pd.DataFrame:
    """How many people joined and left each unit in each role: columns ``unit, role, joined,
    left`` (people, not memberships: one person counted once per unit, role and event), sorted
    by unit and role; from :func:`turnover_events`."""
    rows: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: {"joined": set(), "left": set()})
    for r in events.itertuples(index=False):
        rows[(r.unit, r.role)][r.event].add(r.person)
    return pd.DataFrame([(u, role, len(c["joined"]), len(c["left"])) for (u, role), c in sorted(rows.items())],
                        columns=["unit", "role", "joined", "left"])


def vacancies(memberships: Iterable[Row], roles: Iterable[str] = KEY_ROLES,
              today: dt.date | None = None) -> pd.DataFrame:
    """Each time a key role of a unit stood empty: columns :data:`VACANCY_COLUMNS`.

    A role is vacated on the day after a membership holding it ends, when no other membership
    of the same unit and role is active that day; it is filled on the first start of such a
    membership after that (``filled`` and ``days`` empty while it is still open). ``days`` is
    ``filled - vacated``. Ends after ``today`` (default: never) are not vacancies yet.
    Sorted by unit, role, vacated.
    """
    held: dict[tuple[str, str], list[tuple[dt.date | None, dt.date | None]]] = defaultdict(list)
    for _person, unit, role, start, end in memberships:
        if is_key_role(role, roles):
            held[(unit, role.strip().lower())].append((as_date(start), as_date(end)))
    out = []
    for (unit, role), spans in sorted(held.items()):
        for end in sorted({e for _s, e in spans if e is not None}):
            vacated = end + dt.timedelta(days=1)
            if today is not None and vacated > today:
                continue
            if any(membership_active(s, e, vacated) for s, e in spans):
                continue
            later = [s for s, _e in spans if s is not None and s > vacated]
            filled = min(later) if later else None
            if filled is not None and today is not None and filled > today:
                filled = None
            out.append((unit, role, vacated, filled, (filled - vacated).days if filled else None))
    df = pd.DataFrame(out, columns=list(VACANCY_COLUMNS))
    df["days"] = df["days"].astype("Int64")
    return df


def units_without_role(memberships: Iterable[Row], day: dt.date,
                       roles: Iterable[str] = KEY_ROLES) -> list[str]:
    """Units that had a key role holder on or before ``day`` and have none on ``day``, sorted."""
    had, has = set(), set()
    for _person, unit, role, start, end in memberships:
        if not is_key_role(role, roles):
            continue
        first = as_date(start)
        if first is None or first <= day:
            had.add(unit)
        if membership_active(start, end, day):
            has.add(unit)
    return sorted(had - has)


def left_network(memberships: Iterable[Row], day: dt.date, since: dt.date | None = None) -> list[str]:
    """People who had a membership and have none active on ``day`` (their last one ended on
    or after ``since`` when given): who left the network. Sorted."""
    ends: dict[str, list[dt.date | None]] = defaultdict(list)
    active: set[str] = set()
    for person, _unit, _role, start, end in memberships:
        ends[person].append(as_date(end))
        if membership_active(start, end, day):
            active.add(person)
    out = []
    for person, last in ends.items():
        if person in active or any(e is None for e in last):
            continue  # a membership with no end that has not started yet: still coming
        if since is None or max(e for e in last if e is not None) >= since:
            out.append(person)
    return sorted(out)


def departure_cost(net: WaveNetwork, left: Iterable[str]) -> pd.DataFrame:
    """The vulnerability measure (:func:`olievlek.analysis.departures`) of the people of
    ``net`` who actually left: one row each, the costliest first (reachability loss, then
    people cut off from coordination, then id)."""
    gone = set(left)
    df = departures(net)
    df = df[df["id"].isin(gone)]
    return df.sort_values(["reachability_loss", "cut_off_from_coordination", "id"],
                          ascending=[False, False, True], kind="mergesort").reset_index(drop=True)


def units_cut_off(net: WaveNetwork, left: Iterable[str]) -> list[str]:
    """Units (by primary unit) whose remaining members could reach someone of another unit
    in ``net`` (ties in either direction) and can reach nobody outside the unit once all of
    ``left`` are gone. Sorted."""
    gone = set(left)
    g = net.graph.as_undirected()
    before = g.connected_components().membership
    keep = [i for i, pid in enumerate(net.ids) if pid not in gone]
    sub = g.subgraph(keep)
    after = sub.connected_components().membership
    kept_ids = [net.ids[i] for i in keep]

    def outside(comp_of: list[int], ids: list[str]) -> dict[str, bool]:
        units_in: dict[int, set[str]] = defaultdict(set)
        for pid, comp in zip(ids, comp_of):
            units_in[comp].add(net.units.get(pid, "") or f"\0{pid}")
        reach: dict[str, bool] = defaultdict(bool)
        for pid, comp in zip(ids, comp_of):
            unit = net.units.get(pid)
            if unit:
                reach[unit] |= len(units_in[comp] - {unit}) > 0
        return reach

    was = outside(before, net.ids)
    now = outside(after, kept_ids)
    remaining = {net.units[p] for p in kept_ids if net.units.get(p)}
    return sorted(u for u in remaining if was.get(u) and not now.get(u))


def school_year(day: dt.date) -> str:
    """The Dutch school year of ``day`` (1 August to 31 July): ``"2024-2025"``."""
    first = day.year if day.month >= 8 else day.year - 1
    return f"{first}-{first + 1}"


def rhythm(planned: Mapping[str, int | None], held: Iterable[tuple[Any, Iterable[str]]],
           today: dt.date | None = None) -> pd.DataFrame:
    """Planned meetings per school year against activities held, per unit.

    ``planned`` maps unit -> times per year (None: no rhythm planned); ``held`` gives each
    activity's date and organising units. One row per unit and school year in which it held
    something, and, for units with a plan, one for every school year from the first activity
    (or ``today``) up to ``today``'s (default: the last activity's). Columns
    :data:`RHYTHM_COLUMNS`, ``planned`` empty for units without a plan.

    >>> rhythm({"u": 6}, [("2024-10-01", ["u"]), ("2025-09-01", ["v"])]).values.tolist()
    [['u', '2024-2025', 6, 1], ['u', '2025-2026', 6, 0], ['v', '2025-2026', <NA>, 1]]
    """
    counts: dict[tuple[str, str], int] = defaultdict(int)
    days = []
    for date, units in held:
        day = as_date(date)
        if day is None:
            continue
        days.append(day)
        for unit in units:
            counts[(unit, school_year(day))] += 1
    last = today or max(days, default=None)
    years: list[str] = []
    if last is not None:
        first = min([d for d in days if d <= last], default=last)
        start = first.year - (first.month < 8)
        years = [f"{y}-{y + 1}" for y in range(start, last.year - (last.month < 8) + 1)]
    keys = set(counts) | {(u, y) for u, n in planned.items() if n for y in years}
    rows = [(u, y, planned.get(u), counts.get((u, y), 0)) for u, y in sorted(keys)]
    df = pd.DataFrame(rows, columns=list(RHYTHM_COLUMNS))
    df["planned"] = df["planned"].astype("Int64")
    df["held"] = df["held"].astype("int64")
    return df
