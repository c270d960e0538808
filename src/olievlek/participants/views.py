"""Participants pages: the tables of report section 5.3 per network and across networks.

Who sees what (decided in ``olievlek.accounts.access``, never in templates): researchers see
every network and the page across all networks; a coordinator sees their own network's page
with aggregates only (people in the consistency list appear as the wave's mode allows:
names, pseudonyms or only a count); participants and everyone else get 404.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from olievlek import derived
from olievlek.accounts import access, audit
from olievlek.accounts.access import AGGREGATE, network_for, viewer
from olievlek.networks.models import Network
from olievlek.pictures import chart_png
from olievlek.spreadsheet import safe_frame
from olievlek.tables import KINDS, charts, consistency_checks, practice_flag
from olievlek.tables.expertise import classify
from olievlek.tables.export import (
    CODE_COLUMNS,
    TITLES,
    charts_for,
    header,
    write_workbook,
)

from . import actions
from .models import (
    VARIABLE_CHOICES,
    CheckedFinding,
    ExpertiseSorting,
    ReferencePopulation,
)

EXTENSIONS = {"csv": "text/csv; charset=utf-8", "svg": "image/svg+xml", "png": "image/png"}
# What each kind of consistency finding means, for the list on the page.
FINDING_LABELS = {
    "counts": gettext_lazy("Counts compared between tables (response table against the n of the background tables)"),
    "partial-background": gettext_lazy("Partial response with background answers: in the background tables, not in the response rate"),
    "no-sector": gettext_lazy("Respondents of a network without a sector: in no sector column"),
    "item-nonresponse": gettext_lazy("Respondent without an answer to this background question"),
    "not-invited": gettext_lazy("Not invited to this wave (no response row): not counted as members"),
    "person-without-unit": gettext_lazy("Respondents without a unit: absent from the unit, process and role tables"),
    "unit-without-people": gettext_lazy("Unit with nobody in it or below it"),
    "role-contradicts-unit": gettext_lazy("Role that contradicts the process of its unit"),
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _lang() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def _wave(request, networks) -> tuple[str | None, list[str]]:
    waves = actions.waves_of(networks)
    wave = request.GET.get("wave")
    if wave not in waves:
        wave = waves[0] if waves else None
    return wave, waves


def _network_viewer(request, slug):
    v, network = network_for(request, slug)
    if not (v.is_researcher or v.is_coordinator):
        raise Http404
    return v, network


def _researcher(request):
    v = viewer(request.user)
    if not v.is_researcher:
        raise Http404
    return v


def _display(stem: str, df, lang: str) -> dict:
    """A table as the template shows it: title, header labels, rows of cells."""
    columns = list(df.columns)
    coded = [c in CODE_COLUMNS for c in columns]
    rows = []
    for record in df.itertuples(index=False):
        cells = []
        for i, value in enumerate(record):
            text = "" if value is None else (header(value, lang) if coded[i] and isinstance(value, str) else value)
            cells.append({"value": text, "num": isinstance(value, (int, float)) and not isinstance(value, bool)})
        rows.append(cells)
    return {"stem": stem, "title": TITLES.get(stem, (stem, stem))[0 if lang == "nl" else 1],
            "columns": [header(c, lang) for c in columns], "rows": rows}


def _wave_of(network, label):
    from olievlek.surveys.models import Wave

    return Wave.objects.filter(network=network, label=label).first()


def _findings(findings, networks, v, wave_label) -> list[dict]:
    """Consistency findings with people shown as this viewer may see them."""
    from olievlek.surveys.models import Wave

    by_slug = {n.slug: n for n in networks}
    waves = {w.network_id: w for w in Wave.objects.filter(network__in=networks, label=wave_label)}
    wanted: dict[str, set[str]] = {}
    for f in findings:
        wanted.setdefault(f.network, set()).update(f.people)
    people = {}
    for slug, keys in wanted.items():
        if slug in by_slug and keys:
            people.update({(slug, p.key): p for p in by_slug[slug].people.filter(key__in=keys)})
    checked = {}
    if v.is_researcher:
        marks = CheckedFinding.objects.filter(network_slug__in=[*by_slug, ""])
        checked = {(c.kind, c.network_slug, c.subject): c for c in marks}
    out = []
    for f in findings:
        labels: list[str] = []
        network = by_slug.get(f.network)
        if f.people and network is not None:
            mode = v.mode(network, waves.get(network.pk))
            if mode != AGGREGATE:
                labels = sorted(v.label(people[(f.network, k)], mode) for k in f.people)
        out.append({"finding": f, "labels": labels, "label": FINDING_LABELS.get(f.kind, f.kind),
                    "detail": f.detail if f.kind == "counts" else "",
                    "checked": checked.get((f.kind, f.network, f.subject))})
    return out


def _page(request, networks, *, v, scope: str, network=None):
    lang = _lang()
    wave, waves = _wave(request, networks)

    def compute() -> dict:
        study = actions.cached_study(networks, wave, v)
        findings = consistency_checks(study)
        seen = actions.tables_for(v, networks, wave, findings=findings)
        tables = seen.tables
        if scope == "network":
            groups = ["background_education_level", "background_involvement", "background_years_in_education",
                      *[f"background_{i}_by_{b}" for i in ("education_level", "involvement", "years_in_education")
                        for b in ("unit", "process", "role")]]
            response = ["response_by_network", "response_by_unit", "response_by_role", "response_by_process"]
        else:
            groups = ["background_education_level", "background_involvement", "background_years_in_education",
                      *[f"background_{i}_by_{b}" for i in ("education_level", "involvement", "years_in_education")
                        for b in ("network", "process", "role")]]
            response = ["response_by_network", "response_by_role", "response_by_process"]

        def shown(stem: str, df) -> dict:
            # Rendered here, once: the template engine takes most of a second for the
            # tables of twelve networks, far more than reading them from the cache.
            t = _display(stem, df, lang)
            t["html"] = render_to_string("participants/_table.html", {"t": t, "base": request.path, "wave": wave})
            return t

        return {
            "respondents": int(study.people["respondent"].sum()),
            "background": [shown(s, tables[s]) for s in groups],
            "response": [shown(s, tables[s]) for s in response],
            "practice": shown("practice_representation", tables["practice_representation"]),
            # The flag compares the processes' rates: not shown when one of them is masked.
            "practice_flag": None if seen.practice_masked else practice_flag(study, network.slug if network else None),
            "roles": shown("roles", tables["roles"]),
            "expertise": [shown(s, tables[s]) for s in ("expertise_by_network", "expertise_by_sector")],
            "comparisons": [shown(s, df) for s, df in tables.items() if s.startswith("representativeness_")],
            "findings": findings,
            "charts": seen.charts,
            "suppressed": bool(seen.masked),
        }

    # The tables of a study: once per data version (expertise corrections and reference
    # populations are part of it: olievlek.derived), viewer's rights, language and threshold.
    data = derived.cached("participants-page", [n.pk for n in networks], compute,
                          extra=(scope, request.path, wave, actions.rights_of(networks, wave, v), lang,
                                 access.small_cell_threshold()))
    context = {
        **data,
        "network": network,
        "scope": scope,
        "wave": wave,
        "waves": waves,
        "findings": _findings(data["findings"], networks, v, wave),
        "threshold": access.small_cell_threshold(),
        "base": request.path,
        "is_researcher": v.is_researcher,
        **({"reidentifiable": access.reidentifiable(network, _wave_of(network, wave))}
           if v.is_researcher and network is not None else {}),
    }
    return render(request, "participants/page.html", context)


@login_required
def network_page(request, slug):
    v, network = _network_viewer(request, slug)
    return _page(request, [network], v=v, scope="network", network=network)


@login_required
def all_page(request):
    v = _researcher(request)
    return _page(request, actions.study_networks(), v=v, scope="all")


def _download(request, networks, v, name: str, ext: str) -> HttpResponse:
    lang = _lang()
    wave, _waves = _wave(request, networks)
    if ext in ("svg", "png"):
        def chart() -> bytes:
            seen = actions.tables_for(v, networks, wave, charts_only=True)
            if name not in seen.charts:
                return b""  # not a chart this viewer may see
            fig = charts_for(seen.study, lang, only=name)[name]
            return charts.to_svg(fig).encode() if ext == "svg" else chart_png(fig)

        # The chart's bytes: once per data version, viewer's rights, language and threshold.
        body = derived.cached("participants-chart", [n.pk for n in networks], chart,
                              extra=(name, ext, wave, actions.rights_of(networks, wave, v), lang,
                                     access.small_cell_threshold()))
        if not body:
            raise Http404
        return HttpResponse(body, content_type=EXTENSIONS[ext])
    # Only researchers get the tables that list people (the expertise sorting, ids in checks).
    tables = actions.tables_for(v, networks, wave, people=v.is_researcher).tables
    suffix = f"-{wave}" if wave else ""
    if ext == "xlsx" and name == "tables":
        buf = io.BytesIO()
        write_workbook(tables, buf, lang=lang)
        response = HttpResponse(buf.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="tables{suffix}.xlsx"'
        return response
    if ext != "csv" or name not in tables:
        raise Http404
    body = safe_frame(tables[name]).to_csv(index=False, lineterminator="\n")
    response = HttpResponse(body, content_type=EXTENSIONS["csv"])
    response["Content-Disposition"] = f'attachment; filename="{name}{suffix}.csv"'
    return response


@login_required
def network_download(request, slug, name, ext):
    v, network = _network_viewer(request, slug)
    return _download(request, [network], v, name, ext)


@login_required
def all_download(request, name, ext):
    v = _researcher(request)
    return _download(request, actions.study_networks(), v, name, ext)


@login_required
def expertise(request, slug):
    """Researchers correct the keyword sorting of the open expertise answers, per person."""
    v = _researcher(request)
    _v, network = network_for(request, slug)
    if request.method == "POST":
        person = get_object_or_404(network.people, key=request.POST.get("person", ""))
        if "reset" in request.POST:
            actions.set_expertise_sorting(person, None, actor=audit.actor_of(request.user))
        else:
            kinds = [k for k in request.POST.getlist("kinds") if k in KINDS]
            actions.set_expertise_sorting(person, kinds, actor=audit.actor_of(request.user))
        messages.success(request, _("Sorting saved for %(person)s.") % {"person": person.name})
        return redirect(request.path + (f"?wave={request.GET['wave']}" if request.GET.get("wave") else ""))
    lang = _lang()
    wave, waves = _wave(request, [network])
    study = actions.study_for([network], wave)
    stored = {s.person.key: s for s in ExpertiseSorting.objects.filter(person__network=network).select_related("person")}
    people = {p.key: p for p in network.people.all()}
    rows = []
    resp = study.respondents
    for key, text in zip(resp["person"], resp["expertise"]):
        if not text.strip():
            continue
        s = stored.get(key)
        chosen = s.kind_list() if s else classify(text)
        rows.append({"person": people[key], "label": v.label(people[key], "names"), "text": text,
                     "source": "researcher" if s else "keywords",
                     "kinds": [{"code": k, "label": header(k, lang), "checked": k in chosen} for k in KINDS]})
    return render(request, "participants/expertise.html",
                  {"network": network, "rows": rows, "wave": wave, "waves": waves})


@login_required
def references(request):
    """Researchers enter or import reference populations (counts per category)."""
    _researcher(request)
    networks = list(Network.objects.order_by("slug"))
    error = None
    if request.method == "POST":
        data = request.POST
        text = data.get("counts", "")
        upload = request.FILES.get("file")
        if upload is not None:
            text = upload.read().decode("utf-8-sig", errors="replace")
        try:
            counts = actions.parse_counts(text)
            if data.get("variable") not in dict(VARIABLE_CHOICES):
                raise ValueError(_("choose a variable"))
            if not data.get("name", "").strip():
                raise ValueError(_("give the reference population a name"))
        except ValueError as exc:
            error = str(exc)
        else:
            network = Network.objects.filter(slug=data.get("network")).first() if data.get("network") else None
            actions.add_reference(name=data["name"], variable=data["variable"], counts=counts,
                                  source=data.get("source", ""), network=network,
                                  actor=audit.actor_of(request.user))
            messages.success(request, _("Reference population saved."))
            return redirect(request.path)
    return render(request, "participants/references.html", {
        "populations": ReferencePopulation.objects.select_related("network"),
        "networks": networks, "variables": VARIABLE_CHOICES, "error": error, "form": request.POST,
    }, status=400 if error else 200)


@login_required
@require_POST
def reference_delete(request, pk):
    """Asks first (a page saying what goes), then deletes on the confirmed post."""
    _researcher(request)
    population = get_object_or_404(ReferencePopulation, pk=pk)
    if request.POST.get("confirmed") != "1":
        where = population.network.name if population.network else _("every network")
        return render(request, "confirm.html", {
            "title": _("Delete the reference population %(name)s?") % {"name": population.name},
            "what": [_("The counts of %(name)s (%(variable)s, for %(where)s) are deleted for good; "
                       "comparisons with it disappear from the participants pages.")
                     % {"name": population.name, "variable": population.get_variable_display(),
                        "where": where}],
            "confirm_label": _("Delete"), "fields": [], "action_url": request.path,
            "cancel_url": reverse("participants:references"),
        })
    actions.delete_reference(population, actor=audit.actor_of(request.user))
    messages.success(request, _("Reference population deleted."))
    return redirect("participants:references")


@login_required
@require_POST
def check_finding(request):
    """A researcher marks a consistency finding as looked at (or unmarks it)."""
    _researcher(request)
    key = {"kind": request.POST.get("kind", "")[:40],
           "network_slug": request.POST.get("network", "")[:80],
           "subject": request.POST.get("subject", "")[:200]}
    if "undo" in request.POST:
        CheckedFinding.objects.filter(**key).delete()
    else:
        CheckedFinding.objects.update_or_create(
            **key, defaults={"note": request.POST.get("note", "")[:300],
                             "checked_by": audit.actor_of(request.user)})
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/") and not back.startswith("//") else "participants:all")
