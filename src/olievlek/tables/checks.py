"""Consistency checks: things in the data a researcher should look at before trusting a table.

Each finding says what kind of problem it is, in which network, about what (a unit, a role,
a sector) and which people it concerns (package ids: the web pages turn them into names or
pseudonyms as the viewer may see). Findings are hints, not errors: a unit without people can
be a planned team, and the role rules are heuristics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from olievlek.package import SECTORS

from .background import ITEMS, background_counts
from .data import Study
from .response import response_by_network

__all__ = ["KINDS", "ROLE_PROCESS_CONFLICTS", "Finding", "consistency_checks"]

KINDS = (
    "counts",               # counts that do not add up between tables
    "partial-background",   # partial responses with background answers: in the background n, not in the response rate
    "no-sector",            # respondents of a network without a sector: absent from sector tables
    "item-nonresponse",     # respondents who left a background question open
    "not-invited",          # people with no response row in the wave
    "person-without-unit",  # respondents without a membership
    "unit-without-people",  # units with nobody in them or below them
    "role-contradicts-unit",
)

# Roles that do not fit a unit's process: a teacher or student whose membership is in a
# coordination unit, a project leader or programme manager placed in a practice team.
ROLE_PROCESS_CONFLICTS: dict[str, tuple[str, ...]] = {
    "leraar": ("coordinatie",),
    "student": ("coordinatie",),
    "projectleider": ("praktijk",),
    "programmamanager": ("praktijk",),
}


@dataclass(frozen=True)
class Finding:
    kind: str
    network: str
    subject: str
    detail: str
    people: tuple[str, ...] = field(default=())

    @property
    def count(self) -> int:
        return len(self.people)

    def as_row(self) -> dict[str, Any]:
        return {"kind": self.kind, "network": self.network, "subject": self.subject,
                "detail": self.detail, "count": self.count}


def consistency_checks(study: Study) -> list[Finding]:
    """Every finding for the study, grouped by kind in the order of :data:`KINDS`."""
    out: list[Finding] = []
    out += _counts(study)
    out += _partial_background(study)
    out += _no_sector(study)
    out += _item_nonresponse(study)
    out += _not_invited(study)
    out += _without_unit(study)
    out += _empty_units(study)
    out += _role_conflicts(study)
    return out


def _counts(study: Study) -> list[Finding]:
    """Respondents per sector from the response table against the n of each background table.

    The response table counts complete responses; the background tables also count partial
    responses with background answers (:func:`olievlek.tables.data.is_respondent`). A
    difference of exactly those partial responses is reported once per sector, with the
    numbers, as an explained difference; anything else as a count that does not add up.
    """
    resp = response_by_network(study)
    partial = study.respondents[~study.respondents["complete"]]
    out = []
    by_item = {item: background_counts(study, item, "sector") for item in ITEMS}
    for sector in SECTORS:
        implied = sum(int(r or 0) for r, s in zip(resp["respondents"], resp["sector"]) if s == sector)
        extra = int((partial["sector"] == sector).sum())
        if extra:
            out.append(Finding("counts", "", sector,
                               f"n {implied + extra} in the background tables = {implied} complete "
                               f"in the response table + {extra} partial with background answers "
                               "(counted in the background tables, not in the response rate)"))
        for item in ITEMS:
            counts = by_item[item][sector]
            if counts.n != implied + extra:
                out.append(Finding("counts", "", sector,
                                   f"{item}: n {counts.n}, response table {implied} complete"
                                   + (f" + {extra} partial with background answers" if extra else "")))
            if sum(counts.counts.values()) + counts.missing != counts.n:
                out.append(Finding("counts", "", sector,
                                   f"{item}: answers and missing add up to "
                                   f"{sum(counts.counts.values()) + counts.missing}, n {counts.n}"))
    return out


def _partial_background(study: Study) -> list[Finding]:
    """Per network, the partial responses that count in the background tables."""
    out = []
    partial = study.respondents[~study.respondents["complete"]]
    for net in study.networks["network"]:
        mine = partial[partial["network"] == net]
        if len(mine):
            out.append(Finding("partial-background", net, study.wave or "",
                               "partial response with background answers: counted in the "
                               "background tables, not in the response rate",
                               tuple(mine["person"])))
    return out


def _no_sector(study: Study) -> list[Finding]:
    out = []
    for net, sector in zip(study.networks["network"], study.networks["sector"]):
        if sector in SECTORS:
            continue
        mine = study.respondents[study.respondents["network"] == net]
        if len(mine):
            out.append(Finding("no-sector", net, sector or "-",
                               "respondents of a network without a sector are in no sector column",
                               tuple(mine["person"])))
    return out


def _item_nonresponse(study: Study) -> list[Finding]:
    out = []
    resp = study.respondents
    for net in study.networks["network"]:
        mine = resp[resp["network"] == net]
        for item, codes in ITEMS.items():
            missing = mine[~mine[item].isin(codes)]
            if len(missing):
                out.append(Finding("item-nonresponse", net, item,
                                   "respondent without an answer to this question",
                                   tuple(missing["person"])))
    return out


def _not_invited(study: Study) -> list[Finding]:
    out = []
    for net in study.networks["network"]:
        mine = study.people[study.people["network"] == net]
        if mine["invited"].any() and (~mine["invited"]).any():
            out.append(Finding("not-invited", net, study.wave or "",
                               "no response row in this wave: not counted as a member",
                               tuple(mine.loc[~mine["invited"], "person"])))
    return out


def _without_unit(study: Study) -> list[Finding]:
    out = []
    in_unit = set(zip(study.memberships["network"], study.memberships["person"]))
    for net in study.networks["network"]:
        mine = study.respondents[study.respondents["network"] == net]
        lone = tuple(p for p in mine["person"] if (net, p) not in in_unit)
        if lone:
            out.append(Finding("person-without-unit", net, "",
                               "respondent without a unit: absent from unit, process and role tables",
                               lone))
    return out


def _empty_units(study: Study) -> list[Finding]:
    out = []
    occupied = set(zip(study.memberships["network"], study.memberships["unit"]))
    parent = dict(zip(zip(study.units["network"], study.units["unit"]), study.units["parent"]))
    filled: set[tuple[str, str]] = set()
    for net, unit in occupied:  # a unit counts as filled when it or a unit below it has people
        seen = set()
        while unit and (net, unit) not in seen:
            seen.add((net, unit))
            filled.add((net, unit))
            unit = parent.get((net, unit), "")
    for net, unit, name in study.units[["network", "unit", "name"]].itertuples(index=False):
        if (net, unit) not in filled:
            out.append(Finding("unit-without-people", net, unit, f"{name}: nobody in it or below it"))
    return out


def _role_conflicts(study: Study) -> list[Finding]:
    out = []
    ms = study.memberships
    ms = ms[ms["role"].isin(list(ROLE_PROCESS_CONFLICTS))]
    bad = [process in ROLE_PROCESS_CONFLICTS[role] for role, process in zip(ms["role"], ms["process"])]
    ms = ms[bad] if len(ms) else ms
    for (net, unit, role, process), grp in ms.groupby(["network", "unit", "role", "process"], sort=True):
        out.append(Finding("role-contradicts-unit", net, f"{unit}: {role}",
                           f"role '{role}' in a unit of process '{process}'",
                           tuple(sorted(set(grp["person"])))))
    return out
