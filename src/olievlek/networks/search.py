"""Search for a person or unit across the networks the user may see.

People are matched only on what the viewer may see of them (``Viewer.mode`` per network):
by name, id or e-mail where names are visible, by pseudonym where they are not, and a
participant finds only themselves. So a search never confirms a hidden name.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render

from olievlek.accounts.access import NAMES, PSEUDONYMS, viewer, visible_networks

from .models import Person, Unit

LIMIT = 200
SORTS = {"name": lambda r: (r["label"].lower(), r["network"].name),
         "network": lambda r: (r["network"].name, r["label"].lower())}


@login_required
def search(request):
    v = viewer(request.user)
    q = request.GET.get("q", "").strip()[:100]
    sort = request.GET.get("sort", "name")
    people, units = [], []
    if len(q) >= 2:
        networks = {n.pk: n for n in visible_networks(v)}
        modes = {pk: v.mode(n) for pk, n in networks.items()}
        named = [pk for pk, m in modes.items() if m == NAMES]
        pseudonymous = [pk for pk, m in modes.items() if m == PSEUDONYMS]
        match = (Q(network__in=named) & (Q(name__icontains=q) | Q(key__iexact=q) | Q(email__iexact=q))
                 | Q(network__in=pseudonymous, pseudonym__icontains=q))
        if v.person_id:
            match |= Q(pk=v.person_id, name__icontains=q)
        for person in Person.objects.filter(match, network__in=list(networks))[:LIMIT]:
            mode = modes[person.network_id]
            network = networks[person.network_id]
            people.append({"network": network, "label": v.label(person, mode),
                           "ref": v.reference(person, mode), "function": person.function})
        for unit in Unit.objects.filter(Q(name__icontains=q) | Q(key__iexact=q) | Q(kind__icontains=q),
                                        network__in=list(networks)).select_related("network")[:LIMIT]:
            units.append({"network": unit.network, "label": unit.name, "unit": unit})
        key = SORTS.get(sort, SORTS["name"])
        people.sort(key=key)
        units.sort(key=key)
    return render(request, "networks/search.html", {
        "q": q, "people": people, "units": units, "searched": len(q) >= 2, "sort": sort,
    })
