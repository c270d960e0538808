"""One case report as a plain document: sections with their numbered parts and the written
text rendered. The page, the DOCX, the XLSX and the HTML file are all drawn from it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from olievlek.accounts.access import NAMES, Viewer

from . import markup
from .models import SECTIONS, CaseReport, ReportVersion
from .parts import FIGURE, TABLE, Context, Part, data_hash, generated


@dataclass
class Section:
    key: str
    title: str
    number: int
    text: str = ""
    html: str = ""
    parts: list[Part] = field(default_factory=list)
    comments: list[Any] = field(default_factory=list)


@dataclass
class Document:
    title: str
    network: str
    year: int
    version: int | None
    status: str
    sections: list[Section]
    data_date: dt.date | None
    data_hash: str
    demo: bool
    mode: str = NAMES
    quotes: dict[str, markup.Quote] = field(default_factory=dict)

    @property
    def short_hash(self) -> str:
        return self.data_hash[:10]

    @property
    def footer(self) -> str:
        """Study year, version, date and short hash of the data: in every format."""
        return _("Study year %(year)s · version %(version)s · data of %(date)s · data %(hash)s") % {
            "year": self.year,
            "version": self.version if self.version is not None else _("draft"),
            "date": self.data_date.isoformat() if self.data_date else "–",
            "hash": self.short_hash}

    @property
    def parts(self) -> list[Part]:
        return [p for s in self.sections for p in s.parts]

    @property
    def tables(self) -> list[Part]:
        return [p for p in self.parts if p.kind == TABLE]

    @property
    def figures(self) -> list[Part]:
        return [p for p in self.parts if p.kind == FIGURE]


def quotes_for(network, texts: dict[str, str]) -> dict[str, markup.Quote]:
    """The codings the texts cite, of this network only."""
    from olievlek.qda.models import Coding

    ids = {int(key) for text in texts.values() for kind, key in markup.citations(text)
           if kind == "quote" and key.isdigit()}
    found = Coding.objects.filter(pk__in=ids, source__network=network).select_related("source")
    return {str(c.pk): markup.Quote(c.quote, c.source.title) for c in found}


def build(report: CaseReport, viewer: Viewer, version: ReportVersion | None = None, *,
          live: bool = True, progress=None) -> Document:
    """The report as ``viewer`` may read it. Without ``version``: the researcher's draft.
    With one: its texts; its frozen parts when ``live`` is false (the researcher's view),
    else the parts generated now in the viewer's privacy (a coordinator)."""
    network, year = report.network, report.year
    ctx = Context(network, year, viewer)
    texts = version.texts if version is not None else report.texts
    digest = version.data_hash if version is not None else data_hash(network, year)
    if version is not None and not live:
        parts = [Part.from_dict(p) for p in version.parts]
    else:
        parts = generated(ctx, data_hash(network, year) if version is not None else digest, progress)
    labels = {p.key: (p.label, p.anchor) for p in parts if p.number}
    quotes = quotes_for(network, texts)
    sections = []
    for i, (key, title) in enumerate(SECTIONS, start=1):
        text = texts.get(key, "")
        sections.append(Section(key, str(title), i, text, markup.render(text, labels, quotes),
                                [p for p in parts if p.section == key]))
    if version is not None:
        for comment in version.comments.all():
            next(s for s in sections if s.key == comment.section).comments.append(comment)
    from olievlek.insight.data import data_date

    date = version.data_date if version is not None else (
        data_date(ctx.wave) if ctx.wave is not None else None)
    return Document(
        title=_("Case report %(network)s %(year)s") % {"network": network.name, "year": year},
        network=network.name, year=year, version=version.number if version else None,
        status=version.status if version else report.status, sections=sections,
        data_date=date,
        data_hash=digest,
        demo=bool(getattr(settings, "DEMO", False)),
        mode=ctx.mode, quotes=quotes)


def citation_labels(doc: Document) -> dict[str, tuple[str, str]]:
    return {p.key: (p.label, p.anchor) for p in doc.parts if p.number}
