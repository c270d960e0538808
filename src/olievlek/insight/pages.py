"""Reports for leadership, islands, change between waves and the network figures.

Same rules as :mod:`olievlek.insight.reports`: people appear only through ``scope.label``;
in ``aggregate`` mode only units (merged below ``min_group()``) and whole-network figures.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from olievlek.accounts.access import AGGREGATE, NAMES
from olievlek.analysis import measures as m
from olievlek.analysis.change import compare_waves
from olievlek.analysis.coreperiphery import core_periphery
from olievlek.analysis.islands import islands
from olievlek.analysis.leadership import leadership
from olievlek.analysis.subsystems import linking_pins
from olievlek.analysis.summary import network_figures
from olievlek.analysis.vulnerability import departures

from .exports import Table
from .reports import (
    Report,
    Scope,
    aggregate_groups,
    aggregate_sociogram,
    fmt,
    min_group,
    person_sociogram,
    relation_label,
)
from .svg import heatmap

TOP = 10
PROCESSES = ("coordinatie", "onderzoek", "praktijk")
LEVELS = ("macro", "meso", "micro")

# One line per figure, in plain words, for a network like these.
FIGURES = (
    ("people", gettext_lazy("people"),
     gettext_lazy("Everyone taking part in this wave.")),
    ("ties", gettext_lazy("ties"),
     gettext_lazy("How often someone named a colleague they turn to.")),
    ("density", gettext_lazy("density"),
     gettext_lazy("Share of all possible ties that exist: 1 means everyone turns to everyone.")),
    ("reciprocity", gettext_lazy("reciprocity"),
     gettext_lazy("Share of ties that are returned: both people name each other.")),
    ("components", gettext_lazy("components"),
     gettext_lazy("Separate parts with no tie between them; isolates count as a part each.")),
    ("largest_component_share", gettext_lazy("largest part"),
     gettext_lazy("Share of people in the biggest connected part of the network.")),
    ("isolates", gettext_lazy("isolates"),
     gettext_lazy("People who named nobody and whom nobody named.")),
    ("transitivity", gettext_lazy("transitivity"),
     gettext_lazy("How often two colleagues of someone also know each other (closed triangles).")),
    ("in_degree_centralization", gettext_lazy("in-degree centralisation"),
     gettext_lazy("Near 1: everyone turns to one person; near 0: leadership is shared.")),
    ("ei_index", gettext_lazy("E-I index"),
     gettext_lazy("From -1 (ties stay inside units) to +1 (ties go between units).")),
    ("mean_degree", gettext_lazy("ties per person"),
     gettext_lazy("Average number of colleagues each person named.")),
    ("communities", gettext_lazy("communities"),
     gettext_lazy("Groups found in the ties themselves (Leiden), to compare with the units.")),
)


def _rank(values: dict[str, float]) -> dict[str, int]:
    """Competition ranking (1, 2, 2, 4), highest first."""
    ordered = sorted(values.values(), reverse=True)
    return {k: ordered.index(v) + 1 for k, v in values.items()}


def group_matrix(net, group_of: dict[str, str], groups: list[str]) -> np.ndarray:
    """Tie counts from group to group (rows: the asker's group); people without a group skip.

    Not ``analysis.subsystems.unit_matrix``: that groups by the units (or their process or
    layer) as they are, while the aggregate view needs its own groups (small units merged,
    small processes left out, see ``aggregate_groups``) so no cell stands for one person.
    """
    index = {g: i for i, g in enumerate(groups)}
    out = np.zeros((len(groups), len(groups)), dtype=np.int64)
    ids = net.ids
    for s, t in net.graph.get_edgelist():
        gs, gt = group_of.get(ids[s]), group_of.get(ids[t])
        if gs in index and gt in index:
            out[index[gs], index[gt]] += 1
    return out


def _matrix_tables(scope: Scope, report: Report, aggregate: bool) -> None:
    data, net = scope.data, scope.net
    if aggregate:
        group_of, groups = aggregate_groups(scope)
        keys = sorted(groups, key=lambda g: groups[g][0])
        names = [groups[g][0] for g in keys]
    else:
        group_of = dict(net.units)
        keys = sorted(set(group_of.values()), key=lambda u: scope.unit_name(u))
        names = [scope.unit_name(u) for u in keys]
    matrix = group_matrix(net, group_of, keys)
    title = _("Ties between units (rows ask columns)")
    _matrix(report, scope, "units", title, names, keys, matrix, group_of)
    for name, attr, codes, label in (
        ("processes", "process", PROCESSES, _("Ties between processes")),
        ("levels", "level", LEVELS, _("Ties between layers")),
    ):
        of = {pid: getattr(data.units[u], attr) for pid, u in net.units.items() if u in data.units}
        if aggregate:  # a process or layer of one or two people would show their ties
            sizes = {c: list(of.values()).count(c) for c in codes}
            of = {pid: c for pid, c in of.items() if sizes.get(c, 0) >= min_group()}
        mat = group_matrix(net, of, list(codes))
        shown = [_(c) if attr == "level" else {"coordinatie": _("coordination"), "onderzoek":
                 _("research"), "praktijk": _("practice")}[c] for c in codes]
        _matrix(report, scope, name, label, shown, list(codes), mat, of)


def _matrix(report: Report, scope: Scope, name: str, title: str, names: list[str],
            keys: list[str], matrix: np.ndarray, group_of: dict[str, str]) -> None:
    """A group-by-group tie matrix as table and heatmap. Groups of fewer people than the
    viewer's small-cell threshold (``scope.mask``) show "<3" in the table and are left out
    of the picture: their row and column are one or two people's ties."""
    sizes = [sum(1 for g in group_of.values() if g == k) for k in keys]
    values = [[int(v) for v in row] for row in matrix]
    shown = [i for i, n in enumerate(sizes) if not scope.mask.small(n)]
    report.pictures[name] = (title, heatmap(
        [names[i] for i in shown], [names[i] for i in shown],
        [[values[i][j] for j in shown] for i in shown], title=title,
        row_refs=[keys[i] for i in shown]))
    masked = scope.mask.matrix(values, sizes)
    report.tables[name] = Table(name, title, [_("from \\ to"), *names],
                                [[names[i], *masked[i]] for i in range(len(keys))])


def _core_table(scope: Scope, report: Report, aggregate: bool) -> None:
    """Do coordinators sit in the core and practice teams in the periphery? (Borgatti-Everett,
    see olievlek.analysis.coreperiphery.)"""
    result = core_periphery(scope.net)
    names = {"coordinatie": _("coordination"), "onderzoek": _("research"), "praktijk": _("practice")}
    rows = []
    for r in result.by_process.to_dict("records"):
        if not r["people"] or (aggregate and r["people"] < min_group()):
            continue  # a process of one or two people would show where they sit
        people = int(r["people"])
        if scope.mask.small(people):  # the same, as "<3" for a coordinator under pseudonyms
            rows.append([names.get(r["process"], r["process"]), scope.mask.count(people, people),
                         scope.mask.count(int(r["in_core"]), people), None, None])
            continue
        rows.append([names.get(r["process"], r["process"]), people, int(r["in_core"]),
                     round(float(r["core_share"]), 3), round(float(r["mean_coreness"]), 3)])
    report.figures.append((_("people in the core"), f"{len(result.core)} / {scope.net.n}"))
    # How well the split fits (Borgatti-Everett correlation); "best found" when the network is
    # too large to score every split (see olievlek.analysis.coreperiphery).
    fit = fmt(result.split_fit)
    if result.split_fit is not None and not result.exact:
        fit = _("%(fit)s (best found)") % {"fit": fit}
    report.figures.append((_("fit of the core/periphery split"), fit))
    report.tables["core"] = Table("core", _("Core and periphery by process"), [
        _("process"), _("people"), _("in the core"), _("share in the core"),
        _("mean coreness")], rows)


def leadership_report(scope: Scope) -> Report:
    """Formal against informal leaders and the linking pins, as :mod:`olievlek.analysis`
    defines them (``leadership``, ``linking_pins``): the page only chooses labels and order."""
    data, net = scope.data, scope.net
    title = _("Leadership and linking pins, wave %(wave)s, %(relation)s") % {
        "wave": data.wave.label, "relation": relation_label(scope.options.relation)}
    report = Report(title=title, mode=scope.mode)
    found = leadership(net, top=TOP, betweenness=[scope.measures[k]["betweenness"]
                                                 for k in net.ids])
    pins = linking_pins(net)
    pins = pins[pins["linking_pin"]]
    report.figures = [
        (_("in-degree centralisation"), fmt(found.in_degree_centralization)),
        (_("share of ties received by formal leaders"), fmt(found.formal_tie_share)),
        (_("formal leaders in this wave"), str(len(found.formal))),
    ]
    aggregate = scope.mode == AGGREGATE
    _matrix_tables(scope, report, aggregate)
    _core_table(scope, report, aggregate)
    if aggregate:
        report.notes.append(_("Only units are shown for this wave."))
        return report
    report.figures += [
        (_("informal leaders"), str(len(found.informal))),
        (_("informal leaders who hold a formal role"), f"{len(found.overlap)} / {len(found.informal)}"),
        (_("linking pins"), str(len(pins))),
    ]
    by_key = {p.key: p for p in data.people}
    people = found.people.set_index("id")
    broker_rows: list[list[Any]]
    pin_rows: list[list[Any]]
    rows, formal_rows, broker_rows, pin_rows = [], [], [], []
    for key in net.ids:
        p, row = by_key[key], people.loc[key]
        unit, role = scope.unit_name(data.primary_unit.get(p.pk)), data.role_of(p.pk)
        measures = [int(row["in_degree"]), int(row["in_degree_rank"]),
                    round(float(row["betweenness"]), 4), int(row["betweenness_rank"])]
        if row["informal"]:
            rows.append([scope.label(p), unit, role, _("yes") if row["formal"] else _("no"),
                         *measures])
        if row["formal"]:
            formal_rows.append([scope.label(p), row["roles"], unit, *measures])
        roles = [int(scope.brokerage[key][r]) for r in ("coordinator", "itinerant", "gatekeeper",
                                                        "representative", "liaison")]
        if sum(roles):
            broker_rows.append([scope.label(p), unit, *roles, sum(roles)])
    across = _across(scope)
    for pin in pins.to_dict("records"):
        p = by_key[pin["id"]]
        pin_rows.append([scope.label(p), ", ".join(scope.unit_name(u) for u in data.units_of(p.pk)),
                         int(pin["units"]), int(pin["other_units_tied"]),
                         ", ".join(sorted(across.get(pin["id"], set())))])
    # Equal scores are ordered by what the viewer sees, never by package id.
    rows.sort(key=lambda r: (r[5], r[7], r[0]))
    formal_rows.sort(key=lambda r: (r[4], r[0]))
    broker_rows.sort(key=lambda r: (-r[-1], r[0]))
    pin_rows.sort(key=lambda r: (-r[3], -r[2], r[0]))
    report.tables = {
        "leaders": Table("leaders", _("Informal leaders: most named and most in between"), [
            _("person"), _("unit"), _("role"), _("formal leader"), _("in-degree"),
            _("rank"), _("betweenness"), _("rank")], rows),
        "formal": Table("formal", _("Formal role holders"), [
            _("person"), _("role"), _("unit"), _("in-degree"), _("rank"), _("betweenness"),
            _("rank")], formal_rows),
        "brokers": Table("brokers", _("Brokerage roles (Gould and Fernandez)"), [
            _("person"), _("unit"), _("coordinator"), _("itinerant"), _("gatekeeper"),
            _("representative"), _("liaison"), _("total")], broker_rows[:25]),
        "linking_pins": Table("linking_pins", _("Linking pins: in several units or with ties "
                                                "into other units"), [
            _("person"), _("units"), _("number of units"), _("other units reached"),
            _("units reached")], pin_rows),
        **report.tables,
    }
    return report


def _across(scope: Scope) -> dict[str, set[str]]:
    """Per person key, the names of the other primary units they have a tie with (either way),
    as ``analysis.linking_pins`` counts them."""
    out: dict[str, set[str]]
    net, out = scope.net, {}
    for s, t in net.graph.get_edgelist():
        a, b = net.ids[s], net.ids[t]
        ua, ub = net.units.get(a), net.units.get(b)
        if ua and ub and ua != ub:
            out.setdefault(a, set()).add(scope.unit_name(ub))
            out.setdefault(b, set()).add(scope.unit_name(ua))
    return out


def islands_report(scope: Scope, *, figures_only: bool = False) -> Report:
    """The islands page. ``figures_only``: its figures and closed units, without the picture
    and the people tables (what the case report uses)."""
    data, net = scope.data, scope.net
    title = _("Islands and vulnerability, wave %(wave)s, %(relation)s") % {
        "wave": data.wave.label, "relation": relation_label(scope.options.relation)}
    report = Report(title=title, mode=scope.mode)
    figures = network_figures(net)
    found = islands(net)
    units = found.units
    closed = [(r.unit, int(r.people), int(r.ties_inside)) for r in units.itertuples() if r.isolated]
    report.figures = [
        (_("components"), str(figures["components"])),
        (_("largest part"), fmt(figures["largest_component_share"])),
        (_("isolates"), str(figures["isolates"])),
        (_("units with no tie outside"), str(len(closed))),
    ]
    if scope.mode == AGGREGATE:
        closed = [(u, n, w) for u, n, w in closed if n >= min_group()]
    report.tables["closed_units"] = Table(  # small units: "<3" (``scope.mask``)
        "closed_units", _("Units with no tie to the rest"),
        [_("unit"), _("people"), _("ties within")],
        [[scope.unit_name(u), scope.mask.count(n, n), scope.mask.count(w, n)]
         for u, n, w in closed])
    if figures_only:
        return report
    if scope.mode == AGGREGATE:
        picture, graph, _table = aggregate_sociogram(scope, title)
        report.pictures["islands"] = (_("Units as nodes"), picture)
        report.notes.append(_("Only units are shown for this wave."))
        return report
    picture, graph = person_sociogram(scope, colour="component", title=title)
    report.pictures["islands"] = (_("Coloured by connected part; isolates apart"), picture)
    report.graph = graph
    by_key = {p.key: p for p in data.people}
    report.tables["components"] = Table(
        "components", _("Connected parts"), [_("part"), _("people"), _("units"), _("members")],
        [[i + 1, len(c), ", ".join(sorted({scope.unit_name(data.primary_unit.get(p.pk))
                                           for p in c} - {""})),
          ", ".join(sorted(scope.label(p) for p in c))]
         for i, c in enumerate(scope.component_parts())])
    report.tables["isolates"] = Table(
        "isolates", _("Isolates"), [_("person"), _("unit"), _("role")],
        sorted([scope.label(by_key[k]), scope.unit_name(data.primary_unit.get(by_key[k].pk)),
                data.role_of(by_key[k].pk)] for k in found.isolates))
    deps = departures(net)
    deps["ref"] = [scope.label(by_key[k]) for k in deps["id"]]
    deps = deps[(deps["reachability_loss"] > 0) | (deps["cut_off_from_coordination"] > 0)]
    deps = deps.sort_values(["reachability_loss", "cut_off_from_coordination", "ref"],
                            ascending=[False, False, True], kind="mergesort")
    report.tables["departures"] = Table(
        "departures", _("If this person leaves..."),
        [_("person"), _("unit"), _("parts afterwards"), _("parts now"),
         _("people cut off from the coordination team"), _("pairs no longer connected"),
         _("share of connected pairs lost")],
        [[row["ref"], scope.unit_name(data.primary_unit.get(by_key[row["id"]].pk)),
          int(row["components_after"]), figures["components"],
          int(row["cut_off_from_coordination"]), int(row["reachability_loss"]),
          round(float(row["reachability_loss_share"]), 3)]
         for row in deps.head(TOP).to_dict("records")])
    return report


def change_report(scope_a: Scope, scope_b: Scope, mode: str) -> Report:
    a, b = scope_a.data, scope_b.data
    title = _("Change from %(a)s to %(b)s, %(relation)s") % {
        "a": a.wave.label, "b": b.wave.label,
        "relation": relation_label(scope_a.options.relation)}
    report = Report(title=title, mode=mode)
    keys_a, keys_b = {p.key for p in a.people}, {p.key for p in b.people}
    # Positions come from the scopes' own measures (already computed): no betweenness here.
    change = compare_waves(scope_a.net, scope_b.net, present_before=keys_a,
                           present_after=keys_b, betweenness_method="off")
    status = dict(zip(zip(change.ties["source"], change.ties["target"]), change.ties["status"]))
    fig_a, fig_b = network_figures(scope_a.net), network_figures(scope_b.net)
    rows = [[str(label), fmt(fig_a.get(key)), fmt(fig_b.get(key)), _diff(fig_a.get(key),
                                                                          fig_b.get(key))]
            for key, label, _e in FIGURES if key in fig_a]
    rows += [[_("ties kept"), "", str(change.counts["kept"]), ""],
             [_("ties new"), "", str(change.counts["new"]), ""],
             [_("ties lost"), str(change.counts["lost"]), "", ""],
             [_("ties kept / all ties of both waves (Jaccard)"), "", fmt(change.jaccard), ""],
             [_("people joined"), "", str(len(change.joined)), ""],
             [_("people left"), str(len(change.left)), "", ""]]
    report.tables["figures"] = Table("figures", _("Network figures"),
                                     [_("figure"), a.wave.label, b.wave.label, _("change")], rows)
    if mode == AGGREGATE:
        for name, scope in (("from", scope_a), ("to", scope_b)):
            scope.mode = AGGREGATE
            picture, _g, _t = aggregate_sociogram(scope, f"{scope.data.network.name} "
                                                         f"{scope.data.wave.label}")
            report.pictures[name] = (scope.data.wave.label, picture)
        report.notes.append(_("Only units are shown for these waves."))
        return report
    kinds_a = {t: k for t, k in status.items() if k != "new"}
    kinds_b = {t: k for t, k in status.items() if k != "lost"}
    joined = {p.pk: "#1b9e3e" for p in b.people if p.key not in keys_a}
    left = {p.pk: "#c62828" for p in a.people if p.key not in keys_b}
    for name, scope, kinds, rings in (("from", scope_a, kinds_a, left),
                                      ("to", scope_b, kinds_b, joined)):
        scope.mode = mode
        picture, _g = person_sociogram(scope, title=f"{a.network.name} {scope.data.wave.label}",
                                       kinds=kinds, rings=rings,
                                       layout_wave=max(a.wave.label, b.wave.label))
        report.pictures[name] = (scope.data.wave.label, picture)
    people = {p.key: p for p in a.people} | {p.key: p for p in b.people}
    prow = []
    for key, p in people.items():
        ma, mb = scope_a.measures.get(key), scope_b.measures.get(key)
        person_status = _("stayed") if ma and mb else (_("joined") if mb else _("left"))
        label = scope_b.label(p) if mb else scope_a.label(p)
        ia = int(ma["in_degree"]) if ma else None
        ib = int(mb["in_degree"]) if mb else None
        ba = round(float(ma["betweenness"]), 4) if ma else None
        bb = round(float(mb["betweenness"]), 4) if mb else None
        prow.append([label, person_status, ia, ib, _num_diff(ia, ib), ba, bb, _num_diff(ba, bb)])
    prow.sort(key=lambda r: (-(abs(r[4]) if r[4] is not None else -1), r[0]))
    report.tables["people"] = Table("people", _("Each person's change"), [
        _("person"), _("status"), _("in-degree") + f" {a.wave.label}",
        _("in-degree") + f" {b.wave.label}", _("change"), _("betweenness") + f" {a.wave.label}",
        _("betweenness") + f" {b.wave.label}", _("change")], prow)
    return report


def _num_diff(a, b):
    if a is None or b is None:
        return None
    return round(b - a, 4)


def _diff(a, b) -> str:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        d = b - a
        return f"{d:+d}" if isinstance(d, int) else f"{d:+.3f}"
    return ""


def figures_report(scopes: list[Scope], title: str) -> Report:
    """One row per figure, one column per wave, with what the figure means."""
    report = Report(title=title, mode=NAMES)
    figs = []
    for s in scopes:
        people = pd.DataFrame({"component": m.weak_components(s.net.graph),
                               "community": m.communities(s.net.graph)})
        figs.append(network_figures(s.net, people))
    rows = [[str(label), *[fmt(f.get(key)) for f in figs], str(expl)] for key, label, expl in FIGURES]
    report.tables["figures"] = Table("figures", _("Every wave"), [
        _("figure"), *[s.data.wave.label for s in scopes], _("what it means")], rows)
    return report
