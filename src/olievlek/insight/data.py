"""Load one wave from the database into the plain data the analysis library takes.

Five queries per wave (people, units, memberships, responses, ties), whatever the size of the
network; everything after this is pure Python on these rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd
from django.db.models import F, Max

from olievlek.analysis.graph import WaveNetwork, network_from_edges
from olievlek.networks.models import FORMAL_LEADER_ROLES, Membership, Network, Person, Unit
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

    ``people`` are the people taking part in the wave (a response row or a tie in it), in
    person-key order; ``ties`` are ``(source pk, target pk, relation, frequency)``.
    """

    network: Network
    wave: Wave
    people: list[PersonRow]
    ties: list[tuple[int, int, str, int]]
    units: dict[str, UnitRow]
    primary_unit: dict[int, str]  # person pk -> unit key
    memberships: list[tuple[int, str, str]] = field(default_factory=list)  # pk, unit key, role
    # Who answered: a complete response, or a partial one that named someone (their answers
    # are in the picture). None when the wave has no response rows at all (e.g. an imported
    # wave of ties only), so nobody is marked as not answering.
    responded: frozenset[int] | None = None

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
        )


def load_units(network: Network) -> tuple[dict[str, UnitRow], dict[int, str], list]:
    """Units, each person's primary unit (earliest membership, ties by unit key), memberships."""
    units = {
        row["key"]: UnitRow(row["key"], row["name"], row["process"], row["level"],
                            row["parent__key"] or "")
        for row in Unit.objects.filter(network=network).values(
            "key", "name", "process", "level", "parent__key")
    }
    memberships = list(
        Membership.objects.filter(person__network=network)
        .order_by("person_id", F("start").asc(nulls_first=True), "unit__key")
        .values_list("person_id", "unit__key", "role")
    )
    primary: dict[int, str] = {}
    for pk, unit, _ in memberships:
        primary.setdefault(pk, unit)
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
    """Everything the insight pages need about one wave, in five queries."""
    network = wave.network
    ties = list(wave.ties.values_list("source_id", "target_id", "relation", "frequency"))
    responses = list(Response.objects.filter(wave=wave).values_list("person_id", "status"))
    present = {pk for pk, _status in responses}
    named_someone = {s for s, _t, _r, _f in ties}
    for s, t, _, _ in ties:
        present.add(s)
        present.add(t)
    units, primary, memberships = load_units(network)
    return WaveData(
        network=network, wave=wave, people=load_people(network, present), ties=ties,
        units=units, primary_unit=primary, memberships=memberships,
        responded=frozenset(pk for pk, status in responses if status == "complete"
                            or (status == "partial" and pk in named_someone))
        if responses else None,
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

    The layout is computed once from this union so people keep their place between waves.
    """
    return list(
        Tie.objects.filter(wave__network=network)
        .order_by("wave__label", "source_id", "target_id")
        .values_list("wave__label", "source_id", "target_id")
    )
