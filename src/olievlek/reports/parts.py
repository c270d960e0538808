"""The generated parts of a case report: one small function per part, in report order.

Each function takes a :class:`Context` (network, study year, the viewer and their privacy
mode) and returns a list of :class:`Part`: figures (SVG) and tables, or one part that says why
there is nothing (``missing``: "no questionnaire this year"). Every number shown comes from the
functions the pages use (system picture, participants tables with small cells suppressed,
insight reports, ``olievlek.spread``, the codings): nothing is derived again here.

Adding a part (e.g. activities, once they are recorded) is one function appended to
:data:`PARTS`.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from olievlek.accounts.access import AGGREGATE, NAMES, PSEUDONYMS, SELF, Viewer

FIGURE, TABLE, NOTE = "figure", "table", "note"


@dataclass
class Part:
    """One numbered figure or table of a report section (or a note saying it has no data)."""

    key: str
    section: str
    kind: str
    title: str
    svg: str = ""
    columns: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    note: str = ""
    number: int = 0

    @property
    def label(self) -> str:
        """"Figuur 3" / "Tabel 2": what the text cites and the caption starts with."""
        if self.kind == FIGURE:
            return _("Figure %(n)s") % {"n": self.number}
        if self.kind == TABLE:
            return _("Table %(n)s") % {"n": self.number}
        return ""

    @property
    def anchor(self) -> str:
        return f"part-{self.key}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Part:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


def missing(key: str, section: str, text: str) -> Part:
    return Part(key, section, NOTE, "", note=text)


@dataclass
class Context:
    """One network's study year seen by one viewer. ``wave`` is the wave labelled with the year
    (None: no questionnaire that year); ``previous`` the one labelled with the year before."""

    network: Any
    year: int
    viewer: Viewer

    @cached_property
    def waves(self) -> dict[str, Any]:
        from olievlek.surveys.models import Wave

        return {w.label: w for w in Wave.objects.filter(network=self.network).with_progress()}

    @property
    def wave(self):
        return self.waves.get(str(self.year))

    @property
    def previous(self):
        return self.waves.get(str(self.year - 1))

    @property
    def mode(self) -> str:
        """How people appear: ``Viewer.mode`` of the year's wave (of the network without one)."""
        return self.viewer.mode(self.network, self.wave)

    @property
    def mask(self):
        """What this viewer gets masked of small groups (``Viewer.mask``, the one decision)."""
        return self.viewer.mask(self.network, self.wave)

    @property
    def end(self) -> dt.date:
        """The day the study year's data counts up to (31 December, or today if earlier)."""
        return min(dt.date(self.year, 12, 31), dt.date.today())

    @property
    def lang(self) -> str:
        return "en" if (get_language() or "nl").startswith("en") else "nl"

    @cached_property
    def scope(self):
        """The insight scope of the year's wave (None when its results are not ready)."""
        return self._scope(self.wave)

    def _scope(self, wave):
        from olievlek.insight.data import load_wave
        from olievlek.insight.reports import Options, Scope

        if wave is None or not wave.ready or self.mode == SELF:
            return None
        return Scope(self.viewer, self.viewer.mode(self.network, wave), load_wave(wave),
                     Options())


def _table(key: str, section: str, title: str, columns: list[str], rows: list[list[Any]],
           note: str = "") -> Part:
    return Part(key, section, TABLE, title, columns=[str(c) for c in columns],
                rows=[[_plain(v) for v in row] for row in rows], note=note)


def _plain(value: Any) -> Any:
    """A JSON-safe cell: numpy numbers become Python ones, missing values None."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, (int, float, str, bool)):
        return value
    return str(value)


def _frame(key: str, section: str, title: str, df, lang: str, note: str = "") -> Part:
    from olievlek.tables.export import CODE_COLUMNS, header

    columns = list(df.columns)
    rows = [[header(v, lang) if c in CODE_COLUMNS and isinstance(v, str) else v
             for c, v in zip(columns, record)] for record in df.itertuples(index=False)]
    return _table(key, section, title, [header(c, lang) for c in columns], rows, note)


# -- Netwerk: structuur en organisatie ---------------------------------------------------------

def system_picture(ctx: Context) -> list[Part]:
    from olievlek.networks import systempicture

    mode = ctx.mode if ctx.mode in (NAMES, PSEUDONYMS) else AGGREGATE
    roots = systempicture.boxes_for(ctx.network, ctx.viewer, mode, today=ctx.end)
    if not roots:
        return [missing("system", "netwerk", _("No units registered: no system picture."))]
    title = _("System picture of %(network)s, %(year)s") % {"network": ctx.network.name,
                                                             "year": ctx.year}
    return [Part("system", "netwerk", FIGURE, title, svg=str(systempicture.render(roots, title)))]


def units(ctx: Context) -> list[Part]:
    """The units with their process and layer, and how many people are active in each
    (counts under the small-cell threshold suppressed as the participants tables do)."""
    from olievlek.networks.models import Membership, Unit

    rows = []
    people: dict[int, set[int]] = {}
    active = Membership.objects.filter(unit__network=ctx.network).active_on(ctx.end)
    for unit_id, person_id in active.values_list("unit_id", "person_id"):
        people.setdefault(unit_id, set()).add(person_id)
    all_units = list(Unit.objects.filter(network=ctx.network).select_related("parent"))
    if not all_units:
        return [missing("units", "netwerk", _("No units registered."))]
    for u in sorted(all_units, key=lambda u: (u.process, u.level, u.name)):
        n = len(people.get(u.pk, ()))
        rows.append([u.name, u.kind, u.get_process_display(), u.get_level_display(),
                     u.parent.name if u.parent else "", ctx.mask.count(n, n)])
    return [_table("units", "netwerk", _("Units, their process and layer"),
                   [_("unit"), _("kind"), _("process"), _("layer"), _("part of"),
                    _("active members")], rows)]


# -- Deelnemers ----------------------------------------------------------------------------------

PARTICIPANT_TABLES = ("roles", "response_by_unit", "background_education_level",
                      "background_involvement", "background_years_in_education")


def participants(ctx: Context) -> list[Part]:
    from olievlek.accounts.access import small_cell_threshold
    from olievlek.participants.actions import cached_study, tables_for
    from olievlek.tables.export import TITLES

    if ctx.wave is None:
        return [missing("participants", "deelnemers", _("No questionnaire this year."))]
    study = cached_study([ctx.network], ctx.wave.label, ctx.viewer)
    if not int(study.people["respondent"].sum()):
        return [missing("participants", "deelnemers",
                        _("Nobody answered the questionnaire this year yet."))]
    # The participants page's own tables, masked for this viewer by the same function.
    seen = tables_for(ctx.viewer, [ctx.network], ctx.wave.label)
    tables, masked = seen.tables, seen.masked
    note = (_("Groups of fewer than %(n)s people are not shown.") % {"n": small_cell_threshold()}
            if masked else "")
    lang = ctx.lang
    return [_frame(f"participants-{stem}", "deelnemers",
                   TITLES[stem][0 if lang == "nl" else 1], tables[stem], lang,
                   note if stem in masked else "") for stem in PARTICIPANT_TABLES]


def sociogram(ctx: Context) -> list[Part]:
    from olievlek.insight.reports import caption, sociogram_report

    if ctx.scope is None:
        text = (_("No questionnaire this year.") if ctx.wave is None else
                _("The questionnaire of this year has no results yet."))
        return [missing("sociogram", "deelnemers", text)]
    report = sociogram_report(ctx.scope)
    _title, picture = report.pictures["sociogram"]
    return [Part("sociogram", "deelnemers", FIGURE, report.title, svg=picture.svg,
                 note=" · ".join(caption([ctx.scope], page="sociogram"))),
            _table("sociogram-figures", "deelnemers", _("The sociogram in figures"),
                   [_("figure"), _("value")], [list(f) for f in report.figures])]


def leadership(ctx: Context) -> list[Part]:
    from olievlek.insight.pages import leadership_report

    if ctx.scope is None:
        return []  # the sociogram part already says why
    report = leadership_report(ctx.scope)
    parts = [_table("leadership-figures", "deelnemers", report.title,
                    [_("figure"), _("value")], [list(f) for f in report.figures])]
    for name in ("leaders", "formal", "linking_pins", "units", "core"):
        table = report.tables.get(name)
        if table is not None and table.rows:
            parts.append(_table(f"leadership-{name}", "deelnemers", table.title, table.columns,
                                table.rows, table.note))
    return parts + islands(ctx)


def islands(ctx: Context) -> list[Part]:
    """The islands page's figures (components, largest part, isolates, units with no tie
    outside: ``insight.pages.islands_report``, one definition) and its closed units."""
    from olievlek.insight.pages import islands_report

    if ctx.scope is None:
        return []
    report = islands_report(ctx.scope, figures_only=True)
    parts = [_table("islands-figures", "deelnemers", report.title, [_("figure"), _("value")],
                    [list(f) for f in report.figures])]
    closed = report.tables.get("closed_units")
    if closed is not None and closed.rows:
        parts.append(_table("islands-closed", "deelnemers", closed.title, closed.columns,
                            closed.rows, closed.note))
    return parts


def change(ctx: Context) -> list[Part]:
    from olievlek.insight.pages import change_report
    from olievlek.insight.reports import strictest

    before = ctx._scope(ctx.previous)
    if ctx.scope is None or before is None:
        return [missing("change", "deelnemers",
                        _("No questionnaire last year and this year to compare."))]
    mode = strictest(before.mode, ctx.scope.mode)
    after = ctx._scope(ctx.wave)  # change_report sets the scopes' mode: fresh ones
    report = change_report(before, after, mode)
    table = report.tables["figures"]
    return [_table("change", "deelnemers", report.title, table.columns, table.rows)]


# -- Activiteiten -------------------------------------------------------------------------------

def activities(ctx: Context) -> list[Part]:
    """The year's activities by kind (how many, how many attendances, how many observed) and
    each unit's planned meeting rhythm against what it held, in the school years the study
    year touches (``olievlek.activities.data.rhythm_table``, the rhythm page's own table)."""
    import pandas as pd
    from django.db.models import Count, Q

    from olievlek.activities.data import rhythm_table
    from olievlek.activities.models import Activity

    start = dt.date(ctx.year, 1, 1)
    held = Activity.objects.filter(network=ctx.network, date__gte=start, date__lte=ctx.end)
    if not held.exists():
        return [missing("activities", "activiteiten", _("No activities recorded this year."))]
    kinds = dict(Activity._meta.get_field("kind").choices or [])
    rows = [[str(kinds.get(r["kind"], r["kind"])), r["n"], r["present"], r["seen"]]
            for r in held.values("kind").annotate(
                n=Count("pk", distinct=True), present=Count("attendance"),
                seen=Count("pk", distinct=True, filter=Q(observed=True))).order_by("kind")]
    parts = [_table("activities", "activiteiten",
                    _("Activities in %(year)s by kind") % {"year": ctx.year},
                    [_("kind"), _("activities"), _("attendances"), _("observed")], rows)]
    years = {f"{ctx.year - 1}-{ctx.year}", f"{ctx.year}-{ctx.year + 1}"}
    rhythm = rhythm_table(ctx.network, ctx.end)
    rhythm = rhythm[rhythm["year"].isin(years)]
    if not rhythm.empty:
        names = dict(ctx.network.units.values_list("key", "name"))
        parts.append(_table(
            "rhythm", "activiteiten", _("Meeting rhythm: planned against held, per unit"),
            [_("unit"), _("school year"), _("planned"), _("held")],
            [[names.get(r.unit, r.unit), r.year, None if pd.isna(r.planned) else int(r.planned),
              int(r.held)] for r in rhythm.itertuples(index=False)]))
    return parts


# -- Opbrengsten -------------------------------------------------------------------------------

def portfolio(ctx: Context) -> list[Part]:
    from olievlek.portfolio.data import portfolio_of
    from olievlek.spread import analyze
    from olievlek.spread.maps import oil_stain

    result = analyze(portfolio_of(ctx.network), ctx.end)
    if result.objects.empty:
        return [missing("portfolio", "opbrengsten", _("No boundary objects registered."))]
    summary = [[key, result.network.get(key)] for key in result.network]
    parts = [
        _table("portfolio-summary", "opbrengsten",
               _("Portfolio and spread up to %(date)s") % {"date": ctx.end.isoformat()},
               [_("figure"), _("value")], summary),
        _frame("portfolio-objects", "opbrengsten", _("Boundary objects and their reach"),
               result.objects, ctx.lang),
    ]
    if not result.uses.empty:
        svg = oil_stain(result.uses, subject=ctx.network.name, period=None, date=ctx.end,
                        data_date=ctx.end, lang=ctx.lang)
        parts.append(Part("spread-map", "opbrengsten", FIGURE,
                          _("Spread of the portfolio (oil stain) up to %(date)s")
                          % {"date": ctx.end.isoformat()}, svg=svg))
        parts.append(_frame("spread-reach", "opbrengsten", _("Reach per ring"),
                            result.reach.tail(12), ctx.lang))
    return parts


def codes(ctx: Context) -> list[Part]:
    """The most-used codes of the year's sources; with quotes for researchers only
    (``Viewer.sees_coding``), since a quote can name or point at a person."""
    from olievlek.qda.models import Coding

    codings = list(Coding.objects.filter(source__network=ctx.network, source__study_year=ctx.year)
                   .select_related("code", "source").order_by("source__title", "start", "pk"))
    if not codings:
        return [missing("codes", "opbrengsten", _("No coded texts this year."))]
    used = Counter(c.code.name for c in codings)
    top = sorted(used.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    parts = [_table("codes", "opbrengsten", _("Most-used codes"), [_("code"), _("codings")],
                    [list(kv) for kv in top])]
    if ctx.viewer.sees_coding(ctx.network):
        rows = []
        for name, _n in top[:5]:
            for c in [c for c in codings if c.code.name == name][:2]:
                rows.append([name, c.quote, c.source.title, f"[[quote:{c.pk}]]"])
        parts.append(_table("quotes", "opbrengsten", _("Selected quotes"),
                            [_("code"), _("quote"), _("source"), _("cite as")], rows))
    return parts


PARTS: list[Callable[[Context], list[Part]]] = [
    system_picture, units, participants, sociogram, leadership, change, activities,
    portfolio, codes,
]


def generate(ctx: Context, progress=None) -> list[Part]:
    """Every part in report order, figures and tables each numbered from 1."""
    out: list[Part] = []
    for i, fn in enumerate(PARTS):
        if progress:
            progress(i, len(PARTS), fn.__name__)
        out.extend(fn(ctx))
    numbers = Counter[str]()
    for part in out:
        if part.kind in (FIGURE, TABLE):
            numbers[part.kind] += 1
            part.number = numbers[part.kind]
    if progress:
        progress(len(PARTS), len(PARTS), "")
    return out


def generated(ctx: Context, digest: str | None = None, progress=None) -> list[Part]:
    """:func:`generate`, once per data version: cached (``olievlek.derived.cached``) under the
    network's data version, ``digest`` (:func:`data_hash` of the network and year, computed
    when not given: it covers the rows the data version does not follow, activities and
    codings), the year, and what the viewer's privacy makes of it (role, person, mode, small-cell
    mask) and the language. A second view of the same report is a cache read; any change of
    the data gives a new key. Each call gets its own :class:`Part` objects."""
    from olievlek import derived

    digest = digest or data_hash(ctx.network, ctx.year)
    v = ctx.viewer
    # ctx.end: the current study year's parts count up to today ("portfolio up to ..."), so a
    # new day is a new entry even when no data changed.
    extra = (ctx.year, ctx.end, digest, v.role, v.is_superuser, v.person_id, ctx.mode,
             repr(ctx.mask), ctx.lang)
    frozen = derived.cached("report-parts", [ctx.network.pk],
                            lambda: [p.as_dict() for p in generate(ctx, progress)], extra=extra)
    if progress:
        progress(len(PARTS), len(PARTS), "")
    return [Part.from_dict(p) for p in copy.deepcopy(frozen)]


def data_hash(network, year: int) -> str:
    """A fingerprint of the rows a case report reads: the participants data version (people,
    units, memberships, responses), the year's ties, the portfolio and the year's codings."""
    from olievlek.activities.models import Activity, Attendance, Rhythm
    from olievlek.networks.models import Membership, Organisation, Person, Unit
    from olievlek.portfolio.models import BoundaryObject, Use
    from olievlek.qda.models import Coding
    from olievlek.surveys.models import Response, Tie

    # A hash of the rows themselves (not olievlek.derived's version token, which is random):
    # the same data gives the same hash, so the same report gives the same bytes.
    digest = hashlib.sha256(repr((network.pk, network.slug, network.name, network.sector, network.region,
                                  network.theme, str(network.started))).encode())
    for rows in (
        Organisation.objects.filter(network=network).order_by("pk").values_list(),
        Person.objects.filter(network=network).order_by("pk").values_list(),
        Unit.objects.filter(network=network).order_by("pk").values_list(),
        Membership.objects.filter(person__network=network).order_by("pk").values_list(),
        Response.objects.filter(wave__network=network, wave__label=str(year)).order_by("pk").values_list(
            "pk", "person_id", "wave_id", "status"),
        Activity.objects.filter(network=network).order_by("pk").values_list(
            "pk", "key", "date", "kind", "processes", "observed"),
        Attendance.objects.filter(activity__network=network).order_by("pk").values_list(
            "pk", "activity_id", "person_id", "organisation"),
        Rhythm.objects.filter(unit__network=network).order_by("pk").values_list("pk", "unit_id", "per_year"),
        Tie.objects.filter(wave__network=network, wave__label__in=[str(year), str(year - 1)])
        .order_by("pk").values_list("pk", "source_id", "target_id", "relation", "frequency"),
        BoundaryObject.objects.filter(network=network).order_by("pk").values_list(),
        Use.objects.filter(object__network=network).order_by("pk").values_list(),
        Coding.objects.filter(source__network=network, source__study_year=year)
        .order_by("pk").values_list("pk", "code_id", "code__name", "source__title", "quote"),
    ):
        digest.update(repr(list(rows)).encode())
    return digest.hexdigest()
