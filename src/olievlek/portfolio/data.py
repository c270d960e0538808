"""A network's portfolio from the database, as the plain tables :mod:`olievlek.spread` reads.

The one bridge from rows to measures: pages, downloads and ``olievlek spread --network`` all
call :func:`portfolio_of` and then the pure library, so no page re-derives a ring.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from olievlek import derived
from olievlek.spread import Portfolio, Spread, analyze, analyze_many, table, wave_date

from .models import BoundaryObject, Rating, Use


def _iso(value) -> str:
    return value.isoformat() if value else ""


def portfolio_of(network, *, proposed: bool = False) -> Portfolio:
    """``network``'s portfolio with its confirmed uses (and proposed ones with ``proposed``),
    organisations, people, unit memberships, advice ties and wave dates, in a few queries."""
    from olievlek.networks.models import Membership
    from olievlek.surveys.models import Tie, Wave

    objects = []
    makers: dict[int, list[str]] = {}
    units: dict[int, list[str]] = {}
    based: dict[int, list[str]] = {}
    Through = BoundaryObject.makers.through
    for oid, key in Through.objects.filter(boundaryobject__network=network).values_list(
            "boundaryobject_id", "person__key"):
        makers.setdefault(oid, []).append(key)
    for oid, key in BoundaryObject.units.through.objects.filter(
            boundaryobject__network=network).values_list("boundaryobject_id", "unit__key"):
        units.setdefault(oid, []).append(key)
    for oid, key in BoundaryObject.based_on.through.objects.filter(
            from_boundaryobject__network=network).values_list("from_boundaryobject_id", "to_boundaryobject__key"):
        based.setdefault(oid, []).append(key)
    for o in network.boundary_objects.all().order_by("key"):
        objects.append({
            "id": o.key, "title": o.title, "kind": o.kind, "form": o.form, "status": o.status,
            "level": o.level, "date": _iso(o.date), "makers": ";".join(sorted(makers.get(o.pk, []))),
            "units": ";".join(sorted(units.get(o.pk, []))), "licence": o.licence, "url": o.url,
            "based_on": ";".join(sorted(based.get(o.pk, []))), "themes": o.themes,
            "description": o.description,
        })
    uses = Use.objects.filter(object__network=network)
    if not proposed:
        uses = uses.filter(proposed=False)
    use_rows = [
        {"object": k, "date": _iso(d), "organisation": org, "person": person or "",
         "municipality": m, "country": c, "use": u, "source": s, "channel": ch}
        for k, d, org, person, m, c, u, s, ch in uses.values_list(
            "object__key", "date", "organisation__key", "person__key", "municipality", "country",
            "use", "source", "channel").iterator(chunk_size=5000)
    ]
    ratings = [
        {"object": k, "rater": r, "date": _iso(d), "visibility": v, "accessibility": a,
         "usability": us, "transfer": t}
        for k, r, d, v, a, us, t in Rating.objects.filter(object__network=network).values_list(
            "object__key", "rater", "date", "visibility", "accessibility", "usability", "transfer")
    ]
    waves = {label: opens or wave_date(label)
             for label, opens in Wave.objects.filter(network=network).values_list("label", "opens")}
    return Portfolio(
        objects=table("objects", objects),
        ratings=table("ratings", ratings),
        uses=table("uses", use_rows),
        organisations=table("organisations", [
            {"id": k, "municipality": m, "member": member}
            for k, m, member in network.organisations.values_list("key", "municipality", "member")]),
        people=table("people", [
            {"id": k, "organisation": org or ""}
            for k, org in network.people.values_list("key", "organisation__key")]),
        memberships=table("memberships", [
            {"person": p, "unit": u, "start": _iso(s), "end": _iso(e)}
            for p, u, s, e in Membership.objects.filter(person__network=network).values_list(
                "person__key", "unit__key", "start", "end")]),
        ties=table("ties", [
            {"wave": w, "source": s, "target": t, "relation": "advice", "frequency": f}
            for w, s, t, f in Tie.objects.filter(wave__network=network, relation="advice").values_list(
                "wave__label", "source__key", "target__key", "frequency")]),
        waves={k: v for k, v in waves.items() if v is not None},
        name=network.name,
    )


def cached_portfolio(network) -> Portfolio:
    """:func:`portfolio_of` (confirmed uses), once per data version of ``network``, in this
    process's memory (``olievlek.derived``): 200,000 uses take seconds to read."""
    return derived.cached("portfolio", [network.pk], lambda: portfolio_of(network), shared=False)


def spread_of(network, date: dt.date | None = None, period: str = "quarter") -> Spread:
    """``spread.analyze`` of the network's portfolio on ``date`` per ``period``, once per data
    version of ``network``. Callers must not change the result (it is shared): copy first."""
    return derived.cached("spread", [network.pk], lambda: analyze(cached_portfolio(network), date, period),
                          extra=(date, period), shared=False)


def spread_of_all(networks, date: dt.date | None = None,
                  period: str = "quarter") -> tuple[Spread, dict[str, dict[str, Any]]]:
    """``spread.analyze_many`` over ``networks`` (keyed by slug), once per data version of all
    of them. Not to be changed, as :func:`spread_of`."""
    return derived.cached(
        "spread-all", [n.pk for n in networks],
        lambda: analyze_many({n.slug: cached_portfolio(n) for n in networks}, date, period),
        extra=(date, period, [n.slug for n in networks]), shared=False)
