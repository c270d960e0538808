"""Governance workflows (docs/governance.md): fees, support applications, a group's type,
decisions, the yearly overview, and the package's ``fees.csv`` / ``grants.csv``. Every change
is written here and audited; the rules are :mod:`olievlek.governance.rules`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from olievlek.accounts import audit
from olievlek.networks.models import Membership, Network, Organisation, Unit
from olievlek.package_governance import as_paid

from . import rules as R
from .models import Decision, Fee, Grant, Settings, TypeChange, Vote

FILES = ("fees", "grants")


class GovernanceError(ValueError):
    """A change the rules do not allow (e.g. a vote of an organisation that did not pay)."""


def rules_for(network: Network) -> R.Rules:
    """The network's rules: its own settings, or the defaults."""
    settings = Settings.objects.filter(network=network).first()
    return settings.as_rules() if settings else R.Rules()


def fees_of(network: Network, year: int) -> list[R.Fee]:
    return [R.Fee(key, amount, paid) for key, amount, paid in
            Fee.objects.filter(network=network, year=year).values_list(
                "organisation__key", "amount", "paid")]


def conditions(network: Network, year: int) -> list[R.Check]:
    return R.network_conditions(fees_of(network, year), rules_for(network))


def group_type(unit: Unit) -> str | None:
    return R.group_type_of(unit.kind)


def group_organisations(unit: Unit, day: dt.date) -> tuple[str, ...]:
    """The organisation of each member of ``unit`` on ``day`` (the one active-membership rule,
    ``Membership.objects.active_on``), "" for a member without an organisation."""
    rows = (Membership.objects.active_on(day).filter(unit=unit)
            .values_list("person_id", "person__organisation__key").distinct())
    return tuple(sorted(org or "" for _person, org in rows))


def budget_left(network: Network, year: int) -> int:
    granted = Grant.objects.filter(network=network, year=year, decision=R.GRANTED)
    return R.budget_left(R.budget(fees_of(network, year)), granted.values_list("amount", flat=True))


@transaction.atomic
def apply_for_support(unit: Unit, *, year: int, goal: str, actor: str, amount: int | None = None,
                      hours: int | None = None, date: dt.date | None = None) -> Grant:
    """Check a group's application against the rules and record it, granted or refused with
    the rule that decided; audited."""
    date = date or dt.date.today()
    network = unit.network
    rules = rules_for(network)
    app = R.Application(unit.key, group_type(unit) or unit.kind, goal,
                        group_organisations(unit, date), amount, hours)
    decided = R.check_application(app, rules, budget_left(network, year))
    grant = Grant.objects.create(
        network=network, unit=unit, year=year, type=app.type if app.type in R.GROUP_TYPES else "",
        amount=decided.amount, goal=goal, hours=hours, decision=decided.decision,
        rule=decided.rule, reason=decided.reason[:300], date=date)
    audit.log(actor, "create", network_slug=network.slug, object_type="grant",
              object_key=unit.key, detail=f"{year}: {decided.decision} ({decided.rule}) EUR {decided.amount}")
    return grant


@transaction.atomic
def change_group_type(unit: Unit, type_: str, *, date: dt.date, actor: str, note: str = "") -> TypeChange:
    """A group becomes another type from ``date`` on: the history keeps every step and the
    unit's kind follows the latest."""
    if type_ not in R.GROUP_TYPES:
        raise GovernanceError(f"'{type_}' is not a group type ({'|'.join(R.GROUP_TYPES)})")
    change = TypeChange.objects.create(unit=unit, type=type_, date=date, note=note)
    latest = unit.type_changes.order_by("-date", "-pk").first()
    if latest is not None and unit.kind != _kind_label(latest.type):
        unit.kind = _kind_label(latest.type)
        unit.save(update_fields=["kind"])
    audit.log(actor, "update", network_slug=unit.network.slug, object_type="group type",
              object_key=unit.key, detail=f"{type_} from {date}")
    return change


def _kind_label(type_: str) -> str:
    return "PLG" if type_ == R.PLG else type_


@transaction.atomic
def set_fee(network: Network, organisation: Organisation, year: int, *, actor: str,
            amount: int | None = None, paid: bool = False) -> Fee:
    """A member organisation's fee for a year (default: the network's fee) and whether it was
    paid; audited."""
    if organisation.network_id != network.pk:
        raise GovernanceError("the organisation belongs to another network")
    amount = rules_for(network).fee if amount is None else amount
    fee, _ = Fee.objects.update_or_create(network=network, organisation=organisation, year=year,
                                          defaults={"amount": amount, "paid": paid})
    audit.log(actor, "update", network_slug=network.slug, object_type="fee",
              object_key=organisation.key, detail=f"{year}: EUR {amount}, {'paid' if paid else 'not paid'}")
    return fee


@transaction.atomic
def save_settings(settings: Settings, *, actor: str) -> Settings:
    settings.save()
    audit.log(actor, "update", network_slug=settings.network.slug, object_type="governance rules",
              object_key=settings.network.slug,
              detail=f"fee {settings.fee}, {settings.min_paying} organisations, EUR {settings.min_budget}")
    return settings


@transaction.atomic
def record_decision(body: Unit, *, date: dt.date, text: str, votes: Mapping[str, str],
                    actor: str) -> Decision:
    """Log a decision of a body: the organisations that could vote are those that paid that
    year's fee; a vote of any other organisation is refused (nothing is written)."""
    if R.group_type_of(body.kind) is not None or body.kind.lower() not in R.BODIES:
        raise GovernanceError(f"{body.name} is not one of the bodies ({', '.join(R.BODIES)})")
    network = body.network
    eligible = R.voters(fees_of(network, date.year))
    problems = [p for org, vote in votes.items() if (p := R.vote_problem(org, vote, eligible))]
    if problems:
        raise GovernanceError("; ".join(problems))
    outcome, counts = R.tally(votes, eligible)
    orgs = {o.key: o for o in network.organisations.all()}
    decision = Decision.objects.create(network=network, body=body, date=date, text=text,
                                       outcome=outcome)
    decision.eligible.set([orgs[k] for k in eligible if k in orgs])
    Vote.objects.bulk_create([Vote(decision=decision, organisation=orgs[o], vote=v)
                              for o, v in votes.items()])
    audit.log(actor, "create", network_slug=network.slug, object_type="decision",
              object_key=str(decision.pk),
              detail=f"{body.name} {date}: {outcome} ({counts['for']} for, {counts['against']} against)")
    return decision


# -- the yearly overview --------------------------------------------------------------------------

@dataclass
class Overview:
    network: Network
    year: int
    rules: R.Rules
    fees: list[Fee]
    budget: int
    left: int
    checks: list[R.Check]
    grants: list[Grant]
    groups: list[dict[str, Any]]
    bodies: list[dict[str, Any]]
    decisions: list[Decision]
    products: list[Any]
    shared_with: list[Organisation] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.fees or self.grants or self.decisions)


def years_of(network: Network) -> list[int]:
    years = set(Fee.objects.filter(network=network).values_list("year", flat=True))
    years |= set(Grant.objects.filter(network=network).values_list("year", flat=True))
    return sorted(years)


def overview(network: Network, year: int) -> Overview:
    """Everything the yearly overview page and ``olievlek governance check`` show."""
    from olievlek.portfolio.models import BoundaryObject

    rules = rules_for(network)
    fees = list(Fee.objects.filter(network=network, year=year).select_related("organisation"))
    plain = [R.Fee(f.organisation.key, f.amount, f.paid) for f in fees]
    total = R.budget(plain)
    grants = list(Grant.objects.filter(network=network, year=year).select_related("unit"))
    left = R.budget_left(total, [g.amount for g in grants if g.decision == R.GRANTED])
    units = list(network.units.order_by("name"))
    history: dict[int, list[TypeChange]] = {}
    for change in TypeChange.objects.filter(unit__network=network):
        history.setdefault(change.unit_id, []).append(change)
    groups: list[dict[str, Any]] = [
        {"unit": u, "type": R.group_type_of(u.kind), "history": history.get(u.pk, []),
         "grants": [g for g in grants if g.unit_id == u.pk]}
        for u in units if R.group_type_of(u.kind)]
    starts: dict[int, int] = {}
    for unit_id, start in (Membership.objects.filter(unit__network=network, start__isnull=False)
                           .values_list("unit_id", "start")):
        if start is not None:
            starts[unit_id] = min(starts.get(unit_id, start.year), start.year)
    for g in groups:  # a projectgroep's limited life, from its first member's start
        started = starts.get(g["unit"].pk)
        g["life"] = (R.project_life_check(started, year, rules)
                     if g["type"] == R.PROJECTGROEP and started is not None else None)
    day = dt.date(year, 12, 31)
    members: dict[int, list[Any]] = {}
    body_ids = [u.pk for u in units if u.kind.lower() in R.BODIES]
    for m in (Membership.objects.active_on(day).filter(unit__in=body_ids)
              .select_related("person")):
        members.setdefault(m.unit_id, []).append(m.person)
    # people as Person objects: the page shows them as its viewer may (names or pseudonyms)
    bodies = [{"unit": u, "members": members.get(u.pk, [])} for u in units if u.pk in body_ids]
    decisions = list(Decision.objects.filter(network=network, date__year=year)
                     .select_related("body").prefetch_related("eligible", "votes__organisation"))
    plg = [g["unit"].pk for g in groups if g["type"] == R.PLG]
    products = list(BoundaryObject.objects.filter(network=network, units__in=plg).distinct()
                    .order_by("title"))
    shared = sorted((f.organisation for f in fees if f.paid), key=lambda o: o.name)
    return Overview(network, year, rules, fees, total, left,
                    R.network_conditions(plain, rules), grants, groups, bodies, decisions,
                    products, shared)


# -- the package files ----------------------------------------------------------------------------

@transaction.atomic
def import_governance(pkg, network: Network, orgs: Mapping[str, Organisation],
                      units: Mapping[str, Unit]) -> dict[str, int]:
    """Load ``fees.csv`` and ``grants.csv`` of a validated package (inside the caller's
    transaction): a fee is matched by organisation and year and updated or created; the grants
    of every year in ``grants.csv`` replace that year's grants of the network."""
    counts = {name: len(getattr(pkg, name)) for name in FILES}
    for r in pkg.fees.itertuples(index=False):
        Fee.objects.update_or_create(network=network, organisation=orgs[r.organisation],
                                     year=int(r.year),
                                     defaults={"amount": int(r.fee), "paid": bool(as_paid(r.paid))})
    years = {int(y) for y in pkg.grants["year"]}
    if years:
        Grant.objects.filter(network=network, year__in=years).delete()
        Grant.objects.bulk_create([
            Grant(network=network, unit=units[r.unit], year=int(r.year), type=r.type,
                  amount=int(r.amount), goal=r.goal, decision=r.decision, rule=r.rule,
                  reason=r.reason, date=dt.date.fromisoformat(r.date))
            for r in pkg.grants.itertuples(index=False)])
    return counts


def export_governance(networks) -> dict[int, dict[str, list[dict[str, Any]]]]:
    """Per network id, the rows of ``fees.csv`` and ``grants.csv``, sorted (two queries)."""
    ids = [n.pk for n in networks]
    out: dict[int, dict[str, list[dict[str, Any]]]] = {pk: {"fees": [], "grants": []} for pk in ids}
    for net, year, org, amount, paid in (Fee.objects.filter(network__in=ids)
                                         .order_by("year", "organisation__key")
                                         .values_list("network_id", "year", "organisation__key",
                                                      "amount", "paid")):
        out[net]["fees"].append({"year": str(year), "organisation": org, "fee": str(amount),
                                 "paid": "1" if paid else "0"})
    for g in (Grant.objects.filter(network__in=ids).select_related("unit")
              .order_by("year", "date", "unit__key", "pk")):
        out[g.network_id]["grants"].append({
            "year": str(g.year), "unit": g.unit.key, "type": g.type, "amount": str(g.amount),
            "goal": g.goal, "decision": g.decision, "rule": g.rule, "reason": g.reason,
            "date": g.date.isoformat()})
    return out


@transaction.atomic
@transaction.atomic
def save_fees(network: Network, year: int, members: Mapping[int, tuple[int, bool]], *,
              actor: str) -> None:
    """The member organisations of ``year``, all at once: ``members`` maps an organisation's
    id to (fee, paid); a fee that changed is written, an organisation left out is no longer a
    member that year. One transaction: a failure writes none of it. Audited per fee."""
    orgs = {o.pk: o for o in network.organisations.filter(pk__in=list(members))}
    if len(orgs) != len(members):
        raise GovernanceError("an organisation belongs to another network")
    fees = {f.organisation_id: f for f in Fee.objects.filter(network=network, year=year)
            .select_related("organisation", "network")}
    for pk, (amount, paid) in members.items():
        old = fees.get(pk)
        if old is None or (old.amount, old.paid) != (amount, paid):
            set_fee(network, orgs[pk], year, amount=amount, paid=paid, actor=actor)
    for pk, fee in fees.items():
        if pk not in members:
            remove_fee(fee, actor=actor)


def remove_fee(fee: Fee, *, actor: str) -> None:
    """An organisation is no longer a member that year; audited."""
    audit.log(actor, "delete", network_slug=fee.network.slug, object_type="fee",
              object_key=fee.organisation.key, detail=str(fee.year))
    fee.delete()
