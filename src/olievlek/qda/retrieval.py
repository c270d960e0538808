"""Retrieval over the codings in the database: the one place the pages and the exports get the
code x case matrix, code x source counts, co-occurrence and quotes from (the counting itself is
:mod:`olievlek.coding.retrieval`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from olievlek.coding import retrieval as pure
from olievlek.coding.text import paragraphs

from .models import REMOVED_CODER, Code, Source

QUOTE_COLUMNS = ["code", "code path", "network", "source", "kind", "date", "study year",
                 "start", "end", "coder", "quote", "memo"]


@dataclass(frozen=True)
class Filters:
    """What the quotes and tables are narrowed to (empty: everything)."""

    network: str = ""  # slug
    kind: str = ""
    year: int | None = None
    coder: str = ""  # username, or REMOVED_CODER
    code: str = ""  # guid

    @classmethod
    def of(cls, params) -> Filters:
        year = params.get("year", "")
        return cls(network=params.get("network", "")[:100], kind=params.get("kind", "")[:20],
                   year=int(year) if year.isdigit() and len(year) < 5 else None,
                   coder=params.get("coder", "")[:150], code=params.get("code", "")[:36])

    def apply(self, codings: QuerySet) -> QuerySet:
        # Filters on the source go through a subquery of source ids (run once), not a join:
        # a source row carries its whole text, and a join per coding reads it every time.
        sources = Source.objects.all()
        if self.network:
            sources = sources.filter(network__slug=self.network)
        if self.kind:
            sources = sources.filter(kind=self.kind)
        if self.year is not None:
            sources = sources.filter(study_year=self.year)
        if sources.query.where:
            codings = codings.filter(source_id__in=sources.values("pk"))
        if self.coder == REMOVED_CODER:
            codings = codings.filter(coder__isnull=True)
        elif self.coder:
            codings = codings.filter(coder__username=self.coder)
        if self.code:
            codings = codings.filter(code__guid=self.code)
        return codings


def codes_in_order(codes=None) -> list[tuple[Code, str]]:
    """Codes (default: every code that is not merged away) in codebook order, with their path
    (``Category > subcategory``)."""
    every = {c.pk: c for c in Code.objects.all()}
    chosen = list(codes) if codes is not None else [
        c for c in every.values() if c.merged_into_id is None and c.codable]

    def chain(c):
        out = []
        node = every.get(c.parent_id)
        while node:
            out.append(node)
            node = every.get(node.parent_id)
        return list(reversed(out))

    def order(c):
        return [(n.position, n.name) for n in [*chain(c), c]]

    return [(c, " > ".join(n.name for n in chain(c))) for c in sorted(chosen, key=order)]


def matrix(codings: QuerySet, column: str) -> dict[tuple[int, int], tuple[int, int]]:
    """(code pk, column pk) -> (codings, sources); column is ``"network"`` or ``"source"``."""
    # No ORDER BY: Coding's default order goes through Source's (network, date, title), a join
    # that reads each source row, whole text and all, once per coding.
    rows = codings.order_by().values_list("code_id", "source_id").iterator()
    if column != "network":
        return pure.matrix((code, source, source) for code, source in rows)
    # The network of each source in one small query rather than a join per coding (see apply).
    network_of = dict(Source.objects.values_list("pk", "network_id"))
    return pure.matrix((code, network_of[source], source) for code, source in rows)


def cooccurrence(codings: QuerySet) -> dict[tuple[int, int], int]:
    """(code pk, code pk) with the smaller first -> co-occurring pairs of codings."""
    rows = list(codings.order_by().values_list("source_id", "code_id", "start", "end"))
    texts = Source.objects.filter(pk__in={r[0] for r in rows}).values_list("pk", "text")
    paras = {pk: paragraphs(text) for pk, text in texts.iterator()}
    counted = pure.cooccurrence([(s, f"{c:09d}", a, b) for s, c, a, b in rows], paras)
    return {(int(a), int(b)): n for (a, b), n in counted.items()}


def quotes(codings: QuerySet) -> QuerySet:
    return codings.select_related("code", "coder", "source__network").order_by(
        "source__network__slug", "source__date", "source__title", "start", "end")


def quote_rows(codings: QuerySet) -> list[list]:
    """The rows of the quotes export (:data:`QUOTE_COLUMNS`)."""
    paths = {c.pk: p for c, p in codes_in_order(Code.objects.all())}
    return [
        [c.code.name, paths.get(c.code_id, ""), c.source.network.slug, c.source.title,
         c.source.kind, c.source.date.isoformat() if c.source.date else "",
         c.source.study_year or "", c.start, c.end,
         c.coder.get_username() if c.coder else REMOVED_CODER, c.quote, c.memo]
        for c in quotes(codings)
    ]
