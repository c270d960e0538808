"""Portfolio and olievlek pages: a network's boundary objects, how far they spread, and the
public follow-up link.

Who sees what is decided in ``olievlek.accounts.access``: researchers and a network's own
coordinator see and edit its portfolio (``Viewer.edits_portfolio_of``); researchers also see the
page across all networks; everyone else gets 404. People appear as the viewer's mode allows
(names or pseudonyms). Every figure comes from ``olievlek.spread`` via ``data.portfolio_of``
(cached per data version: ``data.spread_of``).
"""

from __future__ import annotations

import copy
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from olievlek import derived
from olievlek.accounts import audit
from olievlek.accounts.access import network_for, viewer
from olievlek.networks.models import Network
from olievlek.pictures import png_for
from olievlek.spread import (
    EXPOSURE_COLUMNS,
    OBJECT_COLUMNS,
    REACH_COLUMNS,
    maker_organisations,
    rating_summary,
)
from olievlek.spread.maps import oil_stain
from olievlek.spread.pictures import lineage_tree, reach_curves, ring_diagram
from olievlek.spreadsheet import csv_bytes, xlsx_bytes
from olievlek.surveys import throttle

from . import actions
from .data import cached_portfolio, spread_of, spread_of_all
from .forms import FollowUpForm, ObjectForm, RatingForm, UseForm
from .models import KIND_CHOICES, STATUS_CHOICES, BoundaryObject, Use

CONTENT = {"csv": "text/csv; charset=utf-8", "svg": "image/svg+xml", "png": "image/png",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
PERIODS = ("month", "quarter", "year")
# The network's pictures the olievlek page shows (warmed in the background: tasks.py).
NETWORK_PICTURES = ("map", "map_depth", "reach_curves")
OBJECT_PICTURES = (*NETWORK_PICTURES, "rings", "lineage")
RING_NAMES = [gettext_lazy("own team"), gettext_lazy("own organisation"), gettext_lazy("network"),
              gettext_lazy("region"), gettext_lazy("Netherlands"), gettext_lazy("abroad")]


def _lang() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def _editor(request, slug):
    """The viewer and network when they may work on its portfolio; 404 otherwise."""
    v, network = network_for(request, slug)
    if not v.edits_portfolio_of(network):
        raise Http404
    return v, network


def _labeller(v, network):
    mode = v.mode(network)
    return lambda person: v.label(person, mode)


def _period(request) -> str:
    period = request.GET.get("period", "quarter")
    return period if period in PERIODS else "quarter"


def _date(request) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# The portfolio


def portfolio_rows(network) -> dict[str, str]:
    """Every object's row of the portfolio list as HTML, once per data version and language
    (a thousand rows take the template engine seconds); warmed by ``tasks.warm_spread``."""
    def table_rows() -> dict[str, str]:
        result = spread_of(network)
        figures = result.objects.set_index("id").to_dict("index") if len(result.objects) else {}
        figures = {k: {c: (None if _missing(x) else x) for c, x in f.items()} for k, f in figures.items()}
        template = get_template("portfolio/_object_row.html")
        return {o.key: template.render({"row": {"object": o, **figures.get(o.key, {})}, "network": network})
                for o in network.boundary_objects.order_by("key")}

    return derived.cached("portfolio-rows", [network.pk], table_rows, extra=(_lang(),))


@login_required
def portfolio(request, slug):
    _v, network = _editor(request, slug)

    html = portfolio_rows(network)
    objects = network.boundary_objects.order_by("key")
    kind, status, q = request.GET.get("kind", ""), request.GET.get("status", ""), request.GET.get("q", "")
    if kind:
        objects = objects.filter(kind=kind)
    if status:
        objects = objects.filter(status=status)
    if q:
        objects = objects.filter(title__icontains=q)
    rows = [html[key] for key in objects.values_list("key", flat=True) if key in html]
    # Counting proposed uses scans every use of the network: once per data version too.
    proposed = derived.cached("proposed-uses", [network.pk],
                              lambda: Use.objects.filter(object__network=network, proposed=True).count())
    return render(request, "portfolio/portfolio.html", {
        "network": network, "rows": bool(rows), "rows_html": "".join(rows), "kinds": KIND_CHOICES, "statuses": STATUS_CHOICES,
        "kind": kind, "status": status, "q": q, "total": network.boundary_objects.count(),
        "proposed": proposed,
    })


@login_required
def object_edit(request, slug, object=None):
    key = object
    v, network = _editor(request, slug)
    obj = get_object_or_404(BoundaryObject, network=network, key=key) if key else BoundaryObject(network=network)
    form = ObjectForm(request.POST or None, instance=obj, network=network, label=_labeller(v, network))
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        actions.save_object(saved, makers=form.cleaned_data["makers"], units=form.cleaned_data["units"],
                            based_on=form.cleaned_data["based_on"], actor=audit.actor_of(request.user))
        messages.success(request, _("Saved."))
        return redirect("portfolio:object", slug=network.slug, object=saved.key)
    return render(request, "portfolio/object_form.html", {"network": network, "form": form, "obj": obj})


@login_required
def object_page(request, slug, object):
    key = object
    v, network = _editor(request, slug)
    obj = get_object_or_404(BoundaryObject, network=network, key=key)
    label = _labeller(v, network)
    rating_form = RatingForm(initial={"rater": request.user.get_username(), "date": dt.date.today()})
    use_form = UseForm(obj=obj, label=label, initial={"date": dt.date.today()})
    if request.method == "POST":
        actor = audit.actor_of(request.user)
        if request.POST.get("form") == "rating":
            rating_form = RatingForm(request.POST)
            if rating_form.is_valid():
                rating = rating_form.save(commit=False)
                rating.object = obj
                actions.save_rating(rating, actor=actor)
                messages.success(request, _("Rating saved."))
                return redirect(request.path)
        elif request.POST.get("form") == "use":
            use_form = UseForm(request.POST, obj=obj, label=label)
            if use_form.is_valid():
                use = use_form.save(commit=False)
                use.object = obj
                actions.record_use(use, actor=actor)
                messages.success(request, _("Use registered."))
                return redirect(request.path)
        elif request.POST.get("form") == "file":
            upload = request.FILES.get("file")
            if upload is None:
                messages.error(request, _("Choose a file."))
            else:
                try:
                    actions.attach_file(obj, upload, actor=actor)
                    messages.success(request, _("File attached."))
                except actions.FileRefused as exc:
                    messages.error(request, str(exc))
            return redirect(request.path)
        elif request.POST.get("form") == "remove-file":
            actions.remove_file(obj, actor=actor)
            messages.success(request, _("File removed."))
            return redirect(request.path)
        elif request.POST.get("form") == "follow-up":
            actions.open_follow_up(obj, actor=actor)
            return redirect(request.path)
        elif request.POST.get("form") == "confirm":
            use = get_object_or_404(Use, pk=request.POST.get("use"), object=obj, proposed=True)
            if "organisation_key" in request.POST:  # a network too large to list them all
                key = request.POST["organisation_key"].strip()
                org = network.organisations.filter(key=key).first() if key else None
                if key and org is None:
                    messages.error(request, _("No organisation with id %(key)s in this network.") % {"key": key})
                    return redirect(request.path)
            else:
                org = network.organisations.filter(pk=request.POST.get("organisation") or None).first()
            actions.confirm_use(use, organisation=org, actor=actor)
            messages.success(request, _("Use confirmed."))
            return redirect(request.path)
    whole = cached_portfolio(network)
    result = spread_of(network)
    placed = result.uses[result.uses["object"] == obj.key]
    based_on, derived_ = list(obj.based_on.all()), list(obj.derived.all())
    figures = result.objects.set_index("id").loc[obj.key].to_dict() if obj.key in set(result.objects["id"]) else {}
    figures = {c: (None if _missing(x) else x) for c, x in figures.items()}
    ratings = list(obj.ratings.all())
    summary = rating_summary(whole.ratings[whole.ratings["object"] == obj.key])
    means = summary.iloc[0].to_dict() if len(summary) else {}
    dims = [(d, label_) for d, label_ in (("visibility", _("visibility")), ("accessibility", _("accessibility")),
                                         ("usability", _("usability")), ("transfer", _("transfer value")))]
    rating_rows = [{"rating": r, "scores": [getattr(r, d) for d, _l in dims]} for r in ratings]
    mean_row = [{"mean": means.get(f"{d}_mean"), "disagree": bool(means.get(f"{d}_disagree"))} for d, _l in dims]
    rings = dict(zip(zip(placed["date"], placed["organisation"], placed["use"]), placed["ring"]))
    uses = obj.uses.filter(proposed=False).select_related("organisation", "person").order_by("date", "pk")
    use_rows = [{"use": u, "person": label(u.person) if u.person else "",
                 "ring": rings.get((u.date, u.organisation.key, u.use))} for u in uses]
    proposed = obj.uses.filter(proposed=True).order_by("date", "pk")
    follow_up = (request.build_absolute_uri(reverse("portfolio:follow_up", args=[obj.follow_up_token]))
                 if obj.follow_up_token else "")
    return render(request, "portfolio/object.html", {
        "network": network, "obj": obj, "figures": figures, "dims": dims, "rating_rows": rating_rows,
        "mean_row": mean_row, "use_rows": use_rows, "proposed": proposed,
        "organisations": network.organisations.order_by("name") if use_form.lists_organisations else None,
        "rating_form": rating_form,
        "use_form": use_form, "follow_up": follow_up, "ring_names": RING_NAMES,
        "makers": [label(p) for p in obj.makers.all()], "based_on": based_on,
        "derived": derived_, "period": _period(request), "max_file_mb": actions.MAX_FILE_MB,
        "lineage_svg": derived.cached("lineage", [network.pk], lambda: _lineage(network, whole, obj.key),
                                      extra=(obj.key, _lang())) if (based_on or derived_) else "",
    })


# ---------------------------------------------------------------------------------------------
# Olievlek: a network's spread, and all networks


def olievlek_figures(network, date: dt.date | None = None, period: str = "quarter") -> dict:
    """The olievlek page's figures (summary, objects table as HTML, reach rows, curves), small
    and shared between processes, once per data version; warmed by ``tasks.warm_spread``."""
    def figures() -> dict:
        result = spread_of(network, date, period)
        titles = dict(network.boundary_objects.values_list("key", "title"))
        objects = [{**{c: (None if _missing(x) else x) for c, x in r.items()}, "title": titles.get(r["id"], "")}
                   for r in result.objects.to_dict("records")]
        return {
            "summary": result.network,
            "objects": bool(objects),
            # Rendered once: a thousand rows take the template engine most of a second.
            "objects_table": render_to_string("portfolio/_objects_table.html",
                                              {"objects": objects, "network": network}),
            "reach": _reach_rows(result.reach),
        }

    return derived.cached("olievlek-page", [network.pk], figures, extra=(date, period, _lang()))


@login_required
def olievlek(request, slug):
    _v, network = _editor(request, slug)
    date, period = _date(request), _period(request)

    # The page's figures are small: shared between processes, once per data version.
    return render(request, "portfolio/olievlek.html", {
        "network": network,
        **olievlek_figures(network, date, period),
        "period": period, "ring_names": RING_NAMES,
        "date": request.GET.get("date", ""), "periods": PERIODS,
        "base": reverse("portfolio:olievlek", args=[network.slug]),
    })


@login_required
def all_networks(request):
    v = viewer(request.user)
    if not v.is_researcher:
        raise Http404
    networks = list(Network.objects.order_by("slug"))
    date, period = _date(request), _period(request)

    def figures():
        result, per_network = spread_of_all(networks, date, period)
        return result.network, per_network, len(result.uses) > 0

    # The page's few figures are shared between processes (the whole analysis is kept per
    # process only, see spread_of_all): a restarted server shows them without computing.
    summary, per_network, has_uses = derived.cached(
        "olievlek-all-page", [n.pk for n in networks], figures,
        extra=(date, period, [n.slug for n in networks], _lang()))
    rows = [{"network": n, **per_network.get(n.slug, {})} for n in networks]
    return render(request, "portfolio/all.html", {
        "rows": rows, "summary": summary, "period": period, "periods": PERIODS,
        "date": request.GET.get("date", ""), "has_uses": has_uses,
    })


def _missing(value) -> bool:
    """None, NaN or pandas' NA: an undefined figure, shown as an empty cell."""
    import pandas as pd

    return value is None or bool(pd.isna(value))


def _reach_rows(reach):
    """Cumulative organisations per period (rows) and ring (columns), for the table."""
    if reach.empty:
        return []
    table = reach.pivot(index="period", columns="ring", values="cumulative_organisations")
    return [{"period": p, "rings": [int(table.at[p, r]) for r in range(6)]} for p in table.index]


# ---------------------------------------------------------------------------------------------
# Downloads: CSV/XLSX of every table, SVG/PNG of every map


def _tables(result, refer) -> dict[str, tuple[tuple[str, ...], list]]:
    uses = result.uses.assign(person=result.uses["person"].map(refer))
    exposure = result.exposure.assign(person=result.exposure["person"].map(refer))
    return {
        "objects": (OBJECT_COLUMNS, result.objects),
        "reach": (REACH_COLUMNS, result.reach),
        "exposure": (EXPOSURE_COLUMNS, exposure),
        "uses": (tuple(uses.columns), uses),
    }


def _lineage(network, whole, key: str, data_date=None) -> str:
    """The lineage tree of object ``key`` in the network's portfolio ``whole``, each box a link
    to its object's page (the page shows it; the download adds the data date)."""
    return lineage_tree(whole.objects, key, maker_orgs=maker_organisations(whole.objects, whole.people),
                        href=lambda k: reverse("portfolio:object", args=[network.slug, k]),
                        data_date=data_date, lang=_lang())


def _data_date(result):
    return result.date or (max(result.uses["date"]) if len(result.uses) else None)


def _picture(result, name, *, subject, lineage=None) -> str:
    """The SVG of picture ``name`` of ``result``: the oil stain (``map``, ``map_depth``), the
    reach curves (``reach_curves``), an object's ``rings`` and ``lineage`` (``lineage``: a
    function drawing it). Drawn by the pure ``olievlek.spread`` functions."""
    data_date = _data_date(result)
    if name in ("map", "map_depth"):
        return oil_stain(result.uses, subject=subject, period=result.period, date=result.date,
                         data_date=data_date, by="depth" if name == "map_depth" else "ring", lang=_lang())
    if name == "reach_curves":
        return reach_curves(result.reach, subject=subject, period=result.period, date=result.date,
                            data_date=data_date, lang=_lang())
    if name == "rings":
        return ring_diagram(result.uses, subject=subject, date=result.date, data_date=data_date, lang=_lang())
    if name == "lineage" and lineage is not None:
        return lineage(data_date)
    raise Http404


def _download(result, name, ext, *, subject, refer, filename, networks=(), pictures=NETWORK_PICTURES,
              lineage=None, key="", prepare=None, date=None, period=None):
    """A table or picture of ``result``; ``networks`` (their ids) when ``result`` is theirs
    whole, so the picture is drawn once per data version of them (``olievlek.derived``).
    ``prepare``: a function giving ``result`` (or the part of it wanted), called only when
    the answer is not cached; then ``date`` and ``period`` name it in the key."""
    if result is not None:
        date, period = result.date, result.period
    if name in pictures and ext in ("svg", "png"):
        def picture() -> bytes:
            if ext == "svg":
                drawn = prepare() if prepare else result
                return _picture(drawn, name, subject=subject, lineage=lineage).encode("utf-8")
            return png_for(_download(result, name, "svg", subject=subject, refer=refer, filename=filename,
                                     networks=networks, pictures=pictures,
                                     lineage=lineage, key=key, prepare=prepare, date=date,
                                     period=period).content.decode("utf-8"))

        # The bytes themselves, per format: a map of 200,000 uses is megabytes of SVG.
        body = (derived.cached("oil-stain", networks, picture,
                               extra=(name, ext, subject, date, period, _lang(),
                                      *((key,) if key else ())))
                if networks else picture())
    elif name in ("objects", "reach", "exposure", "uses") and ext in ("csv", "xlsx"):
        columns, df = _tables(prepare() if prepare else result, refer)[name]
        rows = df.reindex(columns=list(columns)).astype(object).where(df.reindex(columns=list(columns)).notna(), "")
        rows = [[v.isoformat() if isinstance(v, dt.date) else v for v in row] for row in rows.itertuples(index=False)]
        body = csv_bytes(columns, rows) if ext == "csv" else xlsx_bytes([(name, columns, rows)])
    else:
        raise Http404
    response = HttpResponse(body, content_type=CONTENT[ext])
    response["Content-Disposition"] = f'attachment; filename="{filename}-{name}.{ext}"'
    return response


def _refer(v, network):
    mode = v.mode(network)
    people = {p.key: p for p in network.people.all()}
    return lambda key: v.reference(people[key], mode) if key in people else key


@login_required
def network_download(request, slug, name, ext):
    v, network = _editor(request, slug)
    date, period = _date(request), _period(request)
    # The analysis only when the picture is not cached: another process (the worker, another
    # web process) may have drawn it, while the analysis itself stays in each process.
    return _download(None, name, ext, subject=network.name, refer=_refer(v, network), filename=network.slug,
                     networks=[network.pk], prepare=lambda: spread_of(network, date, period),
                     date=date, period=period)


@login_required
def object_download(request, slug, object, name, ext):
    key = object
    v, network = _editor(request, slug)
    obj = get_object_or_404(BoundaryObject, network=network, key=key)
    date, period = _date(request), _period(request)

    def prepare():
        """The object's part of the network's analysis, only when not cached already."""
        result = copy.copy(spread_of(network, date, period))  # shared: not changed here
        result.uses = result.uses[result.uses["object"] == obj.key]
        result.objects = result.objects[result.objects["id"] == obj.key]
        result.exposure = result.exposure[result.exposure["object"] == obj.key]
        result.reach = _object_reach(result)
        return result

    lineage = None
    if name == "lineage":
        whole = cached_portfolio(network)

        def lineage(data_date):
            return _lineage(network, whole, obj.key, data_date)

    # An object's pictures too are drawn once per data version (``key``: which object).
    return _download(None, name, ext, subject=obj.title, refer=_refer(v, network),
                     filename=f"{network.slug}-{obj.key}", pictures=OBJECT_PICTURES, lineage=lineage,
                     networks=[network.pk] if name in OBJECT_PICTURES else (), key=obj.key,
                     prepare=prepare, date=date, period=period)


def _object_reach(result):
    from olievlek.spread import reach

    return reach(result.uses, period=result.period, date=result.date)


@login_required
def all_download(request, name, ext):
    v = viewer(request.user)
    if not v.is_researcher:
        raise Http404
    networks = list(Network.objects.order_by("slug"))
    result, _per = spread_of_all(networks, _date(request), _period(request))
    subject = "alle netwerken" if _lang() == "nl" else "all networks"
    return _download(result, name, ext, subject=subject, refer=lambda k: k, filename="olievlek",
                     networks=[n.pk for n in networks])


def object_file(request, slug, object):
    """An object's attached file: for those who see the network's portfolio, and for everyone
    when the object is public in the portal (``olievlek.portal.public.products``); anyone
    else is sent to log in (anonymous) or gets 404. Always a
    download with the type checked on upload, never shown inline."""
    from django.http import FileResponse

    from olievlek.portal import public

    obj = BoundaryObject.objects.select_related("network").filter(network__slug=slug, key=object).first()
    if obj is None or not public.products().filter(object=obj).exists():
        if not request.user.is_authenticated:  # as every page that is not public
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if obj is None or not viewer(request.user).edits_portfolio_of(obj.network):
            raise Http404
    if not obj.file:
        raise Http404
    response = FileResponse(obj.file.open("rb"), as_attachment=True, filename=obj.file_name or "file",
                            content_type=obj.file_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------------------------------------
# The public follow-up link


def follow_up(request, token):
    """"Ik heb dit gebruikt": anyone with the link proposes a use; the coordinator confirms."""
    obj = BoundaryObject.objects.filter(follow_up_token=token).select_related("network").first()
    if obj is None:  # a valid link is never throttled; guesses are, like questionnaire links
        if throttle.refuse(request, token):
            return HttpResponse(_("Too many attempts; try again later."), status=429)
        raise Http404
    form = FollowUpForm(request.POST or None, obj=obj)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.record_use(Use(object=obj, date=data["date"], proposed=True,
                               proposed_organisation=data["organisation"],
                               municipality=data["municipality"], use=data["use"],
                               source=data["source"], channel="follow-up", note=data["note"]),
                           actor="follow-up link")
        return render(request, "portfolio/follow_up.html", {"obj": obj, "done": True})
    return render(request, "portfolio/follow_up.html", {"obj": obj, "form": form})


@login_required
@require_POST
def delete_use(request, slug, object, pk):
    key = object
    _v, network = _editor(request, slug)
    use = get_object_or_404(Use, pk=pk, object__network=network, object__key=key)
    actions.delete_use(use, actor=audit.actor_of(request.user))
    return redirect("portfolio:object", slug=slug, object=key)
