"""Insight pages and their downloads. Every view: login, ``network_for`` (404 for networks
the user may not see), the wave's mode from ``Viewer.mode``, then one report builder; the
page and each download are the same report, so a download never shows more than the page."""

from __future__ import annotations

import re
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from olievlek.accounts.access import (
    AGGREGATE,
    NAMES,
    SELF,
    network_for,
    reidentifiable,
    small_cell_threshold,
)
from olievlek.accounts.audit import actor_of, log
from olievlek.analysis.export import ExportError
from olievlek.pictures import png_for as to_png  # cached by the SVG's content
from olievlek.surveys.models import VISIBILITY_CHOICES, Wave

from . import pages
from .data import load_wave
from .exports import GRAPH_FORMATS, graph_bytes, table_csv, table_xlsx
from .reports import (
    COLOURS,
    Options,
    Report,
    Scope,
    caption,
    sociogram_report,
    strictest,
    with_caption,
)

WAVE_PAGES = {
    "sociogram": sociogram_report,
    "leadership": pages.leadership_report,
    "islands": pages.islands_report,
}
CONTENT_TYPES = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class InProgress(Exception):
    """The page asks for results that are not there yet: say so (``in_progress``)."""

    def __init__(self, network, waves, page: str, wave=None):
        super().__init__(page)
        self.network, self.waves, self.page, self.wave = network, waves, page, wave


def waves_of(network) -> list[Wave]:
    """The network's waves by label, with response counts and ``ready`` (``Wave.results_ready``)."""
    return Wave.objects.filter(network=network).with_progress()


def _wave_scope(request, slug: str, label: str, page: str):
    v, network = network_for(request, slug)
    waves = waves_of(network)
    wave = next((w for w in waves if w.label == label), None)
    if wave is None:
        raise Http404
    mode = v.mode(network, wave)
    if mode == SELF and page != "sociogram":
        raise Http404  # a participant sees their own ego network only
    if not wave.ready:
        raise InProgress(network, waves, page, wave)
    options = Options.from_query(request.GET, mode)
    return network, wave, Scope(v, mode, load_wave(wave), options), waves


def _change_scopes(request, slug: str):
    v, network = network_for(request, slug)
    waves = waves_of(network)
    by_label = {w.label: w for w in waves}
    ready = [w.label for w in waves if w.ready]
    picked = [request.GET.get("from"), request.GET.get("to")]
    if any(label and label not in by_label for label in picked):
        raise Http404
    # By default the two latest closed waves with answers: a new wave changes nothing here.
    if len(ready) < 2 and not all(picked):
        raise InProgress(network, waves, "change")
    a = picked[0] or ready[-2]
    b = picked[1] or ready[-1]
    wave_a, wave_b = by_label[a], by_label[b]
    for wave in (wave_a, wave_b):
        if not wave.ready:
            raise InProgress(network, waves, "change", wave)
    mode = strictest(v.mode(network, wave_a), v.mode(network, wave_b))
    if mode == SELF:
        raise Http404
    options = Options.from_query(request.GET, mode)
    scopes = (Scope(v, mode, load_wave(wave_a), options),
              Scope(v, mode, load_wave(wave_b), options))
    return network, waves, scopes, mode


def _figures_report(request, slug: str):
    v, network = network_for(request, slug)
    waves = waves_of(network)
    modes = [v.mode(network, w) for w in waves]
    if SELF in modes:
        raise Http404
    ready = [w for w in waves if w.ready]
    if not ready:
        raise InProgress(network, waves, "figures")
    options = Options.from_query(request.GET, AGGREGATE)
    # Whole-network figures only: safe in every mode, so the scopes need no labels.
    scopes = [Scope(v, AGGREGATE, load_wave(w), options) for w in ready]
    title = _("Network figures of %(network)s, %(relation)s") % {
        "network": network.name, "relation": _(options.relation)}
    return network, waves, options, pages.figures_report(scopes, title)


def _download(report: Report, item: str, ext: str, filename: str) -> HttpResponse:
    if ext in ("svg", "png") and item in report.pictures:
        svg = report.pictures[item][1].svg
        body = svg.encode() if ext == "svg" else to_png(svg)
    elif ext in ("csv", "xlsx") and item in report.tables:
        table = report.tables[item]
        body = table_csv(table) if ext == "csv" else table_xlsx(table)
    else:
        raise Http404
    return _attachment(body, CONTENT_TYPES[ext], f"{filename}.{ext}")


def _attachment(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    # Slugs and wave labels are the user's text: keep the header plain.
    safe = re.sub(r"[^\w.-]+", "_", filename, flags=re.ASCII)
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    return response


def _context(request, network, report: Report, *, page: str, wave=None, waves=None,
             options: Options | None = None, extra: dict | None = None) -> dict:
    waves = waves if waves is not None else waves_of(network)
    query = request.GET.urlencode()
    return {
        "network": network, "wave": wave, "waves": waves, "report": report, "page": page,
        "latest": latest_ready(waves),
        "options": options, "query": query, "mode": report.mode,
        "colours": [c for c in COLOURS if c != "organisation" or report.mode == NAMES],
        "graph_formats": list(GRAPH_FORMATS),
        "visibility_choices": VISIBILITY_CHOICES, **(extra or {}),
    }


def latest_ready(waves: list[Wave]) -> Wave | None:
    """The wave the analysis pages start at: the latest closed wave with answers."""
    return next((w for w in reversed(waves) if w.ready), None)


def in_progress(request, stop: InProgress, status: int = 200):
    """A page whose results are not there yet: one sentence and, for those who run the waves
    (``Viewer.runs_waves_of``), each wave's response counts."""
    v, _network = network_for(request, stop.network.slug)
    return render(request, "insight/in_progress.html", {
        "network": stop.network, "waves": stop.waves, "wave": stop.wave, "page": stop.page,
        "counts": v.runs_waves_of(stop.network),
        "latest": latest_ready(stop.waves), "mode": "", "query": "",
        "report": Report(title=_("Results of %(network)s") % {"network": stop.network.name},
                         mode=""),
    }, status=status)


def _show_progress(view):
    """Pages answer with :func:`in_progress` when their waves have no results yet; downloads
    of such a wave answer 404 (there is nothing to download)."""
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except InProgress as stop:
            if view.__name__.endswith(("_download", "_export")):
                raise Http404 from None
            return in_progress(request, stop)
    return wrapper


@login_required
@_show_progress
def wave_page(request, slug: str, label: str, page: str):
    if page not in WAVE_PAGES:
        raise Http404
    network, wave, scope, waves = _wave_scope(request, slug, label, page)
    report = with_caption(WAVE_PAGES[page](scope), caption([scope], page=page))
    units = []
    if scope.mode not in (AGGREGATE, SELF):
        units = sorted(scope.data.units.values(), key=lambda u: u.name)
    return render(request, "insight/wave_page.html", _context(
        request, network, report, page=page, wave=wave, waves=waves, options=scope.options,
        extra={"units": units, "is_researcher": scope.viewer.is_researcher,
               # The warning goes with every page a coordinator sees under pseudonyms.
               **({"reidentifiable": reidentifiable(network, wave), "threshold": small_cell_threshold()}
                  if scope.viewer.is_researcher else {}),
               "download_base": f"/networks/{network.slug}/waves/{wave.label}/{page}/"}))


@login_required
@_show_progress
def wave_download(request, slug: str, label: str, page: str, item: str, ext: str):
    if page not in WAVE_PAGES:
        raise Http404
    network, wave, scope, _waves = _wave_scope(request, slug, label, page)
    report = with_caption(WAVE_PAGES[page](scope), caption([scope], page=page))
    return _download(report, item, ext, f"{network.slug}-{wave.label}-{page}-{item}")


@login_required
@_show_progress
def wave_export(request, slug: str, label: str, fmt: str):
    """The wave as drawn in the sociogram (same privacy), as a network file."""
    if fmt not in GRAPH_FORMATS:
        raise Http404
    network, wave, scope, _waves = _wave_scope(request, slug, label, "sociogram")
    # The graph the sociogram draws: people by display reference, units (aggregate) or one
    # participant's ego network, written by the analysis library's writers.
    try:
        graph = sociogram_report(scope).graph
        assert graph is not None  # the sociogram report always draws a graph
        body = graph_bytes(graph, fmt)
    except ExportError as exc:  # an id or label the format cannot carry: say which
        return HttpResponse(_("This picture cannot be written in this format: %(reason)s")
                            % {"reason": exc}, status=422, content_type="text/plain; charset=utf-8")
    return _attachment(body, GRAPH_FORMATS[fmt],
                       f"{network.slug}-{wave.label}-{scope.options.relation}.{fmt}")


@login_required
@require_POST
def wave_visibility(request, slug: str, label: str):
    """A researcher sets what coordinators see of this wave; the change is audited."""
    v, network = network_for(request, slug)
    if not v.is_researcher:
        raise Http404
    wave = get_object_or_404(Wave, network=network, label=label)
    value = request.POST.get("visibility", "")
    if value not in dict(VISIBILITY_CHOICES):
        return HttpResponse(_("Unknown choice."), status=400)
    if value != wave.coordinator_visibility:
        old = wave.coordinator_visibility
        wave.coordinator_visibility = value
        wave.save(update_fields=["coordinator_visibility"])
        log(actor_of(request.user), "set_visibility", network_slug=network.slug,
            object_type="wave", object_key=wave.label, detail=f"{old} -> {value}")
    return redirect(f"/networks/{network.slug}/waves/{wave.label}/sociogram/")


@login_required
@_show_progress
def change_page(request, slug: str):
    network, waves, (sa, sb), mode = _change_scopes(request, slug)
    report = with_caption(pages.change_report(sa, sb, mode), caption([sa, sb]))
    return render(request, "insight/change.html", _context(
        request, network, report, page="change", waves=waves, options=sa.options,
        extra={"wave_from": sa.data.wave, "wave_to": sb.data.wave,
               "download_base": f"/networks/{network.slug}/change/"}))


@login_required
@_show_progress
def change_download(request, slug: str, item: str, ext: str):
    network, _waves, (sa, sb), mode = _change_scopes(request, slug)
    report = with_caption(pages.change_report(sa, sb, mode), caption([sa, sb]))
    return _download(report, item, ext,
                     f"{network.slug}-change-{sa.data.wave.label}-{sb.data.wave.label}-{item}")


@login_required
@_show_progress
def figures_page(request, slug: str):
    network, waves, options, report = _figures_report(request, slug)
    return render(request, "insight/figures.html", _context(
        request, network, report, page="figures", waves=waves, options=options,
        extra={"download_base": f"/networks/{network.slug}/figures/"}))


@login_required
@_show_progress
def figures_download(request, slug: str, item: str, ext: str):
    network, _waves, options, report = _figures_report(request, slug)
    return _download(report, item, ext, f"{network.slug}-figures-{options.relation}")


@login_required
def insight_home(request, slug: str):
    """Start at the sociogram of the latest closed wave with answers; without one, say so."""
    _v, network = network_for(request, slug)
    waves = waves_of(network)
    wave = latest_ready(waves)
    if wave is None:
        return in_progress(request, InProgress(network, waves, "home"))
    return redirect(f"/networks/{network.slug}/waves/{wave.label}/sociogram/")
