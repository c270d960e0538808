"""Case report pages. Every view: login, ``network_for`` (404 for networks the user may not
see), then ``Viewer.reads_reports_of`` / ``writes_reports`` / ``reviews_reports_of``
(404: a participant does not learn that reports exist), then one function of ``actions``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from olievlek.accounts.access import network_for
from olievlek.accounts.audit import actor_of

from . import actions, formats
from .document import build
from .models import DRAFT, MAX_TEXT, SECTIONS, CaseReport, ReportVersion


def _reader(request, slug):
    v, network = network_for(request, slug)
    if not v.reads_reports_of(network):
        raise Http404
    return v, network


def _report(request, slug, year):
    v, network = _reader(request, slug)
    if v.writes_reports:
        try:
            return v, actions.report_for(network, year)
        except actions.ReportError as exc:
            raise Http404 from exc
    return v, get_object_or_404(CaseReport, network=network, year=year)


def _version(v, report, number: int | None) -> ReportVersion | None:
    """The version asked for; a coordinator never sees a draft, so without a number they
    get the latest version sent (404 when none was sent yet)."""
    versions = report.versions.all()
    if number is not None:
        return get_object_or_404(versions, number=number)
    if v.writes_reports:
        return None
    latest = versions.order_by("-number").first()
    if latest is None:
        raise Http404
    return latest


def _number(request) -> int | None:
    raw = request.GET.get("version", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return int(raw)


@login_required
def report_list(request, slug):
    v, network = _reader(request, slug)
    from olievlek.surveys.models import Wave

    reports = {r.year: r for r in network.case_reports.all()}
    years = {int(label) for label in Wave.objects.filter(network=network)
             .values_list("label", flat=True) if label.isdigit() and len(label) == 4}
    if not v.writes_reports:  # a coordinator: only reports sent to them
        years = {y for y, r in reports.items() if r.status != DRAFT}
    else:
        years |= set(reports)
    rows = [(y, reports.get(y)) for y in sorted(years, reverse=True)]
    return render(request, "reports/list.html", {"network": network, "rows": rows,
                                                 "writes": v.writes_reports})


@login_required
def report_page(request, slug, year):
    v, report = _report(request, slug, year)
    version = _version(v, report, _number(request))
    # Researchers read versions as frozen; a coordinator always with their own privacy.
    doc = build(report, v, version, live=not v.writes_reports)
    editable = v.writes_reports and version is None
    return render(request, "reports/report.html", {
        "network": report.network, "report": report, "doc": doc, "version": version,
        "versions": report.versions.order_by("-number"), "editable": editable,
        "writes": v.writes_reports,
        "reviews": v.reviews_reports_of(report.network) and version is not None
        and version == report.latest and version.status == "sent",
        "max_text": MAX_TEXT, "sections": SECTIONS,
    })


@login_required
@require_POST
def autosave(request, slug, year):
    """The editor's autosave (reports/autosave.js): one section, answered with JSON."""
    v, report = _report(request, slug, year)
    if not v.writes_reports:
        raise Http404
    try:
        actions.save_draft(report, request.POST.get("section", ""),
                           request.POST.get("text", ""), actor=actor_of(request.user))
    except actions.ReportError as exc:
        return JsonResponse({"ok": False, "error": str(exc)}, status=400)
    report.refresh_from_db()
    return JsonResponse({"ok": True, "saved": report.updated_at.isoformat()})


@login_required
@require_POST
def save(request, slug, year):
    """The editor's form without JavaScript: every section at once."""
    v, report = _report(request, slug, year)
    if not v.writes_reports:
        raise Http404
    try:
        for key, _label in SECTIONS:
            if key in request.POST:
                actions.save_draft(report, key, request.POST[key], actor=actor_of(request.user))
    except actions.ReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect(report.get_absolute_url())


@login_required
@require_POST
def send(request, slug, year):
    v, report = _report(request, slug, year)
    if not v.writes_reports:
        raise Http404
    try:
        version = actions.send(report, actor=actor_of(request.user))
    except actions.ReportError as exc:
        messages.error(request, str(exc))
        return redirect(report.get_absolute_url())
    messages.success(request, _("Version %(n)s was sent to the coordinator.") % {"n": version.number})
    return redirect(f"{report.get_absolute_url()}?version={version.number}")


@login_required
@require_POST
def comment(request, slug, year, number):
    v, report = _report(request, slug, year)
    if not (v.reviews_reports_of(report.network) or v.writes_reports):
        raise Http404
    version = get_object_or_404(report.versions, number=number)
    try:
        actions.comment(version, request.POST.get("section", ""), request.POST.get("text", ""),
                        actor=actor_of(request.user))
    except actions.ReportError as exc:
        messages.error(request, str(exc))
    return redirect(f"{report.get_absolute_url()}?version={number}#section-{request.POST.get('section', '')}")


@login_required
@require_POST
def decide(request, slug, year, number):
    v, report = _report(request, slug, year)
    if not v.reviews_reports_of(report.network):
        raise Http404
    version = get_object_or_404(report.versions, number=number)
    approve = request.POST.get("decision") == "approve"
    try:
        actions.decide(version, approve=approve, actor=actor_of(request.user))
    except actions.ReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Approved: this version is now frozen.") if approve
                         else _("The researcher is asked for changes."))
    return redirect(f"{report.get_absolute_url()}?version={number}")


@login_required
def download(request, slug, year, fmt):
    if fmt not in ("html", "docx", "xlsx", "pdf"):
        raise Http404
    v, report = _report(request, slug, year)
    version = _version(v, report, _number(request))
    doc = build(report, v, version, live=not v.writes_reports)
    try:
        body = formats.write(doc, fmt)
    except RuntimeError as exc:
        messages.error(request, str(exc))
        return redirect(report.get_absolute_url())
    name = f"{report.network.slug}-{report.year}-{version.number if version else 'draft'}.{fmt}"
    response = HttpResponse(body, content_type=formats.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def generate(request, slug, year):
    """Start writing a report file in the background; the job's page follows it."""
    from .tasks import enqueue_report

    fmt = request.POST.get("format", "docx")
    if fmt not in ("html", "docx", "xlsx", "pdf"):
        raise Http404
    v, report = _report(request, slug, year)
    version = _version(v, report, _number(request))
    job = enqueue_report(report.network, report.year, fmt, user=request.user,
                         version=version.number if version else None)
    return redirect(job.get_absolute_url())


@login_required
def job_file(request, slug, year, job_id):
    """The file a report job wrote, for the user who started it (``access.job_for``)."""
    from olievlek.accounts.access import job_for

    from .tasks import job_path

    _reader(request, slug)
    job = job_for(request, job_id)
    fmt = (job.result or {}).get("format", "")
    path = job_path(str(job.pk), fmt) if fmt in formats.CONTENT_TYPES else None
    if job.kind != "report" or path is None or not path.exists():
        raise Http404
    response = HttpResponse(path.read_bytes(), content_type=formats.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{slug}-{year}.{fmt}"'
    return response


def _researcher(request):
    from olievlek.accounts.access import viewer

    v = viewer(request.user)
    if not v.writes_reports:
        raise Http404
    return v


@login_required
def crosscase_page(request, year):
    from django.utils.translation import get_language

    from . import crosscase

    _researcher(request)
    if request.method == "POST" and "section" in request.POST:  # the autosave
        try:
            actions.save_crosscase_text(year, request.POST["section"],
                                        request.POST.get("text", ""),
                                        actor=actor_of(request.user))
        except actions.ReportError as exc:
            return JsonResponse({"ok": False, "error": str(exc)}, status=400)
        return JsonResponse({"ok": True, "saved": timezone_now()})
    if request.method == "POST":
        try:
            for key, _title in crosscase.CHAPTERS:
                if key in request.POST:
                    actions.save_crosscase_text(year, key, request.POST[key],
                                                actor=actor_of(request.user))
        except actions.ReportError as exc:
            messages.error(request, str(exc))
        return redirect(request.path)
    lang = "en" if (get_language() or "nl").startswith("en") else "nl"
    doc = crosscase.build(year, lang)
    return render(request, "reports/crosscase.html", {"doc": doc, "year": year,
                                                      "max_text": MAX_TEXT})


@login_required
def crosscase_download(request, year, fmt):
    from django.utils.translation import get_language

    from . import crosscase

    _researcher(request)
    if fmt not in ("html", "docx", "xlsx", "pdf"):
        raise Http404
    lang = "en" if (get_language() or "nl").startswith("en") else "nl"
    try:
        body = formats.write(crosscase.build(year, lang), fmt)
    except RuntimeError as exc:
        messages.error(request, str(exc))
        return redirect(f"/reports/{year}/cross-case/")
    response = HttpResponse(body, content_type=formats.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="cross-case-{year}.{fmt}"'
    return response


def timezone_now() -> str:
    from django.utils import timezone

    return timezone.now().isoformat()
