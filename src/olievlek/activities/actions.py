"""Workflows on a network's activities and monitor, shared by the web, the package import and
the CLI. Each function that changes rows writes the audit log (``olievlek.accounts.audit``).

The package import and export of a whole network live in ``olievlek.networks.actions`` and
call :func:`import_activities` and :func:`export_activities` for the four activity files.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from olievlek.accounts import audit
from olievlek.package import PackageError, Problem
from olievlek.package_activities import as_bool, split_list

from .models import Action, Activity, Attendance, Factor, Rhythm, Round, Score

BATCH = 2000
FILES = ("activities", "attendance", "rhythms", "scores")


def ensure_instrument(network, lang: str = "nl") -> list[Factor]:
    """The network's monitor factors; a network without any gets olievlek's default
    instrument (:data:`olievlek.analysis.sustainability.DEFAULT_FACTORS`)."""
    factors = list(network.factors.all())
    if factors:
        return factors
    # (imported here: olievlek.analysis loads igraph, which an import of a package never needs)
    from olievlek.analysis.sustainability import DEFAULT_FACTORS, DEFAULT_THEMES

    themes = {key: (nl if lang == "nl" else en) for key, nl, en in DEFAULT_THEMES}
    Factor.objects.bulk_create([
        Factor(network=network, key=key, theme=themes[theme], text=nl if lang == "nl" else en,
               order=i)
        for i, (key, theme, nl, en) in enumerate(DEFAULT_FACTORS)])
    return list(network.factors.all())


def import_activities(pkg, network, people: dict[str, int], units: dict) -> dict[str, int]:
    """Load the activity files of a validated package (inside the caller's transaction).

    Activities are matched by id and updated or created, their units and attendance set as
    the package says; a unit's rhythm is replaced when the package gives one; scores replace
    the scores of the same round, unit and factor (rounds are made as needed, dated by their
    earliest score). A score naming a factor the network's instrument lacks is refused with
    file, row and column (raising rolls the whole import back)."""
    counts = {name: len(getattr(pkg, name)) for name in FILES}
    if not any(counts.values()):
        return counts
    existing = {a.key: a for a in network.activities.all()}
    changed = []
    for r in pkg.activities.to_dict("records"):
        act = existing.get(r["id"]) or Activity(network=network, key=r["id"])
        act.date = dt.date.fromisoformat(r["date"])
        act.kind, act.title = r["kind"], r["title"]
        act.processes = ";".join(split_list(r["processes"]))
        act.observed = bool(as_bool(r["observed"]))
        changed.append(act)
    Activity.objects.bulk_create([a for a in changed if a.pk is None], batch_size=BATCH)
    Activity.objects.bulk_update([a for a in changed if a.pk is not None],
                                 ["date", "kind", "title", "processes", "observed"], batch_size=BATCH)
    acts = {a.key: a for a in network.activities.all()}
    mine = [acts[k] for k in pkg.activities["id"]]
    Units = Activity.units.through
    Units.objects.filter(activity__in=mine).delete()
    Units.objects.bulk_create([
        Units(activity=acts[r["id"]], unit=units[u])
        for r in pkg.activities.to_dict("records") for u in split_list(r["units"])],
        batch_size=BATCH)
    Attendance.objects.filter(activity__in=mine).delete()
    Attendance.objects.bulk_create([
        Attendance(activity=acts[r.activity], person_id=people[r.person] if r.person else None,
                   organisation="" if r.person else r.organisation)
        for r in pkg.attendance.itertuples(index=False)], batch_size=BATCH)

    for r in pkg.rhythms.itertuples(index=False):
        Rhythm.objects.update_or_create(unit=units[r.unit],
                                        defaults={"per_year": int(r.per_year), "note": r.note})

    if len(pkg.scores):
        factors = {f.key: f for f in ensure_instrument(network)}
        rows = pkg.source_rows.get("scores")
        bad = [Problem("scores.csv", rows[pos] if rows else pos + 2, "factor",
                       f"'{key}' is not a factor of this network's instrument")
               for pos, key in enumerate(pkg.scores["factor"]) if key not in factors]
        if bad:
            raise PackageError(bad)
        firsts: dict[str, str] = {}
        for label, date in zip(pkg.scores["round"], pkg.scores["date"]):
            firsts[label] = min(firsts.get(label, date), date)
        rounds = {}
        for label, date in firsts.items():
            rounds[label], _ = Round.objects.get_or_create(
                network=network, label=label, defaults={"date": dt.date.fromisoformat(date)})
        for r in pkg.scores.itertuples(index=False):
            Score.objects.update_or_create(
                round=rounds[r.round], unit=units[r.unit], factor=factors[r.factor],
                defaults={"score": r.score, "explanation": r.explanation,
                          "date": dt.date.fromisoformat(r.date)})
    return counts


def export_activities(networks) -> dict[int, dict[str, list[dict[str, Any]]]]:
    """Per network id, the rows of the four activity files, sorted (a few queries in all)."""
    ids = [n.pk for n in networks]
    out: dict[int, dict[str, list[dict[str, Any]]]] = {pk: {f: [] for f in FILES} for pk in ids}
    unit_keys: dict[int, list[str]] = {}
    for aid, key in Activity.units.through.objects.filter(activity__network__in=ids).values_list(
            "activity_id", "unit__key"):
        unit_keys.setdefault(aid, []).append(key)
    for a in Activity.objects.filter(network__in=ids).order_by("date", "key"):
        out[a.network_id]["activities"].append({
            "id": a.key, "date": a.date.isoformat(), "units": ";".join(sorted(unit_keys.get(a.pk, []))),
            "kind": a.kind, "processes": a.processes, "title": a.title,
            "observed": "1" if a.observed else "0"})
    for net, act, person, org in (Attendance.objects.filter(activity__network__in=ids)
                                  .order_by("activity__date", "activity__key", "person__key", "organisation", "pk")
                                  .values_list("activity__network_id", "activity__key", "person__key",
                                               "organisation")):
        out[net]["attendance"].append({"activity": act, "person": person or "", "organisation": org})
    for net, unit, per_year, note in (Rhythm.objects.filter(unit__network__in=ids)
                                      .order_by("unit__key")
                                      .values_list("unit__network_id", "unit__key", "per_year", "note")):
        out[net]["rhythms"].append({"unit": unit, "per_year": str(per_year), "note": note})
    for net, rnd, unit, factor, score, explanation, date in (
            Score.objects.filter(round__network__in=ids)
            .order_by("round__date", "round__label", "unit__key", "factor__order", "factor__key")
            .values_list("round__network_id", "round__label", "unit__key", "factor__key", "score",
                         "explanation", "date")):
        out[net]["scores"].append({"round": rnd, "unit": unit, "factor": factor, "score": score,
                                   "explanation": explanation, "date": date.isoformat()})
    return out


# ---------------------------------------------------------------------------------------------
# One record at a time (web)


@transaction.atomic
def save_activity(activity: Activity, *, units=(), people=(), guests: list[str] | tuple = (),
                  actor: str) -> Activity:
    """Create or update an activity with its organising units and attendees (people of the
    network, and guests by organisation, one entry per guest); audited."""
    created = activity.pk is None
    activity.save()
    activity.units.set(units)
    activity.attendance.all().delete()
    Attendance.objects.bulk_create(
        [Attendance(activity=activity, person=p) for p in people]
        + [Attendance(activity=activity, organisation=g) for g in guests if g])
    audit.log(actor, "create" if created else "update", network_slug=activity.network.slug,
              object_type="activity", object_key=activity.key,
              detail=f"{activity.date} {activity.kind}; {len(people)} people, {len(guests)} guests")
    return activity


@transaction.atomic
def delete_activity(activity: Activity, *, actor: str) -> None:
    """Remove an activity and its attendance; audited."""
    audit.log(actor, "delete", network_slug=activity.network.slug, object_type="activity",
              object_key=activity.key, detail=str(activity.date))
    activity.delete()


@transaction.atomic
def save_rhythm(unit, per_year: int | None, note: str = "", *, actor: str) -> Rhythm | None:
    """Set (or, with ``per_year`` None, remove) a unit's planned meetings per year; audited."""
    if per_year is None:
        Rhythm.objects.filter(unit=unit).delete()
        rhythm = None
    else:
        rhythm, _ = Rhythm.objects.update_or_create(unit=unit, defaults={"per_year": per_year,
                                                                         "note": note})
    audit.log(actor, "rhythm", network_slug=unit.network.slug, object_type="unit",
              object_key=unit.key, detail=str(per_year or "-"))
    return rhythm


@transaction.atomic
def save_scores(round_: Round, unit, scores: dict[str, tuple[str, str]], *, date: dt.date,
                actor: str) -> int:
    """Record a unit's traffic lights in a round: factor key -> (score, explanation). Every
    score needs an explanation (the form refuses an empty one). Returns how many were saved."""
    if round_.pk is None:
        round_.save()
    factors = {f.key: f for f in round_.network.factors.all()}
    n = 0
    for key, (score, explanation) in scores.items():
        if not score:
            continue
        Score.objects.update_or_create(round=round_, unit=unit, factor=factors[key],
                                       defaults={"score": score, "explanation": explanation,
                                                 "date": date})
        n += 1
    audit.log(actor, "monitor", network_slug=round_.network.slug, object_type="unit",
              object_key=unit.key, detail=f"round {round_.label}: {n} scores")
    return n


@transaction.atomic
def save_factor(factor: Factor, *, actor: str) -> Factor:
    """Add or change a factor of the network's monitor instrument; audited."""
    created = factor.pk is None
    factor.save()
    audit.log(actor, "create" if created else "update", network_slug=factor.network.slug,
              object_type="monitor factor", object_key=factor.key, detail=factor.text[:100])
    return factor


@transaction.atomic
def save_action(action: Action, *, actor: str) -> Action:
    """Add or change the action for a red factor; audited."""
    action.save()
    score = action.score
    audit.log(actor, "monitor action", network_slug=score.round.network.slug, object_type="unit",
              object_key=score.unit.key,
              detail=f"round {score.round.label} {score.factor.key}: {action.due}")
    return action
