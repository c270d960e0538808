"""What a page shows, decided once per request with the viewer's privacy mode built in.

A page and every download of it come from the same :class:`Report`, built here from one
wave's data and the viewer's mode:

- ``names``: people by name, package ids as references;
- ``pseudonyms``: people by pseudonym, pseudonyms as references, no organisations;
- ``aggregate``: units as nodes only, units under :func:`min_group` people merged, so no
  individual tie can be read off;
- ``self`` (a participant): their own ego network, the colleagues they named by name.

Only this module (and :mod:`olievlek.insight.pages`) turn people into labels; the SVG,
tables and graph files receive finished references, so they cannot leak more than the page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from django.core.cache import cache
from django.utils.translation import gettext as _

from olievlek.accounts.access import (
    AGGREGATE,
    NAMES,
    PSEUDONYMS,
    SELF,
    Viewer,
    small_cell_threshold,
)
from olievlek.analysis import measures as m
from olievlek.analysis.brokerage import brokerage

from . import layout as layout_mod
from .data import RELATIONS, PersonRow, WaveData, data_date, network_ties
from .exports import Graph, Table
from .svg import (
    NONE_COLOUR,
    PALETTE,
    PROCESS_COLOURS,
    Edge,
    Node,
    Picture,
    add_caption,
    sociogram,
)


def min_group() -> int:
    """Aggregate pictures merge units smaller than this, so that one person's ties do not
    show: the small-cell threshold of the tables (``SMALL_CELL_THRESHOLD``, default 3)."""
    return small_cell_threshold()

STRICTNESS = (NAMES, PSEUDONYMS, AGGREGATE)
COLOURS = ("unit", "process", "sector", "organisation")
SIZES = ("indegree", "betweenness")


def strictest(*modes: str) -> str:
    """The most restrictive of several modes (e.g. the two waves of a change page)."""
    if SELF in modes:
        return SELF
    return max(modes, key=STRICTNESS.index)


@dataclass
class Options:
    relation: str = "advice"
    min_frequency: int = 2
    colour: str = "unit"
    size: str = "indegree"
    unit: str = ""

    @classmethod
    def from_query(cls, query, mode: str) -> Options:
        relation = query.get("relation", "advice")
        colour = query.get("colour", "unit")
        if colour == "organisation" and mode != NAMES:
            colour = "unit"  # organisation + unit + role would often name a person
        try:
            min_frequency = min(max(int(query.get("min_frequency", 2)), 1), 5)
        except ValueError:
            min_frequency = 2
        size = query.get("size", "indegree")
        return cls(
            relation=relation if relation in RELATIONS else "advice",
            min_frequency=min_frequency,
            colour=colour if colour in COLOURS else "unit",
            size=size if size in SIZES else "indegree",
            unit=query.get("unit", "") if mode in (NAMES, PSEUDONYMS) else "",
        )


@dataclass
class Report:
    title: str
    mode: str
    pictures: dict[str, tuple[str, Picture]] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    figures: list[tuple[str, str]] = field(default_factory=list)
    graph: Graph | None = None
    notes: list[str] = field(default_factory=list)


def fmt(value, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return f"{value:.{digits}f}"


def _layout_steps(network, label: str | None = None):
    """Each wave up to ``label`` (all when None) with its cumulative tie set and cache key."""
    ties = network_ties(network)
    pairs: set[tuple[int, int]] = set()
    for wave in sorted({w for w, _s, _t in ties if label is None or w <= label}):
        pairs |= {(s, t) for w, s, t in ties if w == wave}
        ordered = sorted(pairs)
        yield wave, ordered, f"insight-layout:{network.pk}:{wave}:{hash(tuple(ordered))}"


def forget_layouts(network) -> None:
    """Drop the network's cached layouts (they hold people's ids): called on erasure, before
    the ties change and the keys could no longer be found."""
    cache.delete_many([key for _wave, _ordered, key in _layout_steps(network)])


def positions(network, label: str) -> dict[int, tuple[float, float]]:
    """The layout of wave ``label`` (see :mod:`layout`): the ties of that wave and every
    earlier one, each wave starting from the one before. Later waves play no part, so adding
    a wave moves no published picture. Each step is cached by its exact tie set."""
    found: dict = {}
    for _wave, ordered, key in _layout_steps(network, label):
        step = cache.get(key)
        if step is None:
            people = sorted({p for pair in ordered for p in pair})
            step = (layout_mod.extend(found, people, ordered) if found
                    else layout_mod.layout(people, ordered))
            cache.set(key, step, 24 * 3600)
        found = step
    return found


class Scope:
    """One wave seen by one viewer in one mode, with the analysis done once."""

    def __init__(self, viewer: Viewer, mode: str, data: WaveData, options: Options):
        self.viewer, self.mode, self.data, self.options = viewer, mode, data, options
        self.net = data.network_for(options.relation, options.min_frequency)

    def ref(self, person: PersonRow) -> str:
        return self.viewer.reference(person, self.mode)

    def label(self, person: PersonRow) -> str:
        return self.viewer.label(person, self.mode)

    @cached_property
    def measures(self) -> dict[str, dict]:
        """Person key -> in/out-degree, betweenness and weak component: only what the pages
        draw, not the whole people table (constraint, communities... cost time per request)."""
        g = self.net.graph
        if g.vcount() == 0:
            return {}
        columns = {
            "in_degree": g.indegree(),
            "out_degree": g.outdegree(),
            "betweenness": m.betweenness(g).tolist(),
            "component": m.weak_components(g).tolist(),
        }
        return {pid: {k: v[i] for k, v in columns.items()} for i, pid in enumerate(self.net.ids)}

    @cached_property
    def brokerage(self) -> dict[str, dict]:
        table = brokerage(self.net)
        return dict(zip(self.net.ids, table.to_dict("records")))

    @cached_property
    def _descendants(self) -> dict[str, set[str]]:
        children: dict[str, list[str]] = {}
        for u in self.data.units.values():
            children.setdefault(u.parent, []).append(u.key)
        out = {}
        for key in self.data.units:
            seen, todo = {key}, [key]
            while todo:
                for child in children.get(todo.pop(), []):
                    if child not in seen:
                        seen.add(child)
                        todo.append(child)
            out[key] = seen
        return out

    def component_parts(self) -> list[list[PersonRow]]:
        """Weak components of two or more people, largest first; equal sizes ordered by what
        the viewer sees (the first reference), never by package id."""
        # The analysis library's weak components (already in ``measures``), minus isolates.
        parts: dict[int, list[PersonRow]] = {}
        for p in self.data.people:
            if p.key in self.measures:
                parts.setdefault(self.measures[p.key]["component"], []).append(p)
        return sorted((c for c in parts.values() if len(c) > 1),
                      key=lambda c: (-len(c), min(self.ref(p) for p in c)))

    def component_numbers(self) -> dict[str, int]:
        """Person key -> the number (1, 2, ...) of their part, for people with a tie."""
        return {p.key: i + 1 for i, part in enumerate(self.component_parts()) for p in part}

    @cached_property
    def mask(self):
        """Which small groups this viewer gets masked here (``Viewer.mask``)."""
        return self.viewer.mask(self.data.network, self.data.wave)

    def unit_name(self, key: str | None) -> str:
        unit = self.data.units.get(key or "")
        return unit.name if unit else ""

    def process_of(self, pk: int) -> str:
        unit = self.data.units.get(self.data.primary_unit.get(pk, ""))
        return unit.process if unit else ""

    def in_unit(self, pk: int, unit: str) -> bool:
        """Whether the person has a membership in ``unit`` or one of its sub-units."""
        return bool(self._descendants.get(unit, {unit}) & set(self.data.units_of(pk)))

    # -- colours -----------------------------------------------------------------------------
    def colouring(self, people: list[PersonRow], colour: str):
        """Each person's colour and the legend, for one colouring."""
        if colour == "process":
            group = {p.pk: self.process_of(p.pk) for p in people}
            names = {"coordinatie": _("coordination"), "onderzoek": _("research"),
                     "praktijk": _("practice")}
            colours = dict(PROCESS_COLOURS)
        else:
            if colour == "sector":
                group = {p.pk: p.sector for p in people}
                names = {g: g for g in group.values() if g}
            elif colour == "organisation":
                group = {p.pk: p.organisation for p in people}
                names = {g: g for g in group.values() if g}
            elif colour == "component":
                number = self.component_numbers()
                group = {p.pk: str(number[p.key]) if p.key in number else "" for p in people}
                names = {g: _("component %(n)s") % {"n": g} for g in group.values() if g}
            else:
                group = {p.pk: self.data.primary_unit.get(p.pk, "") for p in people}
                names = {g: self.unit_name(g) for g in group.values() if g}
            ordered = sorted(names, key=lambda g: (int(g) if g.isdigit() else 0, names[g]))
            colours = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(ordered)}
        fill = {pk: colours.get(g, NONE_COLOUR) if g else NONE_COLOUR for pk, g in group.items()}
        used = {g for g in group.values() if g}
        legend = [(colours[g], names.get(g, g)) for g in colours if g in used]
        if any(not g for g in group.values()):
            legend.append((NONE_COLOUR, _("none")))
        return fill, legend


# -- the sociogram of one wave -----------------------------------------------------------------

def person_sociogram(scope: Scope, *, colour: str | None = None, title: str = "",
                     kinds: dict[tuple[str, str], str] | None = None,
                     rings: dict[int, str] | None = None,
                     layout_wave: str | None = None) -> tuple[Picture, Graph]:
    """Nodes are people (names or pseudonyms); isolates apart; optional unit filter."""
    data, opts = scope.data, scope.options
    people = [p for p in data.people if not opts.unit or scope.in_unit(p.pk, opts.unit)]
    shown = {p.pk for p in people}
    edges = [(s, t, f) for s, t, f in data.edges(opts.relation, opts.min_frequency)
             if s in shown and t in shown]
    touched = {pk for s, t, _f in edges for pk in (s, t)}
    # The wave's own layout; the change page draws both waves in the later one's.
    pos = positions(data.network, layout_wave or data.wave.label)
    fill, legend = scope.colouring(people, colour or opts.colour)
    metric = "betweenness" if opts.size == "betweenness" else "in_degree"
    values = {p.pk: float(scope.measures[p.key][metric] or 0) for p in people}
    top = max(values.values(), default=0) or 1.0
    # Many people: smaller nodes and fainter, thinner ties, so 300 people stay readable.
    crowded = len(people) > 150
    base, grow = (2.5, 6.0) if crowded else (4.5, 9.0)
    thin = 0.5 if len(edges) > 400 else 1.0
    graph_nodes: list[dict[str, Any]]
    nodes, graph_nodes = [], []
    for p in people:
        m = scope.measures[p.key]
        unit = scope.unit_name(data.primary_unit.get(p.pk))
        role = data.role_of(p.pk)
        ref, label = scope.ref(p), scope.label(p)
        responded = data.has_responded(p.pk)
        info = {"unitname": unit, "role": role, "indegree": str(int(m["in_degree"])),
                "outdegree": str(int(m["out_degree"])), "betweenness": fmt(m["betweenness"])}
        nodes.append(Node(
            ref=ref, label=label, pos=pos.get(p.pk) if p.pk in touched else None,
            radius=base + grow * math.sqrt(values[p.pk] / top), fill=fill[p.pk],
            ring=(rings or {}).get(p.pk, ""), data=info,
            title=" · ".join(x for x in (label, unit, role) if x)
            + f" · {_('in-degree')} {info['indegree']}"
            + ("" if responded else " · " + _("did not respond")),
            responded=None if data.responded is None else responded,
        ))
        unit_key = data.primary_unit.get(p.pk, "")
        graph_nodes.append({"id": ref, "label": label, "unit": unit_key, "unit_name": unit,
                            "process": scope.process_of(p.pk),
                            "level": data.units[unit_key].level if unit_key in data.units else "",
                            "sector": p.sector, "role": role, "in_degree": int(m["in_degree"]),
                            "betweenness": float(m["betweenness"]), "responded": int(responded)}
                           | ({"organisation": p.organisation} if scope.mode == NAMES else {}))
    by_pk = data.by_pk
    graph_edges: list[dict[str, Any]]
    drawn, graph_edges = [], []
    for s, t, f in edges:
        rs, rt = scope.ref(by_pk[s]), scope.ref(by_pk[t])
        kind = (kinds or {}).get((by_pk[s].key, by_pk[t].key), "")
        drawn.append(Edge(rs, rt, kind=kind, width=(0.6 + 0.4 * (f - 1)) * thin,
                          data={"frequency": str(f)}))
        graph_edges.append({"source": rs, "target": rt, "frequency": f})
    extent = None
    if not opts.unit and pos:  # whole network: the same frame in every wave
        extent = (max(x for x, _y in pos.values()), max(y for _x, y in pos.values()))
    picture = sociogram(nodes, drawn, title=title, legend=legend,
                        isolates_label=_("No ties in this picture"),
                        empty_label=_("Nobody to show."), extent=extent,
                        tie_opacity=0.35 if len(edges) > 400 else 0.7,
                        sizes=_size_key(metric, top, base, grow),
                        non_respondents=_("did not respond (the ties they received count)"),
                        label_note=_("Names: biggest first, where they fit; hover, Tab or "
                                     "search for the others.") if people else "")
    graph_nodes.sort(key=lambda n: n["id"])
    graph_edges.sort(key=lambda e: (e["source"], e["target"]))
    return picture, Graph(graph_nodes, graph_edges)


def _size_key(metric: str, top: float, base: float, grow: float):
    """The size legend: a heading and three example nodes (0, half and the highest value)."""
    heading = _("Size: betweenness") if metric == "betweenness" else _("Size: in-degree")
    if metric == "betweenness":
        values = [0.0, top / 2, top]
        shown = [fmt(v) for v in values]
    else:
        values = sorted({0.0, float(round(top / 2)), top})
        shown = [str(int(v)) for v in values]
    return heading, [(base + grow * math.sqrt(v / top), t) for v, t in zip(values, shown)]


def people_table(scope: Scope) -> Table:
    rows: list[list[Any]] = []
    for p in scope.data.people:
        if scope.options.unit and not scope.in_unit(p.pk, scope.options.unit):
            continue
        m = scope.measures[p.key]
        rows.append([scope.label(p), scope.unit_name(scope.data.primary_unit.get(p.pk)),
                     scope.data.role_of(p.pk), int(m["in_degree"]), int(m["out_degree"]),
                     round(float(m["betweenness"]), 4),
                     _("yes") if scope.data.has_responded(p.pk) else _("no")])
    rows.sort(key=lambda r: (-r[3], -r[5], r[0]))
    return Table("people", _("People"), [_("person"), _("unit"), _("role"), _("in-degree"),
                                         _("out-degree"), _("betweenness"), _("answered")], rows)


def aggregate_groups(scope: Scope) -> tuple[dict[str, str], dict[str, tuple[str, str, int]]]:
    """Person key -> group ref, and group ref -> (label, process, people).

    Units with fewer than :func:`min_group` people in the wave (and people without a unit) are
    merged, so that no cell or arrow stands for one or two people; when even the merged group
    is smaller than that, its people are left out of the picture (and counted nowhere).
    """
    data = scope.data
    least = min_group()
    size: dict[str, int] = {}
    for p in data.people:
        unit = data.primary_unit.get(p.pk, "")
        size[unit] = size.get(unit, 0) + 1
    group_of: dict[str, str]
    groups: dict[str, tuple[str, str, int]]
    group_of, groups = {}, {}
    for p in data.people:
        unit = data.primary_unit.get(p.pk, "")
        if unit and size[unit] >= least:
            ref, label, process = unit, scope.unit_name(unit), data.units[unit].process
        elif not unit and size[""] >= least:
            ref, label, process = "no-unit", _("No unit"), ""
        else:
            ref, label, process = "small-units", _("Smaller units together"), ""
        group_of[p.key] = ref
        prev = groups.get(ref, (label, process, 0))
        groups[ref] = (label, process, prev[2] + 1)
    if groups.get("small-units", ("", "", least))[2] < least:
        del groups["small-units"]
        group_of = {k: g for k, g in group_of.items() if g != "small-units"}
    return group_of, groups


def aggregate_sociogram(scope: Scope, title: str) -> tuple[Picture, Graph, Table]:
    """Units as nodes: arrows count the ties from one unit's people to another's."""
    group_of, groups = aggregate_groups(scope)
    ids = scope.net.ids
    counts: dict[tuple[str, str], int] = {}
    within: dict[str, int] = dict.fromkeys(groups, 0)
    for s, t in scope.net.graph.get_edgelist():
        gs, gt = group_of.get(ids[s]), group_of.get(ids[t])
        if gs is None or gt is None:
            continue  # someone of a group too small to show
        if gs == gt:
            within[gs] += 1
        else:
            counts[(gs, gt)] = counts.get((gs, gt), 0) + 1
    pos = layout_mod.layout(list(groups), list(counts))
    biggest = max((g[2] for g in groups.values()), default=1)
    nodes = [
        Node(ref=ref, label=f"{label} ({n})", pos=pos.get(ref),
             radius=8 + 16 * math.sqrt(n / biggest), fill=PROCESS_COLOURS.get(process, NONE_COLOUR),
             data={"people": str(n), "within": str(within[ref])},
             title=f"{label} · {n} {_('people')} · {within[ref]} {_('ties within')}")
        for ref, (label, process, n) in groups.items()
    ]
    edges = [Edge(a, b, width=0.8 + 1.2 * math.sqrt(c), data={"count": str(c)})
             for (a, b), c in counts.items()]
    legend = [(PROCESS_COLOURS["coordinatie"], _("coordination")),
              (PROCESS_COLOURS["onderzoek"], _("research")),
              (PROCESS_COLOURS["praktijk"], _("practice")), (NONE_COLOUR, _("other"))]
    examples = sorted({min(min_group(), biggest), max(biggest // 2, 1), biggest})
    picture = sociogram(nodes, edges, title=title, ref_attr="unit", legend=legend,
                        isolates_label=_("No ties to other units"),
                        sizes=(_("Size: people in the unit"),
                               [(8 + 16 * math.sqrt(v / biggest), str(v)) for v in examples]))
    graph = Graph(
        [{"id": ref, "label": label, "process": process, "people": n, "ties_within": within[ref]}
         for ref, (label, process, n) in sorted(groups.items())],
        [{"source": a, "target": b, "weight": c} for (a, b), c in sorted(counts.items())],
    )
    out_ties = {g: sum(c for (a, _b), c in counts.items() if a == g) for g in groups}
    in_ties = {g: sum(c for (_a, b), c in counts.items() if b == g) for g in groups}
    rows: list[list[Any]] = sorted(([label, n, within[ref], out_ties[ref], in_ties[ref]]
                                    for ref, (label, _p, n) in groups.items()), key=lambda r: r[0])
    table = Table("units", _("Units"), [_("unit"), _("people"), _("ties within"),
                                        _("ties to other units"), _("ties from other units")], rows)
    return picture, graph, table


def ego_sociogram(scope: Scope, title: str) -> tuple[Picture, Graph, Table, int]:
    """A participant's own answers: whom they named (by name: they chose them), and only how
    many people named them, never who: that would be someone else's answer."""
    person_id = scope.viewer.person_id
    data, me = scope.data, scope.data.by_pk.get(person_id) if person_id is not None else None
    nodes, edges, rows = [], [], []
    graph = Graph()
    named_me = 0
    if me is not None:
        ties = data.edges(scope.options.relation, scope.options.min_frequency)
        mine = [(t, f) for s, t, f in ties if s == me.pk]
        named_me = sum(1 for _s, t, _f in ties if t == me.pk)
        others = sorted(((data.by_pk[t], f) for t, f in mine), key=lambda of: scope.ref(of[0]))
        nodes.append(Node(ref=scope.ref(me), label=scope.label(me), pos=(0.5, 0.5), radius=10,
                          fill=PALETTE[1], ring="#1d2327"))
        for i, (other, f) in enumerate(others):
            angle = 2 * math.pi * i / max(len(others), 1)
            name = scope.viewer.label_of_named(other, scope.mode)  # they named them: by name
            nodes.append(Node(ref=scope.ref(other), label=name,
                              pos=(0.5 + 0.4 * math.cos(angle), 0.5 + 0.4 * math.sin(angle)),
                              radius=6, fill=NONE_COLOUR))
            edges.append(Edge(scope.ref(me), scope.ref(other), data={"frequency": str(f)}))
            graph.edges.append({"source": scope.ref(me), "target": scope.ref(other),
                                "frequency": f})
            rows.append([name, f])
        graph.nodes = [{"id": n.ref, "label": n.label} for n in nodes]
    picture = sociogram(nodes, edges, title=title,
                        empty_label=_("You did not take part in this wave."))
    table = Table("ties", _("Whom you named"), [_("person"), _("frequency")], rows)
    return picture, graph, table, named_me


def caption(scopes: list[Scope], *, page: str = "") -> list[str]:
    """What a picture shows, written under it in every download (and on the page): network,
    wave(s), relation, minimum frequency, filters, privacy mode and the date of the data."""
    first, opts = scopes[0], scopes[0].options
    waves = " → ".join(s.data.wave.label for s in scopes)
    lines = [_("%(network)s, wave %(waves)s, %(relation)s, frequency at least %(min)s") % {
        "network": first.data.network.name, "waves": waves,
        "relation": relation_label(opts.relation), "min": opts.min_frequency}]
    filters = []
    if opts.unit:
        filters.append(_("only unit %(unit)s") % {"unit": first.unit_name(opts.unit) or opts.unit})
    if page == "sociogram" and first.mode in (NAMES, PSEUDONYMS):
        filters.append(_("colour: %(colour)s") % {"colour": _(opts.colour)})
        filters.append(_("size: %(size)s") % {"size": _("betweenness") if opts.size ==
                                               "betweenness" else _("in-degree")})
    mode = {NAMES: _("names shown"), PSEUDONYMS: _("pseudonyms instead of names"),
            AGGREGATE: _("units only"), SELF: _("own network only")}[first.mode]
    dates = ", ".join(data_date(s.data.wave).isoformat() for s in scopes)
    lines.append(" · ".join([*filters, _("privacy: %(mode)s") % {"mode": mode},
                             _("data of %(date)s") % {"date": dates}]))
    return lines


def with_caption(report: Report, lines: list[str]) -> Report:
    """Every picture of the report with ``lines`` written under it."""
    report.pictures = {name: (title, Picture(add_caption(pic.svg, lines), pic.nodes, pic.edges))
                       for name, (title, pic) in report.pictures.items()}
    return report


def relation_label(relation: str) -> str:
    return _("advice") if relation == "advice" else _("motivation")


def sociogram_report(scope: Scope) -> Report:
    opts = scope.options
    title = _("Sociogram %(network)s, wave %(wave)s, %(relation)s") % {
        "network": scope.data.network.name, "wave": scope.data.wave.label,
        "relation": relation_label(opts.relation)}
    report = Report(title=title, mode=scope.mode)
    if scope.mode == SELF:
        picture, graph, table, named_me = ego_sociogram(scope, title)
        report.pictures["sociogram"] = (_("Your own network"), picture)
        report.tables["ties"] = table
    elif scope.mode == AGGREGATE:
        picture, graph, table = aggregate_sociogram(scope, title)
        report.pictures["sociogram"] = (_("Units as nodes; arrows count ties between units"),
                                        picture)
        report.tables["units"] = table
        report.notes.append(_("Only units are shown for this wave. Units with fewer than "
                              "%(n)s people are taken together; if they are still fewer "
                              "than %(n)s together, they are left out.") % {"n": min_group()})
    else:
        picture, graph = person_sociogram(scope, title=title)
        report.pictures["sociogram"] = (title, picture)
        report.tables["people"] = people_table(scope)
    report.graph = graph
    if scope.mode == SELF:
        report.figures = [(_("people you named"), str(picture.edges)),
                          (_("people who named you"), str(named_me))]
    elif scope.mode == AGGREGATE:
        report.figures = [(_("units drawn"), str(picture.nodes)),
                          (_("arrows drawn"), str(picture.edges))]
    else:
        report.figures = [(_("people drawn"), str(picture.nodes)),
                          (_("ties drawn"), str(picture.edges))]
    if scope.mode != SELF:
        add_population(scope, report)
    return report


def add_population(scope: Scope, report: Report) -> None:
    """Who is in the wave (``Wave.people``): how many, how many answered, and what that means."""
    data = scope.data
    people, answered = len(data.people), sum(1 for p in data.people if data.has_responded(p.pk))
    report.figures += [(_("people in this wave"), str(people)), (_("answered"), str(answered))]
    report.notes.append(_(
        "The network of this wave is its %(people)s people (its roster and anyone named in it); "
        "%(answered)s of them answered. People who did not answer stay in the network: the ties "
        "others name to them count, but their own are unknown. They are drawn hollow, with a "
        "dashed outline.") % {"people": people, "answered": answered})
