"""A network's activities, memberships and monitor as the plain rows the pure rules take.

A few queries each; every figure is computed by :mod:`olievlek.analysis.twomode`,
:mod:`olievlek.analysis.turnover` or :mod:`olievlek.analysis.sustainability`. The pages, the
``olievlek activities`` and ``olievlek sustainability`` commands and the warnings on the
network page all call these functions, so a result is derived in one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from olievlek.analysis.turnover import (
    departure_cost,
    rhythm,
    turnover_events,
    units_cut_off,
    units_without_role,
    vacancies,
)
from olievlek.analysis.twomode import attendance_brokers, coattendance
from olievlek.networks.models import Membership, Network

from .models import Activity, Attendance, Rhythm


def membership_rows(network: Network) -> list[tuple[str, str, str, object, object]]:
    """Every membership of the network: ``(person key, unit key, role, start, end)``."""
    return list(Membership.objects.filter(person__network=network)
                .order_by("person__key", "unit__key", "start")
                .values_list("person__key", "unit__key", "role", "start", "end"))


def attendance_pairs(network: Network) -> list[tuple[str, str]]:
    """``(person key, activity key)`` for every person of the network who attended."""
    return list(Attendance.objects.filter(activity__network=network, person__isnull=False)
                .values_list("person__key", "activity__key"))


def primary_units(network: Network) -> dict[str, str]:
    """Person key -> primary unit key (``MembershipQuerySet.primary``)."""
    keys = dict(network.people.values_list("pk", "key"))
    primary = Membership.objects.filter(person__network=network).primary()
    return {keys[pk]: row[1] for pk, row in primary.items()}


def rhythm_table(network: Network, today: dt.date | None = None) -> pd.DataFrame:
    """Planned meetings per school year against activities held, per unit
    (:func:`olievlek.analysis.turnover.rhythm`, up to ``today``'s school year)."""
    planned = dict(Rhythm.objects.filter(unit__network=network).values_list("unit__key", "per_year"))
    units: dict[int, list[str]] = {}
    for aid, key in Activity.units.through.objects.filter(activity__network=network).values_list(
            "activity_id", "unit__key"):
        units.setdefault(aid, []).append(key)
    held = [(date, units.get(pk, [])) for pk, date in network.activities.values_list("pk", "date")]
    return rhythm(planned, held, today or dt.date.today())


@dataclass
class Vulnerable:
    """Turnover and vulnerable moments of a network, as of ``today``."""

    today: dt.date
    events: pd.DataFrame
    vacancies: pd.DataFrame
    without_role: list[str]
    wave: object = None  # the last wave with results, or None
    left: list[str] = field(default_factory=list)  # people of that wave who left since
    cost: pd.DataFrame | None = None  # departure_cost of those people
    cut_off_units: list[str] = field(default_factory=list)

    @property
    def open_vacancies(self) -> pd.DataFrame:
        return self.vacancies[self.vacancies["filled"].isna()]


def vulnerable(network: Network, today: dt.date | None = None, since: dt.date | None = None,
               until: dt.date | None = None) -> Vulnerable:
    """Departures and arrivals (``since..until``), vacancies of key roles, units without a
    role holder, and what the departures since the last wave with results cost in that
    wave's advice network (:func:`olievlek.analysis.turnover.departure_cost`)."""
    today = today or dt.date.today()
    rows = membership_rows(network)
    out = Vulnerable(today=today, events=turnover_events(rows, since, until),
                     vacancies=vacancies(rows, today=today),
                     without_role=units_without_role(rows, today))
    from olievlek.insight.data import load_wave
    from olievlek.surveys.models import Wave

    ready = [w for w in Wave.objects.filter(network=network).with_progress(today) if w.ready]
    if not ready:
        return out
    wave = ready[-1]
    data = load_wave(wave)
    members = set(network.members_on(today).values_list("pk", flat=True))
    left = [p.key for p in data.people if p.pk not in members]
    net = data.network_for("advice")
    out.wave, out.left = wave, left
    out.cost = departure_cost(net, left)
    out.cut_off_units = units_cut_off(net, left)
    return out


def warnings(network: Network, today: dt.date | None = None) -> dict[str, list]:
    """What the network page warns about: key roles vacant now (unit key, role, since),
    units left without a key role holder, and departures since the last wave that cut people
    off (person key, people cut off from coordination, pairs no longer connected) or left a
    unit without a path to the rest of the network."""
    v = vulnerable(network, today)
    vacant = [(r.unit, r.role, r.vacated) for r in v.open_vacancies.itertuples(index=False)]
    cuts = []
    if v.cost is not None:
        hurt = v.cost[(v.cost["reachability_loss"] > 0) | (v.cost["cut_off_from_coordination"] > 0)]
        cuts = [(r.id, int(r.cut_off_from_coordination), int(r.reachability_loss))
                for r in hurt.itertuples(index=False)]
    return {"vacant": vacant, "without_role": v.without_role, "cut_off": cuts,
            "cut_off_units": v.cut_off_units}


def coattendance_table(network: Network) -> pd.DataFrame:
    """The co-attendance projection of the network's people (``source, target, activities``)."""
    return coattendance(attendance_pairs(network))


def brokers_table(network: Network) -> pd.DataFrame:
    """Brokers by attendance (:func:`olievlek.analysis.twomode.attendance_brokers`)."""
    return attendance_brokers(attendance_pairs(network), primary_units(network))


def dashboard(network: Network, current, rounds: list, factors: list) -> dict:
    """The monitor's factor x unit traffic-light grid of round ``current`` with the change
    since the round before (:func:`olievlek.analysis.sustainability.grid`), and the actions:
    open ones, and red factors that have none yet."""
    from olievlek.analysis.sustainability import grid, previous_round

    from .models import Action, Score

    labels = [r.label for r in rounds]
    before = previous_round(labels, current.label)
    scores = list(Score.objects.filter(round__network=network, round__label__in=[current.label, before])
                  .select_related("round", "unit", "factor"))
    by_key = {(s.round.label, s.unit.key, s.factor.key): s for s in scores}
    cells = grid([(s.round.label, s.unit.key, s.factor.key, s.score) for s in scores],
                 current.label, before)
    unit_keys = sorted({c["unit"] for c in cells})
    unit_names = dict(network.units.filter(key__in=unit_keys).values_list("key", "name"))
    at = {(c["unit"], c["factor"]): {**c, "obj": by_key[(current.label, c["unit"], c["factor"])]}
          for c in cells}
    rows = [{"factor": f, "cells": [at.get((u, f.key)) for u in unit_keys]} for f in factors]
    actions = list(Action.objects.filter(score__round__network=network, done=False)
                   .select_related("score__unit", "score__factor", "score__round", "person").order_by("due"))
    with_action = {a.score_id for a in Action.objects.filter(score__round=current)}
    red = [c["obj"] for c in at.values() if c["score"] == "red" and c["obj"].pk not in with_action]
    return {"units": [(k, unit_names.get(k, k)) for k in unit_keys], "rows": rows,
            "before": before, "open_actions": actions, "red_without_action": red,
            "unscored": [f for f in factors if not any(c["factor"] == f.key for c in cells)]}


def indicators(network: Network, today: dt.date | None = None) -> dict:
    """The network figures that speak to sustainability, beside the monitor: turnover in the
    last year, the response rate and in-degree centralisation (concentration of advice on few
    people) of the last wave with results, and how many organisations its products reached.
    Computed once per data version of the network and day (``olievlek.derived``: memberships,
    waves, responses, ties and the portfolio all give the network a new version)."""
    from olievlek import derived

    today = today or dt.date.today()
    return dict(derived.cached("monitor-indicators", [network.pk],
                               lambda: _indicators(network, today), extra=(today,)))


def _indicators(network: Network, today: dt.date) -> dict:
    events = turnover_events(membership_rows(network), today - dt.timedelta(days=365), today)
    out: dict = {"left": int((events["event"] == "left").sum()),
                 "joined": int((events["event"] == "joined").sum()),
                 "members": network.members_on(today).distinct().count(),
                 "wave": None, "response_rate": None, "centralization": None, "organisations": None}
    from olievlek.surveys.models import Wave

    ready: list = [w for w in Wave.objects.filter(network=network).with_progress(today)
                   if getattr(w, "ready", False)]
    if ready:
        from olievlek.analysis.measures import in_degree_centralization
        from olievlek.insight.data import load_wave

        wave = ready[-1]
        out["wave"] = wave.label
        out["response_rate"] = wave.complete / wave.invited if wave.invited else None
        out["centralization"] = in_degree_centralization(load_wave(wave).network_for("advice").graph)
    if network.boundary_objects.exists():
        from olievlek.portfolio.data import spread_of

        # The olievlek page's own figure, computed once per data version of the network.
        out["organisations"] = spread_of(network).network["organisations_reached"]
    return out
