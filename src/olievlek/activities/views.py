"""Activity, turnover and monitor pages of a network.

Who sees what is decided in ``olievlek.accounts.access``: researchers and a network's own
coordinator see and maintain its activities and monitor (``Viewer.edits_activities_of``);
everyone else gets 404. People appear as the viewer's mode allows (names or pseudonyms).
Every figure comes from :mod:`olievlek.activities.data`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pandas as pd
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from olievlek.accounts import audit
from olievlek.accounts.access import network_for
from olievlek.analysis.turnover import turnover_counts
from olievlek.spreadsheet import csv_bytes
from olievlek.tables import cells

from . import actions, data
from .forms import ActionForm, ActivityForm, FactorForm, RhythmForm, RoundForm, ScoresForm
from .models import PROCESS_CHOICES, Action, Activity, Factor, Round, Score


def _editor(request, slug):
    """The viewer and network when they may work on its activities; 404 otherwise."""
    v, network = network_for(request, slug)
    if not v.edits_activities_of(network):
        raise Http404
    return v, network


def _people(v, network):
    """Person key -> what this viewer may see (name or pseudonym)."""
    mode = v.mode(network)
    return {p.key: v.label(p, mode) for p in network.people.all()}


def _timeline(activities, unit_names: dict[str, str]) -> dict:
    """Rows of a per-unit timeline: each unit's activities placed on a shared date axis."""
    dates = [a.date for a in activities]
    if not dates:
        return {"rows": [], "width": 0}
    first, last = min(dates), max(dates)
    span = max((last - first).days, 1)
    width, left = 640, 180
    by_unit: dict[str, list] = defaultdict(list)
    for a in activities:
        for key in a.unit_keys or [""]:
            by_unit[key].append(a)
    rows = []
    for i, key in enumerate(sorted(by_unit, key=lambda k: (k == "", unit_names.get(k, k)))):
        rows.append({
            "y": 20 + i * 24, "name": unit_names.get(key, key) if key else _("no unit"),
            "dots": [{"x": left + round((a.date - first).days / span * width), "activity": a}
                     for a in by_unit[key]]})
    return {"rows": rows, "width": left + width + 20, "height": 30 + len(rows) * 24,
            "first": first, "last": last, "left": left, "right": left + width}


@login_required
def activity_list(request, slug):
    _v, network = _editor(request, slug)
    activities = list(network.activities.prefetch_related("units").order_by("date", "key"))
    counts = _attendance_counts(network)
    unit_names = dict(network.units.values_list("key", "name"))
    for a in activities:
        a.unit_keys = sorted(u.key for u in a.units.all())
        a.people, a.guests = counts.get(a.pk, (0, 0))
    months = defaultdict(list)
    for a in activities:
        months[a.date.strftime("%Y-%m")].append(a)
    rhythm = data.rhythm_table(network)
    rhythm_rows = [{"unit": unit_names.get(r.unit, r.unit), "key": r.unit, "year": r.year,
                    "planned": None if pd.isna(r.planned) else int(r.planned),
                    "held": int(r.held)}
                   for r in rhythm.astype(object).itertuples(index=False)]
    return render(request, "activities/list.html", {
        "network": network, "activities": activities, "months": sorted(months.items()),
        "rhythm_rows": rhythm_rows, "timeline": _timeline(activities, unit_names),
        "units": network.units.order_by("key").select_related("rhythm"),
    })


def _attendance_counts(network) -> dict[int, tuple[int, int]]:
    from django.db.models import Count, Q

    rows = (network.activities.annotate(
        people=Count("attendance", filter=Q(attendance__person__isnull=False)),
        guests=Count("attendance", filter=Q(attendance__person__isnull=True)))
        .values_list("pk", "people", "guests"))
    return {pk: (p, g) for pk, p, g in rows}


@login_required
def activity_edit(request, slug, activity=None):
    key = activity
    v, network = _editor(request, slug)
    activity = get_object_or_404(Activity, network=network, key=key) if key else Activity(network=network)
    mode = v.mode(network)
    form = ActivityForm(request.POST or None, instance=activity, network=network,
                        label=lambda p: v.label(p, mode))
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        actions.save_activity(saved, units=form.cleaned_data["units"], people=form.cleaned_data["people"],
                              guests=form.cleaned_data["guests"], actor=audit.actor_of(request.user))
        messages.success(request, _("Saved."))
        return redirect("activities:detail", slug=network.slug, activity=saved.key)
    return render(request, "activities/form.html", {"network": network, "form": form, "activity": activity})


@login_required
def activity_detail(request, slug, activity):
    key = activity
    v, network = _editor(request, slug)
    activity = get_object_or_404(Activity.objects.select_related("report"), network=network, key=key)
    mode = v.mode(network)
    rows = activity.attendance.select_related("person")
    people = sorted(v.label(a.person, mode) for a in rows if a.person_id)
    guests = defaultdict(int)
    for a in rows:
        if not a.person_id:
            guests[a.organisation] += 1
    processes = dict(PROCESS_CHOICES)
    return render(request, "activities/detail.html", {
        "network": network, "activity": activity, "people": people, "guests": sorted(guests.items()),
        "processes": [processes.get(p, p) for p in activity.process_list()],
        "units": activity.units.order_by("key"),
        "sees_report": v.sees_coding(network) and activity.report_id,
    })


@login_required
@require_POST
def activity_delete(request, slug, activity):
    key = activity
    _v, network = _editor(request, slug)
    activity = get_object_or_404(Activity, network=network, key=key)
    actions.delete_activity(activity, actor=audit.actor_of(request.user))
    messages.success(request, _("Activity deleted."))
    return redirect("activities:list", slug=network.slug)


@login_required
def rhythm_edit(request, slug, unit):
    _v, network = _editor(request, slug)
    unit_obj = get_object_or_404(network.units, key=unit)
    current = getattr(unit_obj, "rhythm", None) if hasattr(unit_obj, "rhythm") else None
    form = RhythmForm(request.POST or None, initial={
        "per_year": current.per_year if current else None, "note": current.note if current else ""})
    if request.method == "POST" and form.is_valid():
        actions.save_rhythm(unit_obj, form.cleaned_data["per_year"], form.cleaned_data["note"],
                            actor=audit.actor_of(request.user))
        messages.success(request, _("Saved."))
        return redirect("activities:list", slug=network.slug)
    return render(request, "activities/rhythm_form.html", {"network": network, "unit": unit_obj,
                                                           "form": form})


@login_required
def attendance_network(request, slug):
    v, network = _editor(request, slug)
    people = _people(v, network)
    co = data.coattendance_table(network)
    brokers = data.brokers_table(network)
    unit_names = dict(network.units.values_list("key", "name"))
    advice = _advice_pairs(network)
    pairs = [{"source": people.get(r.source, r.source), "target": people.get(r.target, r.target),
              "activities": int(r.activities), "advice": (r.source, r.target) in advice}
             for r in co.itertuples(index=False)]
    pairs.sort(key=lambda p: (-p["activities"], p["source"], p["target"]))
    both = sum(1 for p in pairs if p["advice"])
    return render(request, "activities/network.html", {
        "network": network, "pairs": pairs[:200], "pair_count": len(pairs),
        "advice_count": len(advice), "both": both,
        "brokers": [{"person": people.get(r.id, r.id), "unit": unit_names.get(r.unit, r.unit),
                     "activities": int(r.activities), "met": int(r.met), "units_met": int(r.units_met),
                     "betweenness": float(r.betweenness)}
                    for r in brokers.head(25).itertuples(index=False)],
    })


def _advice_pairs(network) -> set[tuple[str, str]]:
    """Unordered pairs (``a < b``) tied by advice in the last wave with results."""
    from olievlek.surveys.models import Tie, Wave

    ready = [w for w in Wave.objects.filter(network=network).with_progress() if w.ready]
    if not ready:
        return set()
    ties = Tie.objects.filter(wave=ready[-1], relation="advice").values_list("source__key", "target__key")
    return {(min(s, t), max(s, t)) for s, t in ties}


@login_required
def download(request, slug, name):
    """``coattendance.csv``, ``rhythm.csv``, ``turnover.csv`` and ``vacancies.csv`` of the
    network, as ``olievlek activities`` writes them (people as the viewer may see them)."""
    v, network = _editor(request, slug)
    mode = v.mode(network)
    refer = {p.key: v.reference(p, mode) for p in network.people.all()}
    if name == "turnover" and v.mask(network).groups:
        # One row per departure or arrival, with unit and role, is a count of one: under the
        # small-cell mask only the counts (``turnover-counts``).
        raise Http404
    if name == "turnover-counts":
        today = dt.date.today()
        counts = turnover_counts(data.vulnerable(network, today, until=today).events)
        table = (("unit", "role", "joined", "left"), _masked_counts(counts, v.mask(network)))
        return _csv(network, {name: table}, name)
    return _csv(network, files(network, refer), name)


def _masked_counts(counts, mask) -> list[list]:
    """Rows ``unit, role, joined, left`` with every count of fewer people than the viewer's
    small-cell threshold (``Viewer.mask``: coordinators without names) shown as "<3", as in
    the participants tables."""
    return [[r.unit, r.role, cells.count(int(r.joined), int(r.joined), mask.groups),
             cells.count(int(r.left), int(r.left), mask.groups)] for r in counts.itertuples(index=False)]


def files(network, refer=None, today: dt.date | None = None) -> dict[str, tuple[tuple[str, ...], list]]:
    """The four files of ``olievlek activities`` for a network in the database: name ->
    (columns, rows). ``refer`` maps person keys to what may be shown (default: the key)."""
    from .commands import tables

    today = today or dt.date.today()
    vul = data.vulnerable(network, today, until=today)
    return tables(data.rhythm_table(network, today), data.coattendance_table(network), vul.events,
                  vul.vacancies, refer)


@login_required
def turnover(request, slug):
    v, network = _editor(request, slug)
    people = _people(v, network)
    unit_names = dict(network.units.values_list("key", "name"))
    since, until = _day(request.GET.get("since")), _day(request.GET.get("until"))
    vul = data.vulnerable(network, since=since, until=until)
    events = [{"date": r.date, "person": people.get(r.person, r.person), "unit": unit_names.get(r.unit, r.unit),
               "role": r.role, "event": r.event} for r in vul.events.itertuples(index=False)]
    vacancy_rows = [{"unit": unit_names.get(r.unit, r.unit), "role": r.role, "vacated": r.vacated,
                     "filled": r.filled, "days": None if pd.isna(r.days) else int(r.days)}
                    for r in vul.vacancies.astype(object).itertuples(index=False)]
    cost = [] if vul.cost is None else [
        {"person": people.get(r.id, r.id), "components_after": int(r.components_after),
         "cut_off": int(r.cut_off_from_coordination), "loss": int(r.reachability_loss),
         "share": float(r.reachability_loss_share)} for r in vul.cost.itertuples(index=False)]
    mask = v.mask(network)
    counts = [{"unit": unit_names.get(u, u), "role": role, "joined": joined, "left": left}
              for u, role, joined, left in _masked_counts(turnover_counts(vul.events), mask)]
    joined = sum(1 for e in events if e["event"] == "joined")
    departed = sum(1 for e in events if e["event"] == "left")
    return render(request, "activities/turnover.html", {
        "network": network, "events": events[::-1], "vacancies": vacancy_rows, "counts": counts,
        # Under the small-cell mask (a coordinator without names) no list of who joined and
        # left which unit in which role: each row would be a count of one beside the "<3".
        "list_events": not mask.groups, "threshold": mask.groups,
        "without_role": [unit_names.get(u, u) for u in vul.without_role],
        "wave": vul.wave, "left": len(vul.left), "cost": cost,
        "cut_off_units": [unit_names.get(u, u) for u in vul.cut_off_units],
        "joined": cells.count(joined, joined, mask.groups),
        "departed": cells.count(departed, departed, mask.groups),
        "since": since, "until": until,
    })


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text or "")
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# The sustainability monitor


@login_required
def monitor(request, slug):
    v, network = network_for(request, slug)
    if not v.edits_activities_of(network):
        return _member_monitor(request, v, network)
    factors = actions.ensure_instrument(network) if request.method == "POST" else list(network.factors.all())
    rounds = list(network.monitor_rounds.all())
    form = RoundForm(request.POST or None, initial={"date": dt.date.today()})
    if request.method == "POST" and form.is_valid():
        label = form.cleaned_data["label"].strip()
        if network.monitor_rounds.filter(label=label).exists():
            form.add_error("label", _("This round exists already."))
        else:
            Round.objects.create(network=network, label=label, date=form.cleaned_data["date"])
            audit.log(audit.actor_of(request.user), "monitor round", network_slug=network.slug,
                      object_type="round", object_key=label)
            return redirect("activities:monitor", slug=network.slug)
    label = request.GET.get("round") or (rounds[-1].label if rounds else "")
    current = next((r for r in rounds if r.label == label), None)
    dashboard = data.dashboard(network, current, rounds, factors) if current else None
    if dashboard:
        mode = v.mode(network)
        for a in dashboard["open_actions"]:
            a.owner_shown = a.owner_label(lambda p: v.label(p, mode))
    return render(request, "activities/monitor.html", {
        "network": network, "rounds": rounds, "current": current, "dashboard": dashboard,
        "form": form, "factors": factors, "indicators": _masked_indicators(data.indicators(network), v.mask(network)),
    })


def _member_monitor(request, v, network):
    """The monitor as a unit member sees it: the rounds, each with a link to score the units
    they are an active member of (``Viewer.units_to_score``); 404 for anyone without one."""
    units = list(network.units.filter(pk__in=v.units_to_score(network)).order_by("name"))
    if not units:
        raise Http404
    return render(request, "activities/monitor_member.html", {
        "network": network, "units": units, "rounds": list(network.monitor_rounds.all())[::-1]})


def _masked_indicators(figures: dict, mask) -> dict:
    """The monitor's network indicators with the people counts (members, left, joined) of
    fewer than the viewer's small-cell threshold shown as "<3" (``Viewer.mask``)."""
    return {k: cells.count(val, val, mask.groups) if k in ("members", "left", "joined") else val
            for k, val in figures.items()}


@login_required
def scores_edit(request, slug, round, unit):
    """Score a unit's round: the facilitators of the monitor (researchers, the network's
    coordinator) and the unit's own active members (``Viewer.scores_monitor_of``)."""
    label = round
    v, network = network_for(request, slug)
    unit_obj = get_object_or_404(network.units, key=unit)
    if not v.scores_monitor_of(network, unit_obj):
        raise Http404
    rnd = get_object_or_404(Round, network=network, label=label)
    factors = actions.ensure_instrument(network)
    existing = {s.factor.key: (s.score, s.explanation)
                for s in Score.objects.filter(round=rnd, unit=unit_obj).select_related("factor")}
    form = ScoresForm(request.POST or None, factors=factors, initial_scores=existing)
    if request.method == "POST" and form.is_valid():
        actions.save_scores(rnd, unit_obj, form.scores(), date=dt.date.today(),
                            actor=audit.actor_of(request.user))
        messages.success(request, _("Saved."))
        return redirect(f"{network.get_absolute_url()}monitor/?round={rnd.label}")
    rows = [(f, form[f"score_{f.key}"], form[f"explanation_{f.key}"]) for f in factors]
    return render(request, "activities/scores_form.html", {
        "network": network, "round": rnd, "unit": unit_obj, "form": form, "rows": rows,
        "facilitator": v.edits_activities_of(network)})


@login_required
def instrument(request, slug, factor=None):
    key = factor
    """The network's monitor instrument: its factors in themes (olievlek's default until
    changed); add a factor or change one."""
    _v, network = _editor(request, slug)
    actions.ensure_instrument(network)
    factor = get_object_or_404(Factor, network=network, key=key) if key else Factor(network=network)
    form = FactorForm(request.POST or None, instance=factor, network=network)
    if request.method == "POST" and form.is_valid():
        actions.save_factor(form.save(commit=False), actor=audit.actor_of(request.user))
        messages.success(request, _("Saved."))
        return redirect("activities:instrument", slug=network.slug)
    return render(request, "activities/instrument.html", {
        "network": network, "factors": network.factors.all(), "form": form, "factor": factor})


@login_required
def action_new(request, slug, pk):
    """An action for a (red) score: ``pk`` is the score's."""
    v, network = _editor(request, slug)
    score = get_object_or_404(Score.objects.select_related("round", "unit", "factor"),
                              pk=pk, round__network=network)
    return _action_form(request, v, network, score, Action(score=score))


@login_required
def action_edit(request, slug, pk):
    v, network = _editor(request, slug)
    action = get_object_or_404(Action.objects.select_related("score__round", "score__unit", "score__factor"),
                               pk=pk, score__round__network=network)
    return _action_form(request, v, network, action.score, action)


def _action_form(request, v, network, score_obj, action):
    mode = v.mode(network)
    form = ActionForm(request.POST or None, instance=action, network=network,
                      label=lambda p: v.label(p, mode))
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.score = score_obj
        actions.save_action(saved, actor=audit.actor_of(request.user))
        messages.success(request, _("Saved."))
        return redirect(f"{network.get_absolute_url()}monitor/?round={score_obj.round.label}")
    return render(request, "activities/action_form.html", {"network": network, "score": score_obj,
                                                           "form": form, "action": action})


@login_required
def sustainability_download(request, slug, name):
    v, network = _editor(request, slug)
    mode = v.mode(network)
    return _csv(network, sustainability_files(network, lambda p: v.reference(p, mode)), name)


def _csv(network, tables: dict, name: str) -> HttpResponse:
    """One of ``tables`` (name -> (columns, rows)) as a CSV download; 404 for another name."""
    if name not in tables:
        raise Http404
    columns, rows = tables[name]
    response = HttpResponse(csv_bytes(columns, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{network.slug}-{name}.csv"'
    return response


def sustainability_files(network, reference=None) -> dict[str, tuple[tuple[str, ...], list]]:
    """The files of ``olievlek sustainability``: rounds, scores and actions. An action's owner
    is a person of the network as ``reference(person)`` gives them (their package id by
    default; a download gives the viewer's pseudonym where names are not visible), or the
    free text for an owner outside the network."""
    reference = reference or (lambda p: p.key)
    rounds = [[r.label, r.date.isoformat()] for r in network.monitor_rounds.all()]
    scores = [[s.round.label, s.unit.key, s.factor.key, s.score, s.explanation, s.date.isoformat()]
              for s in Score.objects.filter(round__network=network).select_related("round", "unit", "factor")
              .order_by("round__date", "round__label", "unit__key", "factor__order", "factor__key")]
    acts = [[a.score.round.label, a.score.unit.key, a.score.factor.key, a.description, a.owner_label(reference),
             a.due.isoformat(), "1" if a.done else "0"]
            for a in Action.objects.filter(score__round__network=network)
            .select_related("score__round", "score__unit", "score__factor", "person")
            .order_by("score__round__date", "score__unit__key", "score__factor__key", "due", "pk")]
    return {
        "rounds": (("round", "date"), rounds),
        "scores": (("round", "unit", "factor", "score", "explanation", "date"), scores),
        "actions": (("round", "unit", "factor", "action", "owner", "date", "done"), acts),
    }
