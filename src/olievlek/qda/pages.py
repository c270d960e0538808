"""Retrieval and exchange pages of coding (researchers only): the code x case matrix, code x
source counts of a network, co-occurrence, quotes with filters and their CSV/XLSX export, and
REFI-QDA project (.qdpx) and codebook (.qdc) import and export. Every figure comes from
:mod:`olievlek.qda.retrieval`; every import and export from :mod:`olievlek.qda.actions`."""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from olievlek.accounts import audit
from olievlek.accounts.access import viewer, visible_networks
from olievlek.spreadsheet import csv_bytes, xlsx_bytes

from . import actions, retrieval
from .models import KIND_CHOICES, REMOVED_CODER, Code, Coding, Source
from .views import _coding_network

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_SHOWN_QUOTES = 500


def _researcher(request):
    v = viewer(request.user)
    if not v.sees_coding():
        raise Http404
    return v


def _filter_context(request, f: retrieval.Filters) -> dict:
    from django.contrib.auth import get_user_model

    coded = Coding.objects.filter(coder=OuterRef("pk"))
    coders = sorted(get_user_model().objects.filter(Exists(coded))
                    .values_list("username", flat=True))
    years = sorted({y for y in Source.objects.exclude(study_year=None)
                    .values_list("study_year", flat=True).distinct() if y is not None})
    return {"filters": f, "kinds": KIND_CHOICES, "coders": coders, "years": years,
            "removed_coder": REMOVED_CODER,
            "networks": visible_networks(viewer(request.user)).order_by("slug")}


@login_required
def overview(request):
    """The code x case matrix: codes as rows, networks as columns; codings and sources."""
    v = _researcher(request)
    f = retrieval.Filters.of(request.GET)
    networks = list(visible_networks(v).order_by("slug"))
    codings = f.apply(Coding.objects.of_record())
    cells = retrieval.matrix(codings, "network")
    rows = []
    for code, path in retrieval.codes_in_order():
        counts = [cells.get((code.pk, n.pk), (0, 0)) for n in networks]
        if any(c for c, _s in counts) or not f.code:
            link = {k: v for k, v in (("kind", f.kind), ("year", f.year or ""),
                                      ("coder", f.coder)) if v}
            rows.append({"code": code, "path": path, "total": sum(c for c, _s in counts),
                         "cells": [(n, c, s, urlencode({**link, "code": code.guid,
                                                        "network": n.slug}))
                                   for n, (c, s) in zip(networks, counts)]})
    if request.GET.get("format") in ("csv", "xlsx"):
        header = ["code", "code path"] + [f"{n.slug} codings" for n in networks] + [
            f"{n.slug} sources" for n in networks]
        table = [[r["code"].name, r["path"]] + [c for _n, c, _s, _q in r["cells"]]
                 + [s for _n, _c, s, _q in r["cells"]] for r in rows]
        return _download(request, "code-case-matrix", header, table)
    context = {"viewer": v, "rows": rows, "columns": networks, "quotes_url": reverse("qda:quotes"),
               "empty": not codings.exists(), **_filter_context(request, f)}
    return render(request, "qda/overview.html", context)


@login_required
def network_matrix(request, slug):
    """Codes x the network's sources."""
    v, network = _coding_network(request, slug)
    sources = list(network.sources.order_by("date", "title").only("guid", "title", "date"))
    cells = retrieval.matrix(Coding.objects.of_record().filter(source__network=network), "source")
    rows = []
    for code, path in retrieval.codes_in_order():
        counts = [cells.get((code.pk, s.pk), (0, 0))[0] for s in sources]
        if any(counts):
            rows.append({"code": code, "path": path, "cells": list(zip(sources, counts)),
                         "total": sum(counts)})
    rows.sort(key=lambda r: -r["total"])
    return render(request, "qda/network_matrix.html",
                  {"viewer": v, "network": network, "sources": sources, "rows": rows})


@login_required
def cooccurrence(request):
    v = _researcher(request)
    f = retrieval.Filters.of(request.GET)
    counts = retrieval.cooccurrence(f.apply(Coding.objects.of_record()))
    codes = {c.pk: (c, p) for c, p in retrieval.codes_in_order(Code.objects.all())}
    pairs = sorted(((n, codes[a], codes[b]) for (a, b), n in counts.items()
                    if a in codes and b in codes), key=lambda t: (-t[0], t[1][0].name))
    if request.GET.get("format") in ("csv", "xlsx"):
        header = ["code", "code path", "code", "code path", "co-occurrences"]
        table = [[a[0].name, a[1], b[0].name, b[1], n] for n, a, b in pairs]
        return _download(request, "code-co-occurrence", header, table)
    return render(request, "qda/cooccurrence.html",
                  {"viewer": v, "pairs": pairs, **_filter_context(request, f)})


@login_required
def quotes(request):
    """Quotes per code, filtered by network, kind, study year and coder; with links to the
    source position. ``?format=csv`` or ``xlsx`` downloads them all."""
    v = _researcher(request)
    f = retrieval.Filters.of(request.GET)
    # A chosen coder's quotes are theirs, second coder or not; otherwise the codings of record.
    codings = f.apply(Coding.objects.all() if f.coder else Coding.objects.of_record())
    if request.GET.get("format") in ("csv", "xlsx"):
        audit.log(audit.actor_of(request.user), "quotes-export", network_slug=f.network,
                  object_type="quotes", detail=urlencode(request.GET))
        return _download(request, "quotes", retrieval.QUOTE_COLUMNS,
                         retrieval.quote_rows(codings))
    total = codings.count()
    shown = list(retrieval.quotes(codings)[:MAX_SHOWN_QUOTES])
    code = Code.objects.filter(guid=f.code).first() if f.code else None
    query = urlencode({k: val for k, val in request.GET.items() if k != "format"})
    return render(request, "qda/quotes.html", {
        "viewer": v, "quotes": shown, "total": total, "code": code, "query": query,
        "limit": MAX_SHOWN_QUOTES, **_filter_context(request, f),
        "codes": retrieval.codes_in_order(),
    })


def _download(request, name: str, header, rows) -> HttpResponse:
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(xlsx_bytes([(name, header, rows)]), content_type=XLSX)
        ext = "xlsx"
    else:
        response = HttpResponse(csv_bytes(header, rows, bom=True),
                                content_type="text/csv; charset=utf-8")
        ext = "csv"
    response["Content-Disposition"] = f'attachment; filename="{name}.{ext}"'
    return response


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("file"))
    network = forms.SlugField(label=gettext_lazy("network (empty: by case name)"),
                              required=False)


@login_required
def exchange(request):
    """REFI-QDA exchange with ATLAS.ti, MAXQDA, QualCoder, NVivo: the same functions as
    ``olievlek coding export|import|codebook-export|codebook-import``."""
    from olievlek.coding.codebook import CodebookError, export_qdc
    from olievlek.coding.project import ProjectError

    v = _researcher(request)
    networks = visible_networks(v).order_by("slug")
    actor = audit.actor_of(request.user)
    action = request.POST.get("action") or request.GET.get("action")
    if action == "export-qdpx":
        slug = request.GET.get("network", "")
        chosen = list(networks.filter(slug=slug)) if slug else list(networks)
        if slug and not chosen:
            raise Http404
        out = io.BytesIO()
        actions.export_project(chosen, out, actor=actor)
        response = HttpResponse(out.getvalue(), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{slug or "olievlek"}.qdpx"'
        return response
    if action == "export-qdc":
        audit.log(actor, "codebook-export", object_type="qdc")
        response = HttpResponse(export_qdc(actions.codebook_tree()),
                                content_type="application/xml")
        response["Content-Disposition"] = 'attachment; filename="codebook.qdc"'
        return response
    form = ImportForm()
    if request.method == "POST" and action in ("import-qdpx", "import-qdc"):
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if action == "import-qdc":
                    made = actions.import_codebook(upload.read(), upload.name, actor=actor)
                    messages.success(request, _("%(n)s new codes.") % {"n": made})
                else:
                    slug = form.cleaned_data["network"]
                    network = networks.filter(slug=slug).first() if slug else None
                    if slug and network is None:
                        raise actions.ProjectImportError(_("no network %(slug)s") % {"slug": slug})
                    project = actions.import_project(upload.read(), upload.name,
                                                     network=network, actor=actor)
                    messages.success(request, _("%(s)s sources and %(c)s codings imported.") % {
                        "s": len(project.sources),
                        "c": sum(len(s.selections) for s in project.sources)})
                return redirect(reverse("qda:exchange"))
            except (CodebookError, ProjectError, actions.ProjectImportError, ValueError) as e:
                form.add_error("file", str(e))
    return render(request, "qda/exchange.html",
                  {"viewer": v, "networks": networks, "form": form},
                  status=400 if form.errors else 200)
