"""Pages of a network: the list, the network with its system picture, a person.

Every view loads the network through ``olievlek.accounts.access`` (404 for networks the user
may not see) and shows people only as ``Viewer.label``/``Viewer.reference`` allow.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from olievlek.accounts import audit
from olievlek.accounts.access import (
    AGGREGATE,
    NAMES,
    PSEUDONYMS,
    SELF,
    network_for,
    small_cell_threshold,
    viewer,
    visible_networks,
)

from . import systempicture
from .models import Membership, Network, Person

# Other apps' pages about one network, linked from its page when that app is installed:
# (url name, label, shown to participants too). The pages check access themselves; this only
# spares participants links that would answer 404.
SECTIONS = [
    ("surveys_waves", gettext_lazy("Questionnaire waves"), False),
    ("insight-home", gettext_lazy("Analysis"), True),
    ("participants:network", gettext_lazy("Participants"), False),
    ("portfolio:list", gettext_lazy("Portfolio"), False),
    ("portfolio:olievlek", gettext_lazy("Olievlek"), False),
    ("qda:sources", gettext_lazy("Sources and coding"), False),
    ("activities:list", gettext_lazy("Activities"), False),
    ("activities:turnover", gettext_lazy("Turnover"), False),
    ("activities:monitor", gettext_lazy("Sustainability monitor"), False),
    ("reports:list", gettext_lazy("Case reports"), False),
    ("governance:overview", gettext_lazy("Governance"), False),
]


def section_links(network: Network, v) -> list[tuple[str, str]]:
    links = []
    for name, label, for_participants in SECTIONS:
        if v.is_participant and not for_participants:
            continue
        if name == "qda:sources" and v.sources_seen(network).exists():
            pass  # a coordinator with sources shared with them
        elif name.startswith("qda:") and not v.sees_coding(network):
            continue
        try:
            links.append((reverse(name, kwargs={"slug": network.slug}), str(label)))
        except NoReverseMatch:
            continue
    return links


def response_rate(wave) -> float | None:
    """Complete responses over everyone invited (invited, partial and complete)."""
    counts = wave.responses.aggregate(
        total=Count("id"), complete=Count("id", filter=Q(status="complete"))
    )
    return counts["complete"] / counts["total"] if counts["total"] else None


def _first_wave(network: Network):
    return network.waves.order_by("label").first()


@login_required
def network_list(request):
    v = viewer(request.user)
    rows = []
    today = dt.date.today()
    for network in visible_networks(v).order_by("slug"):
        wave = _first_wave(network)
        rows.append({
            "network": network,
            "members": network.members_on(today).distinct().count(),
            "wave": wave,
            "rate": response_rate(wave) if wave else None,
        })
    return render(request, "networks/network_list.html", {"rows": rows})


def _people_rows(network: Network, v, mode: str, today: dt.date) -> list[dict]:
    """One row per person the viewer may see individually, as they may see them."""
    people = network.people.select_related("organisation").prefetch_related(
        "memberships__unit"
    )
    if mode not in (NAMES, PSEUDONYMS):
        people = people.filter(pk=v.person_id)
    rows = []
    for person in people:
        active = [m for m in person.memberships.all() if m.is_active_on(today)]
        rows.append({
            "person": person,
            "ref": v.reference(person, mode),
            "label": v.label(person, mode),
            "show_identity": mode == NAMES or person.pk == v.person_id,
            "memberships": sorted(active, key=lambda m: m.unit.name),
            "pin": len({m.unit_id for m in active}) > 1,
        })
    rows.sort(key=lambda r: r["label"].lower())
    return rows


# Other apps' pages about one wave: (url name, extra kwargs, label, shown to participants too).
WAVE_SECTIONS = [
    ("insight-wave", {"page": "sociogram"}, gettext_lazy("Sociogram"), True),
    ("insight-wave", {"page": "leadership"}, gettext_lazy("Leadership"), False),
    ("insight-wave", {"page": "islands"}, gettext_lazy("Islands"), False),
    ("surveys_responses", {}, gettext_lazy("Responses"), False),
]


def wave_links(network: Network, wave, v) -> list[tuple[str, str]]:
    links = []
    for name, extra, label, for_participants in WAVE_SECTIONS:
        if v.is_participant and not for_participants:
            continue
        if name.startswith("qda:") and not v.sees_coding(network):
            continue
        try:
            url = reverse(name, kwargs={"slug": network.slug, "label": wave.label, **extra})
        except NoReverseMatch:
            continue
        links.append((url, str(label)))
    return links


def _wave_rows(network: Network, v) -> list[dict]:
    rows = []
    for wave in network.waves.annotate(
        invited=Count("responses"),
        complete=Count("responses", filter=Q(responses__status="complete")),
        partial=Count("responses", filter=Q(responses__status="partial")),
    ).order_by("label"):
        rows.append({
            "wave": wave,
            "rate": wave.complete / wave.invited if wave.invited else None,
            "links": wave_links(network, wave, v),
        })
    return rows


@login_required
def network_detail(request, slug: str):
    v, network = network_for(request, slug)
    mode = v.mode(network)
    today = dt.date.today()
    people = _people_rows(network, v, mode, today)
    roots = systempicture.boxes_for(network, v, mode, today)
    organisations = network.organisations.annotate(people_count=Count("people"))
    context = {
        "network": network,
        "mode": mode,
        "names_visible": mode == NAMES,
        "picture": systempicture.render(roots, _("System picture of %(network)s") % {
            "network": network.name}),
        "legend": systempicture.legend(),
        "unit_count": network.units.count(),
        "people": people,
        "people_total": network.people.count(),
        "hidden_people": network.people.count() - len(people),
        "organisations": organisations,
        "waves": _wave_rows(network, v),
        "can_set_names": v.is_researcher,
        "can_edit": v.edits(network),
        "sections": section_links(network, v),
        "warnings": _warnings(network, v, mode),
    }
    return render(request, "networks/network_detail.html", context)


def _warnings(network: Network, v, mode: str) -> dict | None:
    """Vulnerable moments (``olievlek.activities.data.warnings``) for those who maintain the
    network: key roles vacant, units without a role holder, departures that cut people off."""
    if not v.edits(network):
        return None
    from olievlek import derived
    from olievlek.activities.data import warnings

    # Once per data version and day: vacancies are counted up to today.
    found = derived.cached("warnings", [network.pk], lambda: warnings(network), extra=(dt.date.today(),))
    if not any(found.values()):
        return None
    units = dict(network.units.values_list("key", "name"))
    people = {p.key: v.label(p, mode) for p in network.people.all()}
    return {
        "vacant": [(units.get(u, u), role, since) for u, role, since in found["vacant"]],
        "without_role": [units.get(u, u) for u in found["without_role"]],
        "cut_off": [(people.get(k, k), n, pairs) for k, n, pairs in found["cut_off"]],
        "cut_off_units": [units.get(u, u) for u in found["cut_off_units"]],
    }


@login_required
def system_picture_download(request, slug: str, ext: str):
    """The system picture as the viewer sees it on the network page, as SVG or PNG, with a
    caption saying which network, what the viewer may see and of which day."""
    from olievlek.insight.svg import add_caption
    from olievlek.pictures import png_for

    v, network = network_for(request, slug)
    mode = v.mode(network)
    today = dt.date.today()
    roots = systempicture.boxes_for(network, v, mode, today)
    if not roots:
        raise Http404
    svg = str(systempicture.render(roots, _("System picture of %(network)s") % {
        "network": network.name}))
    shown = {NAMES: _("names shown"), PSEUDONYMS: _("pseudonyms instead of names")}.get(
        mode, _("own memberships only"))
    svg = add_caption(svg, [
        _("System picture of %(network)s") % {"network": network.name},
        " · ".join([_("privacy: %(mode)s") % {"mode": shown},
                    _("memberships on %(date)s") % {"date": today.isoformat()}]),
        " · ".join(f"{label}" for _css, _colour, label in systempicture.legend()),
    ])
    body = svg.encode() if ext == "svg" else png_for(svg)
    response = HttpResponse(body, content_type="image/svg+xml" if ext == "svg" else "image/png")
    safe = re.sub(r"[^\w.-]+", "_", network.slug, flags=re.ASCII)
    response["Content-Disposition"] = f'attachment; filename="{safe}-system-picture.{ext}"'
    return response


@login_required
@require_POST
def set_coordinator_names(request, slug: str):
    """A researcher lets the network's coordinators see names, or takes that back."""
    v, network = network_for(request, slug)
    if not v.is_researcher:
        raise PermissionDenied
    value = request.POST.get("value") == "on"
    if network.coordinator_sees_names != value:
        with transaction.atomic():
            network.coordinator_sees_names = value
            network.save(update_fields=["coordinator_sees_names"])
            audit.log(
                audit.actor_of(request.user),
                "coordinator_sees_names",
                network_slug=network.slug,
                object_type="network",
                object_key=network.slug,
                detail="on" if value else "off",
            )
    if value:
        messages.success(request, _("Coordinators of this network now see names."))
    else:
        messages.success(request, _("Coordinators of this network now see pseudonyms."))
    return redirect(network.get_absolute_url())


def _person_for(v, network: Network, mode: str, ref: str) -> Person:
    """The person ``ref`` names, only if it is the reference this viewer would be given.

    Under pseudonyms the package id is never accepted (it may contain a name), so guessing
    ids gives 404, as does any person a participant is not.
    """
    match = Q(key=ref) | Q(pseudonym=ref)
    if ref[:1] == "P" and ref[1:].isdigit():  # Viewer.reference of someone without a pseudonym
        match |= Q(pk=int(ref[1:]), pseudonym="")
    candidates = network.people.filter(match).select_related("organisation")
    for person in candidates:
        if v.may_see_person(person, mode) and v.reference(person, mode) == ref:
            return person
    raise Http404


def ego_link(v, network: Network, person: Person) -> str:
    """The sociogram of the latest wave focused on ``person``, where the viewer may see them in
    it: by name or pseudonym (a participant: only themselves); never under aggregates."""
    wave = network.waves.order_by("-label").first()
    if wave is None:
        return ""
    mode = v.mode(network, wave)
    if mode not in (NAMES, PSEUDONYMS) and not (mode == SELF and person.pk == v.person_id):
        return ""
    try:
        url = reverse("insight-wave", kwargs={"slug": network.slug, "label": wave.label,
                                              "page": "sociogram"})
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode({'focus': v.reference(person, mode)})}"


@login_required
def person_detail(request, slug: str, person: str):
    v, network = network_for(request, slug)
    mode = v.mode(network)
    try:
        subject = _person_for(v, network, mode, person)
    except Http404:
        # A researcher following a pseudonymised link goes to the person's own page.
        if mode == NAMES:
            found = network.people.filter(pseudonym=person).first()
            if found is not None:
                return redirect("person_detail", slug=network.slug, person=found.key)
        raise
    today = dt.date.today()
    memberships = (
        Membership.objects.filter(person=subject)
        .select_related("unit")
        .order_by("start", "unit__name")
    )
    # A wave whose coordinators see aggregates only shows no one's status one by one.
    responses = [
        r for r in subject.responses.select_related("wave").order_by("wave__label")
        if v.mode(network, r.wave) != AGGREGATE or subject.pk == v.person_id
    ]
    context = {
        "network": network,
        "subject": subject,
        "ref": v.reference(subject, mode),
        "can_edit": v.edits(network),
        "ego": ego_link(v, network, subject),
        "label": v.label(subject, mode),
        "show_identity": mode == NAMES or subject.pk == v.person_id,
        "memberships": [(m, m.is_active_on(today)) for m in memberships],
        "responses": responses,
        "pin": len({m.unit_id for m in memberships if m.is_active_on(today)}) > 1,
        "show_background": v.shows_background(network, subject, mode),
        "threshold": small_cell_threshold(),
        # Coding quotes people: researchers only (Viewer.sees_coding).
        "sources": subject.sources.order_by("date", "title") if v.sees_coding(network) else None,
    }
    return render(request, "networks/person_detail.html", context)
