"""Load one wave from the database into the plain data the analysis library takes.

A few queries per wave (people, units, memberships, roster, responses, ties), whatever the size
of the network; everything after this is pure Python on these rows. The wave's people are
``Wave.people()`` (:func:`olievlek.package.wave_people`), as for ``olievlek analyze`` and the
participants tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd
from django.db.models import Max

from olievlek.analysis.graph import WaveNetwork, network_from_edges
from olievlek.networks.models import FORMAL_LEADER_ROLES, Membership, Network, Person, Unit
from olievlek.package import primary_of
from olievlek.surveys.models import Response, Tie, Wave

RELATIONS = ("advice", "motivation")


@dataclass(frozen=True)
class PersonRow:
    """A person as the pages need them. Duck-types ``Person`` for ``Viewer.label/reference``."""

    pk: int
    key: str
    name: str
    pseudonym: str
    organisation: str
    sector: str
    function: str


@dataclass(frozen=True)
class UnitRow:
    key: str
    name: str
    process: str
    level: str
    parent: str


@dataclass
class WaveData:
    """One wave of one network: its people, all its ties (both relations) and the units.

    ``people`` are the wave's people (``Wave.people()``: its roster, response rows and ties),
    in person-key order; ``ties`` are ``(source pk, target pk, relation, frequency)``;
    ``responded`` the pks whose own answers are in the wave; ``roster`` how many were invited.
    """

    network: Network
    wave: Wave
    people: list[PersonRow]
    ties: list[tuple[int, int, str, int]]
    units: dict[str, UnitRow]
    primary_unit: dict[int, str]  # person pk -> unit key
    memberships: list[tuple[int, str, str]] = field(default_factory=list)  # pk, unit key, role
    # Whose own answers are in the wave (Wave.people: a complete response or a tie they named);
    # None when nobody is known to have been invited (an imported wave of ties only), so
    # nobody is marked as not answering.
    responded: frozenset[int] | None = None
    roster: int = 0

    def has_responded(self, pk: int) -> bool:
        return self.responded is None or pk in self.responded

    @cached_property
    def by_pk(self) -> dict[int, PersonRow]:
        return {p.pk: p for p in self.people}

    @cached_property
    def _roles(self) -> dict[int, str]:
        roles: dict[int, str] = {}
        for pk, unit, role in self.memberships:
            if self.primary_unit.get(pk) == unit:
                roles.setdefault(pk, role)
        return roles

    @cached_property
    def _units_of(self) -> dict[int, list[str]]:
        out: dict[int, set[str]] = {}
        for pk, unit, _ in self.memberships:
            out.setdefault(pk, set()).add(unit)
        return {pk: sorted(us) for pk, us in out.items()}

    def role_of(self, pk: int) -> str:
        """The person's role in their primary unit ("" when none)."""
        return self._roles.get(pk, "")

    def units_of(self, pk: int) -> list[str]:
        """Every unit the person has a membership in, by key."""
        return self._units_of.get(pk, [])

    def formal_leaders(self) -> set[int]:
        """People holding a formal leadership role (``FORMAL_LEADER_ROLES``) in any unit."""
        roles = {r.lower() for r in FORMAL_LEADER_ROLES}
        return {pk for pk, _, role in self.memberships if role.strip().lower() in roles}

    def edges(self, relation: str, min_frequency: int = 1) -> list[tuple[int, int, int]]:
        """``(source pk, target pk, frequency)`` of one relation with frequency >= min."""
        present = self.by_pk
        return [
            (s, t, f)
            for s, t, rel, f in self.ties
            if rel == relation and f >= min_frequency and s in present and t in present
        ]

    def network_for(self, relation: str, min_frequency: int = 1) -> WaveNetwork:
        """The analysis library's graph, with person *keys* as ids (vertex order = people)."""
        key = {p.pk: p.key for p in self.people}
        edges = [(key[s], key[t]) for s, t, _ in self.edges(relation, min_frequency)]
        units = {key[pk]: u for pk, u in self.primary_unit.items() if pk in key}
        info = pd.DataFrame(
            [{"id": u.key, "name": u.name, "process": u.process, "level": u.level,
              "parent": u.parent} for u in self.units.values()]
        )
        ms = pd.DataFrame(
            [{"person": key[pk], "unit": u, "role": r} for pk, u, r in self.memberships
             if pk in key],
            columns=["person", "unit", "role"],
        )
        return network_from_edges(
            [p.key for p in self.people], edges, units=units, unit_info=info if len(info) else None,
            memberships=ms, wave=self.wave.label, relation=relation, min_frequency=min_frequency,
            responded=None if self.responded is None else [key[pk] for pk in self.responded
                                                           if pk in key],
            roster=self.roster,
        )


def load_units(network: Network) -> tuple[dict[str, UnitRow], dict[int, str], list]:
    """Units, each person's primary unit (``MembershipQuerySet.primary``), memberships."""
    units = {
        row["key"]: UnitRow(row["key"], row["name"], row["process"], row["level"],
                            row["parent__key"] or "")
        for row in Unit.objects.filter(network=network).values(
            "key", "name", "process", "level", "parent__key")
    }
    rows = list(
        Membership.objects.filter(person__network=network)
        .order_by("person_id", "unit__key")
        .values_list("person_id", "unit__key", "start", "role")
    )
    primary = {pk: row[1] for pk, row in primary_of(rows).items()}
    memberships = [(pk, unit, role) for pk, unit, _start, role in rows]
    return units, primary, memberships


def load_people(network: Network, pks: set[int] | None = None) -> list[PersonRow]:
    qs = Person.objects.filter(network=network)
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    rows = qs.order_by("key").values_list(
        "pk", "key", "name", "pseudonym", "organisation__name", "organisation_name", "sector",
        "function",
    )
    return [
        PersonRow(pk, key, name, pseudonym, org or org_name or "", sector, function)
        for pk, key, name, pseudonym, org, org_name, sector, function in rows
    ]


def load_wave(wave: Wave) -> WaveData:
    """Everything the insight pages need about one wave, in a few queries."""
    network = wave.network
    ties = list(wave.ties.values_list("source_id", "target_id", "relation", "frequency"))
    members = wave.people(ties)
    units, primary, memberships = load_units(network)
    return WaveData(
        network=network, wave=wave, people=load_people(network, set(members.ids)), ties=ties,
        units=units, primary_unit=primary, memberships=memberships,
        responded=None if members.source == "ties" else members.responded,
        roster=members.roster,
    )


def data_date(wave: Wave):
    """The date of a wave's data, for captions: the last answer saved, else the day the wave
    closes (or closed), else the day it was created."""
    last = Response.objects.filter(wave=wave).aggregate(last=Max("saved_at"))["last"]
    if last is not None:
        return last.date()
    return wave.closes or wave.created_at.date()


def network_ties(network: Network) -> list[tuple[str, int, int]]:
    """Every tie of every wave, any relation and frequency: ``(wave label, source, target)``.

    Each wave's layout is computed from the ties of that wave and the earlier ones
    (``reports.positions``).
    """
    return list(
        Tie.objects.filter(wave__network=network)
        .order_by("wave__label", "source_id", "target_id")
        .values_list("wave__label", "source_id", "target_id")
    )
