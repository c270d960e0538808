"""The governance rules of a regional knowledge network, as in the Twente "Kennisnetwerk
Lerende Leraren" (docs/governance.md): membership fees and the network's own conditions,
support for groups, and who votes. Pure: plain data in, plain data out, no Django, so the
rules can be used in a notebook; the web pages, ``olievlek governance check`` and the package
import all call these functions. Each rule lives in one function.

>>> rules = Rules()
>>> fees = [Fee(f"org-{i}", 3000, paid=True) for i in range(9)]
>>> [c.missing for c in network_conditions(fees, rules)]
['1 paying organisation short', 'EUR 3,000 short']
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = [
    "EXPERTGROEP", "PLG", "PROJECTGROEP", "GROUP_TYPES", "BODIES", "VOTES",
    "Application", "Check", "Decision", "Fee", "GroupType", "Rules",
    "budget", "budget_left", "check_application", "group_type_of", "network_conditions",
    "paying_organisations", "project_life_check", "tally", "vote_problem", "voters",
]

PLG, EXPERTGROEP, PROJECTGROEP = "plg", "expertgroep", "projectgroep"
GROUP_TYPES = (PLG, EXPERTGROEP, PROJECTGROEP)
# The three bodies (unit kinds): day-to-day running, policy (a representative of every member
# organisation), steering (the boards).
BODIES = ("programmaleiding", "beleidsgroep", "stuurgroep")
VOTES = ("for", "against", "abstain")
GRANTED, REFUSED = "granted", "refused"


@dataclass(frozen=True)
class GroupType:
    """What the network gives a kind of group: a yearly support budget in euros (None: the
    group brings its own, external funding), the hours each member's employer must make
    available (None: no agreement) and, for groups with a limited life, the years it may run."""

    support: int | None
    facilitation_hours: int | None = None
    max_years: int | None = None


def _default_types() -> dict[str, GroupType]:
    return {PLG: GroupType(2000, facilitation_hours=40),
            EXPERTGROEP: GroupType(1500),
            PROJECTGROEP: GroupType(None, max_years=2)}


@dataclass(frozen=True)
class Rules:
    """A network's rules; the defaults are the Twente network's."""

    fee: int = 3000                 # a member organisation's yearly fee, EUR
    min_paying: int = 10            # paying member organisations a year
    min_budget: int = 30000         # the network's yearly budget, EUR
    min_group_organisations: int = 3  # different organisations among a group's members
    types: Mapping[str, GroupType] = field(default_factory=_default_types)


@dataclass(frozen=True)
class Fee:
    """One member organisation's fee for one year."""

    organisation: str
    amount: int
    paid: bool


@dataclass(frozen=True)
class Check:
    """One rule applied: ``rule`` is its code, ``missing`` says what is short ("" when met)."""

    rule: str
    met: bool
    missing: str = ""
    short: int = 0


@dataclass(frozen=True)
class Application:
    """A group's application for support in one year.

    ``organisations``: the organisation of every member active on the day of the application
    (one entry per member; empty for a member without an organisation); ``hours``: the hours
    per member the employers commit to (None: not stated)."""

    unit: str
    type: str
    goal: str
    organisations: tuple[str, ...]
    amount: int | None = None
    hours: int | None = None


@dataclass(frozen=True)
class Decision:
    """The outcome of an application and the rule that decided it (``rule`` "all" when every
    rule was met)."""

    granted: bool
    rule: str
    reason: str
    amount: int
    checks: tuple[Check, ...] = ()

    @property
    def decision(self) -> str:
        return GRANTED if self.granted else REFUSED


def _euro(amount: int) -> str:
    return f"EUR {amount:,}"


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).strip().lower()


def group_type_of(kind: str) -> str | None:
    """The group type of a unit kind ("PLG", "professionele leergemeenschap", "Expertgroep",
    "projectgroep"...), or None for a unit that is not a group of these types."""
    text = _plain(kind)
    if text in {"plg", "plg's"} or "leergemeenschap" in text or text.startswith("plg "):
        return PLG
    if text.startswith("expertgroep"):
        return EXPERTGROEP
    if text.startswith("projectgroep"):
        return PROJECTGROEP
    return None


# -- members and money --------------------------------------------------------------------------

def paying_organisations(fees: Iterable[Fee]) -> set[str]:
    """The member organisations that paid their fee (the year's fees are given)."""
    return {f.organisation for f in fees if f.paid}


def budget(fees: Iterable[Fee], other: int = 0) -> int:
    """The network's budget for a year: the fees paid, plus any other income."""
    return sum(f.amount for f in fees if f.paid) + other


def network_conditions(fees: Iterable[Fee], rules: Rules, other: int = 0) -> list[Check]:
    """The network's own conditions for one year: enough paying organisations, enough budget."""
    fees = list(fees)
    paying = len(paying_organisations(fees))
    short = max(rules.min_paying - paying, 0)
    checks = [Check("paying_organisations", short == 0,
                    "" if not short else
                    f"{short} paying organisation{'s' if short != 1 else ''} short", short)]
    money = budget(fees, other)
    short = max(rules.min_budget - money, 0)
    checks.append(Check("budget", short == 0, "" if not short else f"{_euro(short)} short", short))
    return checks


# -- groups and support -------------------------------------------------------------------------

def budget_left(total: int, granted: Iterable[int]) -> int:
    """What is left of a year's budget after the support already granted (may be negative)."""
    return total - sum(granted)


def check_application(app: Application, rules: Rules, left: int) -> Decision:
    """Every rule for a group's support, in order; the first one not met decides a refusal.

    1. ``type``: the group is of a type the network supports from its budget (a projectgroep
       brings external funding); 2. ``goal``: a goal is stated; 3. ``organisations``: its
       members come from at least ``rules.min_group_organisations`` different organisations;
    4. ``amount``: no more than the type's yearly support; 5. ``facilitation``: the employers
       commit the type's hours per member (PLG: 40); 6. ``budget``: the amount is left of this
       year's budget (exactly enough is enough)."""
    kind = rules.types.get(app.type)
    checks: list[Check] = []
    support = kind.support if kind else None
    asked = support if app.amount is None else app.amount
    amount: int = asked if asked is not None else 0
    if kind is None or support is None:
        what = app.type or "?"
        checks.append(Check("type", False, f"a {what} is not supported from the network's budget"))
    else:
        checks.append(Check("type", True))
    goal = bool((app.goal or "").strip())
    checks.append(Check("goal", goal, "" if goal else "no goal stated"))
    orgs = len({o for o in app.organisations if o})
    short = max(rules.min_group_organisations - orgs, 0)
    checks.append(Check("organisations", short == 0, "" if not short else
                        f"{short} organisation{'s' if short != 1 else ''} short "
                        f"({orgs} of {rules.min_group_organisations})", short))
    if support is not None:
        over = max(amount - support, 0)
        checks.append(Check("amount", over == 0 and amount >= 0,
                            "" if not over else f"{_euro(over)} over the {_euro(support)} a year", over))
    hours = kind.facilitation_hours if kind else None
    if hours is not None:
        short = max(hours - (app.hours or 0), 0)
        checks.append(Check("facilitation", short == 0, "" if not short else
                            f"{short} hours per member short of {hours}", short))
    short = max(amount - left, 0)
    checks.append(Check("budget", short == 0, "" if not short else
                        f"{_euro(short)} short in this year's budget ({_euro(max(left, 0))} left)", short))
    failed = next((c for c in checks if not c.met), None)
    if failed is None:
        return Decision(True, "all", "every rule met", amount, tuple(checks))
    return Decision(False, failed.rule, failed.missing, amount, tuple(checks))


def project_life_check(started: int, year: int, rules: Rules, type_: str = PROJECTGROEP) -> Check:
    """A group with a limited life (projectgroep) is still within it in ``year``."""
    kind = rules.types.get(type_)
    if kind is None or kind.max_years is None:
        return Check("life", True)
    over = max(year - started + 1 - kind.max_years, 0)
    return Check("life", over == 0, "" if not over else
                 f"{over} year{'s' if over != 1 else ''} past its {kind.max_years}-year life", over)


# -- voting -------------------------------------------------------------------------------------

def voters(fees: Iterable[Fee]) -> set[str]:
    """Who votes in a year: the member organisations that paid ("wie betaalt, bepaalt")."""
    return paying_organisations(fees)


def vote_problem(organisation: str, vote: str, eligible: set[str]) -> str | None:
    """Why this vote cannot be counted, or None."""
    if vote not in VOTES:
        return f"'{vote}' is not a vote ({'|'.join(VOTES)})"
    if organisation not in eligible:
        return f"{organisation} did not pay its fee this year and does not vote"
    return None


def tally(votes: Mapping[str, str], eligible: set[str]) -> tuple[str, dict[str, int]]:
    """The outcome of a vote: "adopted" when more eligible organisations voted for than
    against, else "rejected"; votes of others are not counted (see :func:`vote_problem`)."""
    counts = dict.fromkeys(VOTES, 0)
    for org, vote in votes.items():
        if vote_problem(org, vote, eligible) is None:
            counts[vote] += 1
    return ("adopted" if counts["for"] > counts["against"] else "rejected"), counts
