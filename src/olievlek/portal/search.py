"""The portal's search: one index of public people, groups and products, one query.

Both databases get the same terms (:func:`olievlek.portal.text.terms`: accents folded, Dutch
stop words out, Snowball Dutch stems) for documents and queries alike, and match every term
of the query (AND):

- SQLite: the FTS5 table ``portal_search_fts`` (kept in step with ``SearchEntry`` by
  triggers), ranked by FTS5's bm25;
- PostgreSQL: ``to_tsvector('dutch', terms) @@ plainto_tsquery('dutch', query terms)`` on a
  GIN index, ranked by ``ts_rank``.

Ties in rank, and a search without words (browsing), are ordered by title. Entries are made
here from the public rows only (:mod:`olievlek.portal.models`); nothing else is indexed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import Count, F, FloatField, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import translation

from . import text
from .models import PublicProfile, PublishedObject, PublishedUnit, SearchEntry

PER_PAGE = 20
FACETS = ("kind", "sector", "province", "theme", "product_kind", "organisation_type")


# ---------------------------------------------------------------------------------------------
# Indexing


def _portal_of(network):
    return getattr(network, "portal", None)


def _on_portal(network) -> bool:
    portal = _portal_of(network)
    return bool(portal and portal.enabled)


def _province(network) -> str:
    portal = _portal_of(network)
    return portal.province if portal else ""


def _save(lookup: dict, values: dict) -> SearchEntry:
    values["terms"] = " ".join(text.terms(values.pop("words")))
    for name in ("title", "summary"):
        values[name] = values[name][:300 if name == "title" else 500]
    values["theme"] = values["theme"][:300]
    entry, _created = SearchEntry.objects.update_or_create(**lookup, defaults=values)
    return entry


def index_profile(profile: PublicProfile) -> SearchEntry | None:
    """Add or refresh a profile's entry (none while its network is off the portal)."""
    from . import public

    person = profile.person
    network = person.network
    if not _on_portal(network):
        SearchEntry.objects.filter(profile=profile).delete()
        return None
    with translation.override("nl"):
        kinds = " ".join(profile.kind_labels())
    groups = " ".join(p.unit.name for p in public.groups_of(profile))
    org = person.organisation
    return _save({"profile": profile}, {
        "kind": "person", "network": network, "title": profile.name,
        "summary": " · ".join(x for x in (profile.role, profile.organisation) if x),
        "url": reverse("portal:person", args=[profile.pk]),
        "words": " ".join([profile.name, profile.role, profile.organisation, profile.region,
                           kinds, profile.expertise, groups]),
        "sector": network.sector, "province": _province(network), "theme": network.theme,
        "product_kind": "", "organisation_type": org.type if org else "",
    })


def index_unit(pub: PublishedUnit) -> SearchEntry | None:
    """Add or refresh a published group's entry (removed once it is unpublished)."""
    from . import public

    unit = pub.unit
    network = unit.network
    if not (pub.published and _on_portal(network)):
        SearchEntry.objects.filter(unit=pub).delete()
        return None
    organisations = " ".join(public.organisations_of(pub))
    return _save({"unit": pub}, {
        "kind": "group", "network": network, "title": unit.name,
        "summary": " · ".join(x for x in (unit.kind, pub.theme or network.theme) if x),
        "url": reverse("portal:group", args=[pub.pk]),
        "words": " ".join([unit.name, unit.kind, pub.theme, pub.goal, pub.how_to_join,
                           organisations, network.name]),
        "sector": network.sector, "province": _province(network),
        "theme": pub.theme or network.theme, "product_kind": "", "organisation_type": "",
    })


def index_product(pub: PublishedObject) -> SearchEntry | None:
    """Add or refresh a public product's entry (removed once it is no longer public), and
    its OAI-PMH record's datestamp (:func:`olievlek.portal.oai.refresh`)."""
    from . import oai, public

    oai.refresh(pub)
    obj = pub.object
    network = obj.network
    if not (pub.public and _on_portal(network)):
        SearchEntry.objects.filter(product=pub).delete()
        return None
    makers = " ".join(p.name for p in public.makers_of(pub))
    groups = " ".join(u.unit.name for u in public.groups_of_product(pub))
    themes = [t.strip() for t in obj.themes.split(";") if t.strip()]
    with translation.override("nl"):
        kind = str(obj.get_kind_display())
    return _save({"product": pub}, {
        "kind": "product", "network": network, "title": obj.title,
        "summary": " · ".join(x for x in (obj.form or kind, ", ".join(themes)) if x),
        "url": reverse("portal:product", args=[pub.pk]),
        "words": " ".join([obj.title, obj.form, kind, obj.themes, obj.description, makers,
                           groups]),
        "sector": network.sector, "province": _province(network),
        "theme": themes[0] if themes else network.theme, "product_kind": obj.kind,
        "organisation_type": "",
    })


@transaction.atomic
def reindex_network(network) -> int:
    """Rebuild every entry of one network (after a change of its portal settings, an
    import, or a profile's groups changing); returns how many entries it has."""
    SearchEntry.objects.filter(network=network).delete()
    count = 0
    for profile in PublicProfile.objects.filter(person__network=network).select_related(
            "person__network__portal", "person__organisation"):
        count += index_profile(profile) is not None
    for pub in PublishedUnit.objects.filter(unit__network=network).select_related(
            "unit__network__portal"):
        count += index_unit(pub) is not None
    for prod in PublishedObject.objects.filter(object__network=network).select_related(
            "object__network__portal"):
        count += index_product(prod) is not None
    return count


def reindex(networks=None, progress=None) -> int:
    """Rebuild the index of ``networks`` (all when None); ``progress(done, total)``."""
    from olievlek.networks.models import Network

    everything = networks is None
    networks = list(Network.objects.all() if networks is None else networks)
    if everything:
        SearchEntry.objects.all().delete()  # entries of networks deleted meanwhile too
    total = 0
    for i, network in enumerate(networks, 1):
        total += reindex_network(network)
        if progress:
            progress(i, len(networks), "reindex")
    return total


# ---------------------------------------------------------------------------------------------
# Searching


@dataclass
class Results:
    query: str
    terms: list[str]
    page: Page
    facets: dict[str, list[tuple[str, int, bool]]] = field(default_factory=dict)
    chosen: dict[str, str] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return self.page.paginator.count


def _matches(query: str):
    """The entries matching every word of ``query`` and the expression of their rank
    (higher is better; None for a query without words, which matches everything)."""
    qs = SearchEntry.objects.all()
    stems = text.terms(query)
    if not stems:
        return qs, None
    if connection.vendor == "postgresql":
        words = " ".join(stems)
        vector = "to_tsvector('dutch'::regconfig, portal_searchentry.terms)"
        qs = qs.filter(pk__in=RawSQL(
            f"SELECT id FROM portal_searchentry WHERE {vector} @@ plainto_tsquery('dutch', %s)",
            [words]))
        rank = RawSQL(f"ts_rank({vector}, plainto_tsquery('dutch', %s))", [words],
                      output_field=FloatField())
    else:
        match = " ".join('"' + s.replace('"', '""') + '"' for s in stems)
        qs = qs.filter(pk__in=RawSQL(
            "SELECT rowid FROM portal_search_fts WHERE portal_search_fts MATCH %s", [match]))
        # FTS5's rank is bm25, lower is better.
        rank = RawSQL("-(SELECT rank FROM portal_search_fts WHERE portal_search_fts MATCH %s "
                      "AND rowid = portal_searchentry.id)", [match], output_field=FloatField())
    return qs, rank


def _ranked(qs, rank) -> QuerySet[SearchEntry]:
    if rank is None:
        return qs.annotate(rank=Value(0.0, output_field=FloatField())).order_by("title", "pk")
    return qs.annotate(rank=rank).order_by(F("rank").desc(), "title", "pk")


def matching(query: str) -> QuerySet[SearchEntry]:
    """Every entry matching all the words of ``query``, annotated with ``rank`` (higher is
    better) and ordered by it, then by title. A query without words matches everything."""
    return _ranked(*_matches(query))


def search(query: str, filters: dict[str, str] | None = None, page: int | str = 1) -> Results:
    """The portal search: matches of ``query``, narrowed by the chosen facet values, one page
    of ``PER_PAGE``; facet counts are over the matches narrowed by the other facets."""
    chosen = {k: v for k, v in (filters or {}).items() if k in FACETS and v}
    base, rank = _matches(query)
    narrowed = _ranked(base.filter(**chosen), rank)
    facets: dict[str, list[tuple[str, int, bool]]] = {}
    for name in FACETS:
        others = base.filter(**{k: v for k, v in chosen.items() if k != name})
        rows = (others.exclude(**{name: ""}).order_by().values_list(name)
                .annotate(n=Count("pk")).order_by(name))
        facets[name] = [(value, n, chosen.get(name) == value) for value, n in rows]
    paginator = Paginator(narrowed, PER_PAGE)
    return Results(query=query, terms=text.terms(query), page=paginator.get_page(page),
                   facets=facets, chosen=chosen)
