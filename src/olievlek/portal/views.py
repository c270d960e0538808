"""The public portal (no login) and the page where a network chooses what it publishes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from olievlek.accounts import access, audit
from olievlek.accounts.clientip import client_ip
from olievlek.surveys import throttle

from . import actions, metadata, public, search
from .forms import ContactForm, ObjectForm, PortalForm, ProfileForm, UnitForm
from .models import EXPERTISE_CHOICES, PortalNetwork, PublishedObject, PublishedUnit

FACET_LABELS = {
    "kind": gettext_lazy("what"), "sector": gettext_lazy("sector"),
    "province": gettext_lazy("province"), "theme": gettext_lazy("theme"),
    "product_kind": gettext_lazy("kind of product"),
    "organisation_type": gettext_lazy("type of organisation"),
}


def home(request):
    networks = (PortalNetwork.objects.filter(enabled=True).select_related("network")
                .order_by("network__name"))
    return render(request, "portal/home.html", {
        "networks": networks,
        "groups": public.groups().select_related("unit__network").order_by("unit__name")[:12],
        "products": public.products().select_related("object__network")
        .order_by("-object__date", "object__title")[:12],
        "jsonld": metadata.script({"@context": "https://schema.org", "@type": "WebSite",
                                   "name": "olievlek portaal", "url": metadata.absolute("/portaal/"),
                                   "potentialAction": {
                                       "@type": "SearchAction",
                                       "target": metadata.absolute("/portaal/zoeken/?q={q}"),
                                       "query-input": "required name=q"}}),
    })


def search_page(request):
    query = request.GET.get("q", "")[:200]
    filters = {k: request.GET.get(k, "")[:300] for k in search.FACETS}
    results = search.search(query, filters, request.GET.get("page", 1))
    facets = []
    for name, values in results.facets.items():
        if values:
            facets.append((name, FACET_LABELS[name], [(v, _facet_label(name, v), n, on)
                                                      for v, n, on in values]))
    return render(request, "portal/search.html", {
        "query": query, "results": results, "facets": facets, "chosen": results.chosen,
        "jsonld": metadata.script({"@context": "https://schema.org", "@type": "SearchResultsPage",
                                   "name": _("Search the portal")}),
    })


def _facet_label(name: str, value: str) -> str:
    from olievlek.networks.models import ORGANISATION_TYPE_CHOICES, SECTOR_CHOICES
    from olievlek.portfolio.models import KIND_CHOICES

    from .models import KIND_CHOICES as ENTRY_KINDS

    choices = {"kind": ENTRY_KINDS, "sector": SECTOR_CHOICES, "product_kind": KIND_CHOICES,
               "organisation_type": ORGANISATION_TYPE_CHOICES}.get(name)
    return str(dict(choices).get(value, value)) if choices else value


def person(request, pk):
    profile = get_object_or_404(public.profiles().select_related("person__network"), pk=pk)
    return render(request, "portal/person.html", {
        "profile": profile, "groups": public.groups_of(profile),
        "products": public.products_of_person(profile), "form": ContactForm(),
        "jsonld": metadata.script(metadata.person_ld(profile)),
    })


@require_POST
def contact(request, pk):
    profile = get_object_or_404(public.profiles().select_related("person__network"), pk=pk)
    form = ContactForm(request.POST)
    context = {"profile": profile, "groups": public.groups_of(profile),
               "products": public.products_of_person(profile), "form": form,
               "jsonld": metadata.script(metadata.person_ld(profile))}
    address = client_ip(request)
    if not actions.contact_allowed(address):
        context["error"] = _("Too many messages from your address; try again later.")
        return render(request, "portal/person.html", context, status=429)
    if not form.is_valid():
        return render(request, "portal/person.html", context, status=400)
    actions.send_contact(profile, address=address, **form.cleaned_data)
    context["sent"] = True
    context["form"] = ContactForm()
    return render(request, "portal/person.html", context)


def group(request, pk):
    pub = get_object_or_404(public.groups().select_related("unit__network"), pk=pk)
    return render(request, "portal/group.html", {
        "pub": pub, "unit": pub.unit, "members": public.members_of(pub),
        "organisations": public.organisations_of(pub), "products": public.products_of_group(pub),
        "jsonld": metadata.script(metadata.group_ld(pub)),
    })


def _user_agent(request) -> str:
    return request.META.get("HTTP_USER_AGENT", "")


def product(request, pk):
    pub = get_object_or_404(public.products().select_related("object__network"), pk=pk)
    obj = pub.object
    actions.count(obj, "view", address=client_ip(request), user_agent=_user_agent(request))
    counts = list(obj.usage_counts.order_by("-month"))
    totals = obj.usage_counts.aggregate(views=Sum("views"), downloads=Sum("downloads"))
    return render(request, "portal/product.html", {
        "pub": pub, "obj": obj, "makers": public.makers_of(pub),
        "unnamed_makers": public.unnamed_makers(pub), "groups": public.groups_of_product(pub),
        "licence_url": metadata.licence_url(obj.licence), "counts": counts, "totals": totals,
        "uses": obj.uses.filter(proposed=False).count(),
        "sources": public.products().filter(object__in=obj.based_on.all()).select_related("object"),
        "jsonld": metadata.script(metadata.product_ld(pub)),
    })


def download(request, pk):
    pub = get_object_or_404(public.products().select_related("object"), pk=pk)
    if not pub.file and not pub.object.url:
        raise Http404
    actions.count(pub.object, "download", address=client_ip(request),
                  user_agent=_user_agent(request))
    if pub.file:
        return FileResponse(pub.file.open("rb"), as_attachment=True,
                            filename=pub.file.name.rsplit("/", 1)[-1])
    return HttpResponseRedirect(pub.object.url)


def own_profile(request, token):
    """The person's own page, reached only through their link: make, change or remove."""
    person_ = actions.person_for_token(token)
    if person_ is None:
        if throttle.refuse(request, token):
            return HttpResponse(_("Too many attempts; try again later."), status=429)
        raise Http404
    profile = getattr(person_, "public_profile", None)
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        actions.withdraw(person_, actor="portal profile link")
        return render(request, "portal/own_profile.html", {"withdrawn": True})
    initial = ({"name": profile.name, "role": profile.role, "organisation": profile.organisation,
                "region": profile.region, "expertise_kinds": profile.kinds,
                "expertise": profile.expertise, "show_groups": profile.show_groups,
                "consent": True} if profile else
               {"name": person_.name, "role": person_.function,
                "organisation": person_.organisation_label,
                "region": (person_.organisation.region if person_.organisation else "")
                or person_.network.region, "show_groups": True})
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        data.pop("consent")
        profile = actions.save_profile(person_, actor="portal profile link", **data)
        return redirect("portal:person", pk=profile.pk)
    return render(request, "portal/own_profile.html", {
        "person": person_, "profile": profile, "form": form, "consent_text": actions.CONSENT_TEXT,
        "kinds": EXPERTISE_CHOICES})


# ---------------------------------------------------------------------------------------------
# The network's choices (coordinators and researchers: accounts.access)


@login_required
def manage(request, slug):
    _v, network = access.network_to_edit(request, slug)
    portal = PortalNetwork.objects.filter(network=network).first()
    units = {p.unit_id: p for p in PublishedUnit.objects.filter(unit__network=network)}
    objects = {p.object_id: p for p in PublishedObject.objects.filter(object__network=network)}
    people = network.people.select_related("public_profile").order_by("key")
    v = access.viewer(request.user)
    mode = v.mode(network)
    return render(request, "portal/manage.html", {
        "network": network,
        "form": PortalForm(initial={"enabled": portal.enabled, "province": portal.province,
                                    "description": portal.description} if portal else None),
        "units": [(u, units.get(u.pk)) for u in network.units.order_by("key")],
        "objects": [(o, objects.get(o.pk), metadata.licence_url(o.licence))
                    for o in network.boundary_objects.order_by("key")],
        "people": [(p, v.label(p, mode), hasattr(p, "public_profile")) for p in people],
    })


def _actor(request) -> str:
    return audit.actor_of(request.user)


@login_required
@require_POST
def manage_portal(request, slug):
    _v, network = access.network_to_edit(request, slug)
    form = PortalForm(request.POST)
    if form.is_valid():
        actions.set_portal(network, actor=_actor(request), **form.cleaned_data)
    return redirect("portal:manage", slug=slug)


@login_required
@require_POST
def manage_unit(request, slug, key):
    _v, network = access.network_to_edit(request, slug)
    unit = get_object_or_404(network.units, key=key)
    form = UnitForm(request.POST)
    if form.is_valid():
        actions.publish_unit(unit, actor=_actor(request), **form.cleaned_data)
    return redirect("portal:manage", slug=slug)


@login_required
@require_POST
def manage_object(request, slug, key):
    from django.contrib import messages

    _v, network = access.network_to_edit(request, slug)
    obj = get_object_or_404(network.boundary_objects, key=key)
    form = ObjectForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.publish_object(obj, actor=_actor(request), **form.cleaned_data)
        except actions.PortalError as exc:
            messages.error(request, str(exc))
    return redirect("portal:manage", slug=slug)


@login_required
@require_POST
def manage_invite(request, slug, key):
    from django.contrib import messages

    _v, network = access.network_to_edit(request, slug)
    person_ = get_object_or_404(network.people, key=key)
    try:
        actions.invite(person_, actor=_actor(request))
        messages.success(request, _("The link has been sent."))
    except actions.PortalError as exc:
        messages.error(request, str(exc))
    return redirect("portal:manage", slug=slug)
