"""Coding pages: a network's sources, uploading one, and coding it in the browser.

Coding data quotes people, so only researchers see it (``Viewer.sees_coding``); everyone else
gets 404, as for a network they may not see. Opening a source is written to the audit log.
The source is rendered on the server, one element per line with its code-point offset; the
page's script (``qda/coding.js``) only turns a selection into offsets and filters the picker.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from olievlek.accounts import audit
from olievlek.accounts.access import network_for
from olievlek.coding.files import SourceFileError
from olievlek.networks.models import Membership

from . import actions
from .forms import (
    AddCodeForm,
    ChangeCodingForm,
    CodeMemoForm,
    CodingForm,
    EditCodeForm,
    MergeCodeForm,
    MoveCodeForm,
    SourceForm,
    SourceMemoForm,
)
from .models import Code, Coding, Source


def _coding_network(request, slug):
    """The viewer and network when the viewer may see its coding; 404 otherwise."""
    v, network = network_for(request, slug)
    if not v.sees_coding(network):
        raise Http404
    return v, network


def _source(request, slug, guid):
    """A source to code or change: researchers only; 404 otherwise."""
    v, network = _coding_network(request, slug)
    return v, network, get_object_or_404(Source, network=network, guid=guid)


def _seen_source(request, slug, guid):
    """A source to look at: a researcher's, or one shared with the coordinator looking
    (``Viewer.sees_source``); 404 otherwise."""
    v, network = network_for(request, slug)
    return v, network, get_object_or_404(v.sources_seen(network), guid=guid)


def code_colours() -> dict[int, str]:
    """Each code's colour: its own, else its nearest ancestor's (the category's)."""
    codes = {c.pk: c for c in Code.objects.only("pk", "parent_id", "color")}
    out = {}
    for pk, code in codes.items():
        node: Code | None = code
        while node is not None and not node.color:
            node = codes.get(node.parent_id) if node.parent_id else None
        out[pk] = node.color if node else "#777777"
    return out


@login_required
def codes_css(request):
    """One class per code (``.code-<pk>``) with its colour: the page may not carry inline
    styles (the Content-Security-Policy forbids them). Colours only: any logged-in user."""
    lines = [f".code-{pk}{{--code:{colour}}}" for pk, colour in sorted(code_colours().items())
             if _is_colour(colour)]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/css; charset=utf-8")


def _is_colour(value: str) -> bool:
    return len(value) in (4, 7) and value[0] == "#" and all(
        ch in "0123456789abcdefABCDEF" for ch in value[1:])


@login_required
def source_list(request, slug):
    """A network's sources: every one for researchers; for its coordinator the ones shared
    with them (404 when there are none: they see nothing of coding then)."""
    v, network = network_for(request, slug)
    seen = v.sources_seen(network)
    if not v.sees_coding(network) and not seen.exists():
        raise Http404
    sources = seen.order_by("-date", "title").only(
        "guid", "title", "kind", "date", "study_year", "network_id", "shared_at")
    codings = Coding.objects.all() if v.sees_coding(network) else Coding.objects.of_record()
    counts = dict(
        codings.filter(source__in=seen).values_list("source_id")
        .annotate(n=Count("pk")).order_by()
    )
    rows = [(s, counts.get(s.pk, 0)) for s in sources]
    return render(request, "qda/source_list.html",
                  {"network": network, "viewer": v, "rows": rows})


@login_required
def source_add(request, slug):
    v, network = _coding_network(request, slug)
    roles = {pk: row[3] for pk, row in
             Membership.objects.filter(person__network=network).primary().items()}
    form = SourceForm(request.POST or None, request.FILES or None, network=network, roles=roles)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        d = form.cleaned_data
        try:
            source = actions.add_source(
                network, filename=f.name, data=f.read(), kind=d["kind"], title=d["title"],
                date=d["date"], study_year=d["study_year"], event=d["event"], memo=d["memo"],
                participants=d["participants"], actor=audit.actor_of(request.user))
        except SourceFileError as e:
            form.add_error("file", str(e))
        else:
            messages.success(request, _("Source added."))
            return redirect(source_url(source))
    return render(request, "qda/source_form.html",
                  {"network": network, "viewer": v, "form": form}, status=400 if form.errors else 200)


def source_url(source: Source) -> str:
    return reverse("qda:source", args=[source.network.slug, source.guid])


@lru_cache(maxsize=16)
def paragraphs_html(text: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """The code-point start of each line of ``text`` and its ``<p class="para">`` element
    (escaped). Keyed by the text itself, so a replaced source can never get an old rendering;
    kept per process for the few sources being coded at a time (opening a 100-page source
    again skips escaping thousands of lines)."""
    starts, paras = [], []
    pos = 0
    for line in text.split("\n"):
        starts.append(pos)
        paras.append(f'<p class="para" data-start="{pos}">{escape(line)}</p>')
        pos += len(line) + 1
    return tuple(starts), tuple(paras)


def margin_layout(starts, codings) -> tuple[list[list], list[list]]:
    """Where each coding's bar goes in the margin: per line, the lanes (a lane holds one
    coding's bar from its first to its last line, or ``None``) and the codings that begin on
    it (their names are shown there). Codings are given lanes in order of their first line,
    the lowest lane free from that line on, so overlapping passages stand side by side."""
    lanes: list[list] = [[] for _ in starts]
    begins: list[list] = [[] for _ in starts]
    lane_free: list[int] = []  # per lane, the first line it is free again
    spans = []
    for c in codings:
        first = bisect_right(starts, c.start) - 1
        last = max(first, bisect_right(starts, max(c.start, c.end - 1)) - 1)
        spans.append((first, last, c))
    for first, last, c in sorted(spans, key=lambda t: (t[0], -t[1])):
        lane = next((i for i, free in enumerate(lane_free) if free <= first), len(lane_free))
        if lane == len(lane_free):
            lane_free.append(0)
        lane_free[lane] = last + 1
        for i in range(first, last + 1):
            row = lanes[i]
            row.extend([None] * (lane + 1 - len(row)))
            row[lane] = (c, i == first, i == last)
        begins[first].append(c)
    return lanes, begins


def lines_html(text: str, codings) -> str:
    """The source as HTML, one ``.line`` per line: the line's text in ``<p class="para"
    data-start=N>`` (N its code-point offset; the element holds exactly the line's text, which
    the page's script relies on) and a margin where each coding is a bar in the code's colour
    from its first to its last line, with the code's name where it begins.
    Built in Python rather than a template loop: a 100-page source has thousands of lines."""
    starts, paras = paragraphs_html(text)
    lanes, begins = margin_layout(starts, codings)
    names: dict[int, str] = {}
    out = []
    for i, para in enumerate(paras):
        if not lanes[i]:
            out.append(f'<div class="line" id="p-{i}">{para}'
                       '<span class="margin" aria-hidden="true"></span></div>\n')
            continue
        bars = []
        for cell in lanes[i]:
            if cell is None:
                bars.append('<span class="lane"></span>')
                continue
            c, top, bottom = cell
            name = names.get(c.pk) or names.setdefault(c.pk, escape(c.code.name))
            ends = (" top" if top else "") + (" bottom" if bottom else "")
            bars.append(f'<a class="lane bar code-{c.code_id}{ends}" href="#c-{c.guid}" '
                        f'title="{name}" tabindex="-1"></a>')
        labels = "".join(f'<a class="mark code-{c.code_id}" href="#c-{c.guid}" tabindex="-1">'
                         f"{names.get(c.pk) or escape(c.code.name)}</a>" for c in begins[i])
        out.append(f'<div class="line" id="p-{i}">{para}<span class="margin" aria-hidden="true">'
                   f'<span class="bars">{"".join(bars)}</span>'
                   f'<span class="marks">{labels}</span></span></div>\n')
    return mark_safe("".join(out))  # every piece above is escaped


@login_required
def source_page(request, slug, guid):
    """The coding page; for a coordinator a shared source read-only (text and the codings of
    record, no memos, coders or forms). Every opening is written to the audit log."""
    v, network, source = _seen_source(request, slug, guid)
    audit.log(audit.actor_of(request.user), "source-view", network_slug=network.slug,
              object_type="source", object_key=source.guid,
              detail="" if v.sees_coding(network) else "shared with the coordinator")
    if not v.sees_coding(network):
        shown = list(Coding.objects.of_record().filter(source=source)
                     .select_related("code").order_by("start", "end"))
        return render(request, "qda/source_shared.html", {
            "network": network, "viewer": v, "source": source, "codings": shown,
            "text_html": lines_html(source.text, shown)})
    blind = v.codes_blind(source)
    codings_qs = source.codings.select_related("code", "coder").order_by("start", "end")
    if blind:
        codings_qs = codings_qs.filter(coder=request.user)
    codings = list(codings_qs)
    form = CodingForm(length=len(source.text))
    picker = _picker()
    options = "".join(f'<option value="{i["code"].pk}">{escape(i["code"].name)} '
                      f'({escape(i["path"])})</option>' for i in picker)
    base = source_url(source)
    for c in codings:
        c.change_url = f"{base}codings/{c.guid}/"
        c.options = mark_safe(options.replace(
            f'value="{c.code_id}"', f'value="{c.code_id}" selected', 1))
    return render(request, "qda/source.html", {
        "network": network, "viewer": v, "source": source,
        "text_html": lines_html(source.text, codings), "codings": codings,
        "review": [c for c in codings if c.review],
        "form": form, "picker": picker, "memo_form": SourceMemoForm(instance=source),
        "length": len(source.text), "blind": blind,
        "coders": actions.coders_of(source), "researchers": _researchers(),
    })


@login_required
@require_POST
def source_share(request, slug, guid):
    """Share the source with the network's coordinator(s), or stop sharing it."""
    _v, _network, source = _source(request, slug, guid)
    shared = request.POST.get("share") == "1"
    actions.share_source(source, shared, actor=audit.actor_of(request.user))
    messages.success(request, _("Shared with the coordinator.") if shared
                     else _("No longer shared with the coordinator."))
    return redirect(source_url(source))


@login_required
def source_replace(request, slug, guid):
    """Upload a new version of the source's file: the text is replaced and every coding
    re-anchored by its quote; the page then shows what moved and what is to review."""
    from .forms import ReplaceSourceForm

    v, network, source = _source(request, slug, guid)
    form = ReplaceSourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        before = {c.pk: (c.start, c.end) for c in source.codings.all()}
        try:
            placed = actions.replace_source(source, filename=f.name, data=f.read(),
                                            actor=audit.actor_of(request.user))
        except SourceFileError as e:
            form.add_error("file", str(e))
        else:
            return render(request, "qda/source_replaced.html", {
                "network": network, "viewer": v, "source": source,
                "moved": [(c, before[c.pk]) for c, a in placed if a.status == "moved"],
                "review": [(c, before[c.pk]) for c, a in placed if a.flagged],
                "same": sum(1 for _c, a in placed if a.status == "same"),
            })
    return render(request, "qda/source_replace.html",
                  {"network": network, "viewer": v, "source": source, "form": form,
                   "count": source.codings.count()},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def coding_place(request, slug, guid, coding):
    """Place a coding (one flagged for review after a replacement) on a new selection."""
    source, c = _coding(request, slug, guid, coding)
    try:
        start, end = int(request.POST.get("start", "")), int(request.POST.get("end", ""))
    except ValueError:
        messages.error(request, _("Give a start and an end."))
        return redirect(source_url(source) + f"#c-{c.guid}")
    try:
        actions.place_coding(c, start, end, actor=audit.actor_of(request.user))
    except ValueError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Coding placed."))
    return redirect(source_url(source) + f"#c-{c.guid}")


def _researchers():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        is_active=True, profile__role="researcher").order_by("username")


def _picker() -> list[dict]:
    """The codable codes in codebook order with their path, for the picker."""
    from .forms import codable_codes

    codes = {c.pk: c for c in Code.objects.all()}

    def path(c):
        parts = []
        node = codes.get(c.parent_id)
        while node:
            parts.append(node.name)
            node = codes.get(node.parent_id)
        return " > ".join(reversed(parts))

    def order(c):
        chain = []
        node = c
        while node:
            chain.append((node.position, node.name))
            node = codes.get(node.parent_id)
        return list(reversed(chain))

    return [{"code": c, "path": path(c)} for c in sorted(codable_codes(), key=order)]


@login_required
@require_POST
def coding_add(request, slug, guid):
    _v, _network, source = _source(request, slug, guid)
    form = CodingForm(request.POST, length=len(source.text))
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect(source_url(source))
    d = form.cleaned_data
    try:
        made = actions.code_selection(source, d["codes"], d["start"], d["end"], request.user,
                                      memo=d["memo"], actor=audit.actor_of(request.user))
    except ValueError as e:
        messages.error(request, str(e))
        return redirect(source_url(source))
    return redirect(source_url(source) + f"#c-{made[0].guid}")


def _coding(request, slug, guid, coding):
    _v, _network, source = _source(request, slug, guid)
    return source, get_object_or_404(Coding, source=source, guid=coding)


@login_required
@require_POST
def coding_change(request, slug, guid, coding):
    source, c = _coding(request, slug, guid, coding)
    form = ChangeCodingForm(request.POST)
    if form.is_valid():
        try:
            actions.change_coding(c, code=form.cleaned_data["code"], memo=form.cleaned_data["memo"],
                                  actor=audit.actor_of(request.user))
        except ValueError as e:
            messages.error(request, str(e))
    else:
        messages.error(request, _("Choose a code."))
    return redirect(source_url(source) + f"#c-{c.guid}")


@login_required
@require_POST
def coding_remove(request, slug, guid, coding):
    source, c = _coding(request, slug, guid, coding)
    actions.remove_coding(c, actor=audit.actor_of(request.user))
    messages.success(request, _("Coding removed."))
    return redirect(source_url(source))


@login_required
@require_POST
def source_memo(request, slug, guid):
    _v, network, source = _source(request, slug, guid)
    form = SourceMemoForm(request.POST, instance=source)
    if form.is_valid():
        form.save()
        audit.log(audit.actor_of(request.user), "source-memo", network_slug=network.slug,
                  object_type="source", object_key=source.guid)
        messages.success(request, _("Memo saved."))
    return redirect(source_url(source))


@login_required
def source_original(request, slug, guid):
    _v, network, source = _seen_source(request, slug, guid)
    audit.log(audit.actor_of(request.user), "source-download", network_slug=network.slug,
              object_type="source", object_key=source.guid)
    response = HttpResponse(bytes(source.original), content_type="application/octet-stream")
    name = (source.original_name or f"{source.guid}.txt").replace('"', "")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _researcher_code(request, guid):
    """The viewer and a code, for researchers (``Viewer.sees_coding``); 404 otherwise."""
    from olievlek.accounts.access import viewer

    v = viewer(request.user)
    if not v.sees_coding():
        raise Http404
    return v, get_object_or_404(Code.objects.select_related("parent", "merged_into"), guid=guid)


def _coding_counts() -> dict[int, int]:
    """Codings per code (every coder's, as a merge moves them all)."""
    return dict(Coding.objects.values_list("code_id").annotate(n=Count("pk")).order_by())


@login_required
def codebook(request):
    """The codebook tree with definitions and counts of codings, and a form to add a code.
    Merged codes are left out (their codings moved); retired codes stay, marked."""
    from olievlek.accounts.access import viewer

    v = viewer(request.user)
    if not v.sees_coding():
        raise Http404
    form = AddCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            code = actions.add_code(d["name"], parent=d["parent"], description=d["description"],
                                    actor=audit.actor_of(request.user))
        except ValueError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("Code added."))
            return redirect(reverse("qda:codebook") + f"#code-{code.guid}")
    counts = _coding_counts()
    children: dict[int | None, list[Code]] = {}
    for c in Code.objects.filter(merged_into__isnull=True).order_by("position", "name"):
        children.setdefault(c.parent_id, []).append(c)

    def rows(parent_id, depth):
        for c in children.get(parent_id, []):
            below = list(rows(c.pk, depth + 1))
            yield {"code": c, "depth": min(depth, 5), "count": counts.get(c.pk, 0)}
            yield from below

    return render(request, "qda/codebook.html", {
        "viewer": v, "rows": list(rows(None, 0)), "form": form,
    }, status=400 if form.errors else 200)


@login_required
def code_page(request, guid):
    """A code: its definition and memo (editable by researchers), the forms to rename, move,
    merge and retire it, and its history (the audit log of the code)."""
    from olievlek.accounts.models import AuditEntry

    v, code = _researcher_code(request, guid)
    form = CodeMemoForm(request.POST or None, instance=code)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit.log(audit.actor_of(request.user), "code-memo", object_type="code",
                  object_key=code.guid)
        messages.success(request, _("Memo saved."))
        return redirect("qda:code", guid=code.guid)
    return render(request, "qda/code.html", {
        "viewer": v, "code": code, "form": form,
        "edit_form": EditCodeForm(initial={"name": code.name, "description": code.description}),
        "move_form": MoveCodeForm(code=code, initial={"parent": code.parent_id}),
        "merge_form": MergeCodeForm(code=code),
        "count": Coding.objects.filter(code=code).count(),
        "merged": code.merged.order_by("name"),
        "history": AuditEntry.objects.filter(object_type="code", object_key=code.guid),
    })


def _back(code: Code):
    return redirect("qda:code", guid=code.guid)


@login_required
@require_POST
def code_edit(request, guid):
    """Rename a code and/or change its definition."""
    _v, code = _researcher_code(request, guid)
    form = EditCodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A code needs a name."))
        return _back(code)
    actor = audit.actor_of(request.user)
    if form.cleaned_data["name"].strip() != code.name:
        try:
            actions.rename_code(code, form.cleaned_data["name"], actor=actor)
        except ValueError:
            messages.error(request, _("A code needs a name."))
            return _back(code)
    actions.define_code(code, form.cleaned_data["description"], actor=actor)
    messages.success(request, _("Code saved."))
    return _back(code)


@login_required
@require_POST
def code_move(request, guid):
    _v, code = _researcher_code(request, guid)
    form = MoveCodeForm(request.POST, code=code)
    if not form.is_valid():
        messages.error(request, _("Choose where the code goes."))
        return _back(code)
    try:
        actions.move_code(code, form.cleaned_data["parent"], actor=audit.actor_of(request.user))
    except ValueError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Code moved."))
    return _back(code)


@login_required
@require_POST
def code_merge(request, guid):
    """Merge a code into another: first a confirmation showing how many codings move, then
    (with ``confirm``) the merge itself."""
    v, code = _researcher_code(request, guid)
    form = MergeCodeForm(request.POST, code=code)
    if not form.is_valid():
        messages.error(request, _("Choose the code to merge into."))
        return _back(code)
    target = form.cleaned_data["into"]
    if not request.POST.get("confirm"):
        return render(request, "qda/code_merge.html", {
            "viewer": v, "code": code, "target": target,
            "count": Coding.objects.filter(code=code).count(),
        })
    try:
        moved = actions.merge_codes(code, target, actor=audit.actor_of(request.user))
    except ValueError as e:
        messages.error(request, str(e))
        return _back(code)
    messages.success(request, ngettext("Merged: %(n)d coding moved.", "Merged: %(n)d codings moved.",
                                       moved) % {"n": moved})
    return _back(target)


@login_required
@require_POST
def code_retire(request, guid):
    _v, code = _researcher_code(request, guid)
    if code.merged_into_id is None and code.retired_at is None:
        actions.retire_code(code, actor=audit.actor_of(request.user))
        messages.success(request, _("Code retired: its codings stay, it can no longer be applied."))
    return _back(code)


@login_required
@require_POST
def code_reactivate(request, guid):
    """Put a retired code back in use."""
    _v, code = _researcher_code(request, guid)
    try:
        actions.reactivate_code(code, actor=audit.actor_of(request.user))
    except ValueError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Code back in use: it can be applied again."))
    return _back(code)


@login_required
@require_POST
def code_order(request, guid):
    """Move a code up or down among the codes under the same parent."""
    _v, code = _researcher_code(request, guid)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""), 0)
    if code.merged_into_id is None and step:
        actions.order_code(code, step, actor=audit.actor_of(request.user))
    if request.POST.get("next") == "codebook":
        return redirect(reverse("qda:codebook") + f"#code-{code.guid}")
    return _back(code)


def _reviewable(request, slug, guid):
    """A double-coded source for someone who does not code it blind."""
    v, network, source = _source(request, slug, guid)
    if v.codes_blind(source):
        raise Http404
    return v, network, source


@login_required
@require_POST
def assign(request, slug, guid):
    _v, _network, source = _reviewable(request, slug, guid)
    users = {str(u.pk): u for u in _researchers()}
    first, second = users.get(request.POST.get("first", "")), users.get(request.POST.get("second", ""))
    if first is None or second is None:
        messages.error(request, _("Choose two coders."))
    else:
        try:
            actions.assign_double_coding(source, first, second, actor=audit.actor_of(request.user))
            messages.success(request, _("The two coders now code this source blind."))
        except ValueError as e:
            messages.error(request, str(e))
    return redirect(source_url(source))


@login_required
def agreement(request, slug, guid):
    """Agreement of the two coders, overall and per code, and the disagreements to settle."""
    v, network, source = _reviewable(request, slug, guid)
    first, second = actions.coders_of(source)
    if request.method == "POST":
        actor = audit.actor_of(request.user)
        try:
            if request.POST.get("action") == "finish":
                actions.finish_settling(source, actor=actor)
                messages.success(request, _("Settled: the first coder's codings are the coding of record."))
            else:
                code = get_object_or_404(Code, pk=request.POST.get("code", "0"))
                actions.settle(source, code, int(request.POST.get("paragraph", "-1")),
                               keep=request.POST.get("action") == "keep", actor=actor)
        except (ValueError, TypeError) as e:
            messages.error(request, str(e))
        return redirect(reverse("qda:agreement", args=[slug, guid]))
    result = actions.source_agreement(source, first, second) if first and second else None
    names = {c.guid: c for c in Code.objects.filter(guid__in=[r.code for r in result.codes])} if result else {}
    rows = [(names.get(r.code), r) for r in result.codes] if result else []
    settled = source.assignments.filter(settled_at__isnull=False).exists()
    return render(request, "qda/agreement.html", {
        "viewer": v, "network": network, "source": source, "first": first, "second": second,
        "result": result, "rows": rows, "disagreements": actions.disagreements(source),
        "settled": settled,
    })
