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


def _fts_match(stems: list[str]) -> str:
    """An FTS5 query asking for every stem (each quoted: no FTS5 syntax from the user)."""
    return " ".join('"' + s.replace('"', '""') + '"' for s in stems)


def _matches(query: str):
    """The entries matching every word of ``query`` and the expression of their rank
    (higher is better; None for a query without words, which matches everything).

    The full-text table is joined, not asked once per row: FTS5's ``rank`` (bm25) and
    PostgreSQL's ``ts_rank`` on the stored ``terms_tsv`` column are read for the matches
    only (``bench/portal.py``)."""
    qs = SearchEntry.objects.all()
    stems = text.terms(query)
    if not stems:
        return qs, None
    if connection.vendor == "postgresql":
        words = " ".join(stems)
        qs = qs.extra(where=["portal_searchentry.terms_tsv @@ plainto_tsquery('dutch', %s)"],
                      params=[words])
        rank = RawSQL("ts_rank(portal_searchentry.terms_tsv, plainto_tsquery('dutch', %s))",
                      [words], output_field=FloatField())
    else:
        match = _fts_match(stems)
        qs = qs.extra(tables=["portal_search_fts"],
                      where=["portal_search_fts.rowid = portal_searchentry.id",
                             "portal_search_fts MATCH %s"], params=[match])
        # FTS5's rank is bm25, lower is better.
        rank = RawSQL("-portal_search_fts.rank", [], output_field=FloatField())
    return qs, rank


def _ranked(qs, rank) -> QuerySet[SearchEntry]:
    if rank is None:
        return qs.annotate(rank=Value(0.0, output_field=FloatField())).order_by("title", "pk")
    return qs.annotate(rank=rank).order_by(F("rank").desc(), "title", "pk")


def matching(query: str) -> QuerySet[SearchEntry]:
    """Every entry matching all the words of ``query``, annotated with ``rank`` (higher is
    better) and ordered by it, then by title. A query without words matches everything."""
    return _ranked(*_matches(query))


# Above this many matches SQLite counts the facets by reading the covering index
# ``portal_search_facets`` once instead of looking up each match (bench/portal.py).
MANY_MATCHES = 2_000


def _combinations(query: str, base) -> list[tuple]:
    """(kind, sector, province, theme, product_kind, organisation_type, n) of the matches."""
    stems = text.terms(query)
    if stems and connection.vendor == "sqlite":
        match = _fts_match(stems)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM portal_search_fts WHERE portal_search_fts "
                           "MATCH %s", [match])
            if cursor.fetchone()[0] > MANY_MATCHES:
                columns = ", ".join(FACETS)
                cursor.execute(
                    f"SELECT {columns}, count(*) FROM portal_searchentry INDEXED BY "
                    f"portal_search_facets WHERE id IN (SELECT rowid FROM portal_search_fts "
                    f"WHERE portal_search_fts MATCH %s) GROUP BY {columns}", [match])
                return [tuple(row) for row in cursor.fetchall()]
    return list(base.order_by().values_list(*FACETS).annotate(n=Count("pk")))


def search(query: str, filters: dict[str, str] | None = None, page: int | str = 1) -> Results:
    """The portal search: matches of ``query``, narrowed by the chosen facet values, one page
    of ``PER_PAGE``; facet counts are over the matches narrowed by the other facets.

    All facet counts and the number of results come from one grouped query over the matches
    (one row per combination of facet values), summed here."""
    chosen = {k: v for k, v in (filters or {}).items() if k in FACETS and v}
    base, rank = _matches(query)
    narrowed = _ranked(base.filter(**chosen), rank)
    combinations = _combinations(query, base)
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    total = 0
    for row in combinations:
        values, n = dict(zip(FACETS, row[:-1], strict=True)), row[-1]
        unmet = [k for k, v in chosen.items() if values[k] != v]
        if not unmet:
            total += n
        for name in FACETS:
            if values[name] and (not unmet or unmet == [name]):
                counts[name][values[name]] = counts[name].get(values[name], 0) + n
    facets = {name: [(value, n, chosen.get(name) == value)
                     for value, n in sorted(counts[name].items())] for name in FACETS}
    paginator = Paginator(narrowed, PER_PAGE)
    paginator.count = total  # known already: no second count of the matches
    return Results(query=query, terms=text.terms(query), page=paginator.get_page(page),
                   facets=facets, chosen=chosen)
