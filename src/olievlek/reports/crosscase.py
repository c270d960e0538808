"""The cross-case report of one study year, for researchers: the chapter-5 structure across
the networks whose case report of that year is approved.

- 5.1 history: years since each network started, in bands;
- 5.2 structure: units per process, layers, practice teams (from each approved version's
  frozen units table);
- 5.3 participants: Tabel 5.1-5.3 (background by sector, ``olievlek.tables``) and the
  practice representation finding;
- 5.4 role conceptions: formal and informal leadership, core and periphery by process, and
  islands per network (from each approved version's frozen leadership and islands parts);
- the most-used codes across networks with quotes; and the researchers' text per chapter.
"""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import markup
from .document import Document, Section
from .models import APPROVED, CrossCaseReport, ReportVersion
from .parts import FIGURE, TABLE, Part, _frame, _table, missing

CHAPTERS = (
    ("geschiedenis", gettext_lazy("History of the networks")),
    ("organisatie", gettext_lazy("How the networks are organised and steered")),
    ("deelnemers", gettext_lazy("Participants and representativeness")),
    ("rolopvattingen", gettext_lazy("Role conceptions: network leadership and system awareness")),
    ("citaten", gettext_lazy("Quotes per theme")),
)
# Years since the start as the study's 5.1 groups them: "drie kennisnetwerken bestaan al
# langer dan 8 jaar, drie werken 0 tot 8 jaar samen, van zes is nog niet duidelijk hoe lang
# zij actief zijn" (../shared/reference/networks.json, cross_case_statements 5.1). Whole
# years: 8 is not "longer than 8", so it is in "0 to 8"; a network without a start year is
# "unknown".
BANDS = ((0, 8, gettext_lazy("0 to 8 years")), (9, 10_000, gettext_lazy("more than 8 years")))
UNKNOWN = gettext_lazy("unknown")


def approved_versions(year: int) -> list[ReportVersion]:
    """The last approved version of each network's case report of ``year``, by network."""
    found: dict[int, ReportVersion] = {}
    for version in (ReportVersion.objects.filter(report__year=year, status=APPROVED)
                    .select_related("report__network").order_by("report__network__slug",
                                                                 "number")):
        found[version.report.network_id] = version
    return sorted(found.values(), key=lambda v: v.report.network.slug)


def band(years: int | None) -> str:
    """The band of 5.1 for this many whole years since the start (None: not known)."""
    if years is None or years < 0:
        return str(UNKNOWN)
    return str(next(label for low, high, label in BANDS if low <= years <= high))


def _frozen(version: ReportVersion, key: str) -> Part | None:
    for data in version.parts:
        if data.get("key") == key:
            return Part.from_dict(data)
    return None


def history(year: int, versions: list[ReportVersion]) -> list[Part]:
    rows = []
    for v in versions:
        network = v.report.network
        started = int(network.started[:4]) if network.started[:4].isdigit() else None
        since = year - started if started else None
        rows.append([network.name, started, since, band(since)])
    counts = Counter(r[3] for r in rows)
    return [_table("history", "geschiedenis", _("Networks and the years since their start"),
                   [_("network"), _("started"), _("years"), _("band")], rows),
            _table("history-bands", "geschiedenis", _("Networks per band of years since the start"),
                   [_("years since the start"), _("networks")],
                   [[label, counts.get(label, 0)]
                    for label in [str(b[2]) for b in BANDS] + [str(UNKNOWN)]])]


def structure(versions: list[ReportVersion]) -> list[Part]:
    rows = []
    for v in versions:
        units = _frozen(v, "units")
        if units is None or not units.rows:
            continue
        process = Counter(str(r[2]) for r in units.rows)
        layers = sorted({str(r[3]) for r in units.rows if r[3]})
        practice = sum(1 for r in units.rows if r[2] == _("practice") or "PLG" in str(r[1]))
        rows.append([v.report.network.name, len(units.rows),
                     ", ".join(f"{p or '–'}: {n}" for p, n in sorted(process.items())),
                     ", ".join(layers), practice])
    return [_table("structure", "organisatie", _("Units per process, layers and practice teams"),
                   [_("network"), _("units"), _("units per process"), _("layers"),
                    _("practice teams")], rows)]


def frozen_background(versions: list[ReportVersion], item: str):
    """The background table of ``item`` by sector (``background_table``'s form: whole-number
    percentages of the valid answers, then ``missing`` and ``n``) added up from the counts
    each approved version froze (``actions.frozen_counts``), not from today's data."""
    import pandas as pd

    from olievlek.package import SECTORS
    from olievlek.tables.background import ITEMS, GroupCounts

    sums: dict[str, Counter[str]] = {g: Counter() for g in SECTORS}
    for v in versions:
        for group, c in (v.counts or {}).get("background", {}).get(item, {}).items():
            if group in sums:
                sums[group].update({code: int(k) for code, k in c["counts"].items()})
                sums[group].update({"\0missing": int(c["missing"]), "\0n": int(c["n"])})
    total = {g: GroupCounts(counts={code: t[code] for code in ITEMS[item]}, missing=t["\0missing"],
                            n=t["\0n"]) for g, t in sums.items()}
    rows = [{"category": code, **{g: c.percents()[code] for g, c in total.items()}} for code in ITEMS[item]]
    rows.append({"category": "missing", **{g: c.missing for g, c in total.items()}})
    rows.append({"category": "n", **{g: c.n for g, c in total.items()}})
    df = pd.DataFrame(rows, columns=["category", *total], dtype=object)
    return df.where(df.notna(), None)


def participants(year: int, versions: list[ReportVersion], lang: str) -> list[Part]:
    """Tabel 5.1-5.3 from the approved versions' frozen counts; the practice representation
    finding (a test over the people, which a version does not freeze) from the study of the
    approved networks now."""
    from olievlek.participants.actions import cached_study
    from olievlek.tables import all_tables
    from olievlek.tables.export import TITLES

    from .actions import CROSS_CASE_ITEMS, researcher_view

    frozen = [v for v in versions if (v.counts or {}).get("background")]
    if not frozen:
        return [missing("tables", "deelnemers", _("Nobody answered the questionnaire this year."))]
    out = []
    for number, item in enumerate(CROSS_CASE_ITEMS, start=1):
        stem = f"background_{item}"
        title = ("Tabel" if lang == "nl" else "Table") + f" 5.{number} " + TITLES[stem][0 if lang == "nl" else 1]
        out.append(_frame(f"table-5-{number}", "deelnemers", title, frozen_background(frozen, item), lang))
    study = cached_study([v.report.network for v in frozen], str(year), researcher_view("cross-case"))
    if int(study.people["respondent"].sum()):
        tables = all_tables(study, people=False, findings=[])
        out.append(_frame("practice", "deelnemers",
                          TITLES["practice_representation"][0 if lang == "nl" else 1],
                          tables["practice_representation"], lang))
    return out


def leadership(versions: list[ReportVersion]) -> list[Part]:
    rows, columns = [], [_("network")]
    for v in versions:
        figures = _frozen(v, "leadership-figures")
        if figures is None:
            continue
        values = {str(r[0]): r[1] for r in figures.rows}
        for name in values:
            if name not in columns:
                columns.append(name)
        rows.append([v.report.network.name, *[values.get(c) for c in columns[1:]]])
    rows = [r + [None] * (len(columns) - len(r)) for r in rows]
    if not rows:
        return [missing("leadership", "rolopvattingen",
                        _("No approved case report has a questionnaire this year."))]
    return [_table("leadership", "rolopvattingen",
                   _("Formal and informal leadership per network"), columns, rows)]


def core_and_islands(versions: list[ReportVersion]) -> list[Part]:
    """Per network, from each approved version's frozen parts: core and periphery by process
    (the leadership page's table, ``analysis.core_periphery``) and the islands figures (the
    islands page's, ``analysis.islands``)."""
    core_rows: list[list] = []
    island_rows: list[list] = []
    for v in versions:
        name = v.report.network.name
        core = _frozen(v, "leadership-core")
        if core is not None:
            core_rows.extend([name, *row] for row in core.rows)
        figures = _frozen(v, "islands-figures")
        if figures is not None and len(figures.rows) >= 4:
            island_rows.append([name, *[row[1] for row in figures.rows[:4]]])
    out = []
    if core_rows:
        out.append(_table("core", "rolopvattingen", _("Core and periphery by process per network"),
                          [_("network"), _("process"), _("people"), _("in the core"),
                           _("share in the core"), _("mean coreness")], core_rows))
    if island_rows:
        out.append(_table("islands", "rolopvattingen", _("Islands per network"),
                          [_("network"), _("components"), _("largest part"), _("isolates"),
                           _("units with no tie outside")], island_rows))
    return out


def quotes(year: int, versions: list[ReportVersion]) -> list[Part]:
    from olievlek.qda.models import Coding

    networks = [v.report.network_id for v in versions]
    codings = list(Coding.objects.filter(source__network__in=networks, source__study_year=year)
                   .select_related("code", "source__network").order_by("source__network__slug",
                                                                       "source__title", "start"))
    if not codings:
        return [missing("quotes", "citaten", _("No coded texts this year."))]
    used = Counter(c.code.name for c in codings)
    rows = []
    for name, _n in sorted(used.items(), key=lambda kv: (-kv[1], kv[0]))[:8]:
        for c in [c for c in codings if c.code.name == name][:3]:
            rows.append([name, c.source.network.name, c.quote, c.source.title])
    return [_table("quotes", "citaten", _("Most-used codes with quotes across networks"),
                   [_("code"), _("network"), _("quote"), _("source")], rows)]


def build(year: int, lang: str = "nl") -> Document:
    """The cross-case report of ``year`` from the approved case reports."""
    import hashlib

    versions = approved_versions(year)
    texts = CrossCaseReport.objects.filter(year=year).values_list("texts", flat=True).first() or {}
    if versions:
        generated = (history(year, versions) + structure(versions)
                     + participants(year, versions, lang) + leadership(versions) + core_and_islands(versions)
                     + quotes(year, versions))
    else:
        generated = [missing("none", "geschiedenis",
                             _("No case report of this year is approved yet."))]
    numbers: Counter[str] = Counter()
    for part in generated:
        if part.kind in (FIGURE, TABLE):
            numbers[part.kind] += 1
            part.number = numbers[part.kind]
    labels = {p.key: (p.label, p.anchor) for p in generated if p.number}
    sections = [Section(key, str(title), i, texts.get(key, ""),
                        markup.render(texts.get(key, ""), labels),
                        [p for p in generated if p.section == key])
                for i, (key, title) in enumerate(CHAPTERS, start=1)]
    digest = hashlib.sha256(repr(sorted((v.report.network.slug, v.number, v.data_hash)
                                        for v in versions)).encode()).hexdigest()
    dates = [v.data_date for v in versions if v.data_date]
    return Document(
        title=_("Cross-case report %(year)s") % {"year": year}, network="", year=year,
        version=len(versions) or None, status=APPROVED if versions else "draft",
        sections=sections, data_date=max(dates) if dates else None, data_hash=digest,
        demo=bool(getattr(settings, "DEMO", False)))
