"""`olievlek governance check SLUG --year 2025`: a network's own conditions for a year
(docs/governance.md)."""

from __future__ import annotations

import argparse
import datetime as dt

from olievlek.cli import CommandError, network_named

# Exit codes: 0 every condition met, 1 a condition not met, 2 a user error (CommandError).
NOT_MET = 1


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "governance",
        help="check a network's governance conditions (paying organisations, budget) for a year",
        description="Governance of a network (docs/governance.md).",
    )
    gsub = p.add_subparsers(dest="governance_command", metavar="ACTION", required=True)
    c = gsub.add_parser(
        "check",
        help="print each of the network's conditions for a year, met or what is missing",
        description="Print the network's conditions for YEAR (at least 10 paying member "
        "organisations and at least EUR 30,000 by default; the network's own rules where set), "
        "each met or with what is missing, then the support granted and refused. Exit code 0 "
        "when every condition is met, 1 when one is not (for scripts and monitoring), 2 on a "
        "user error.",
    )
    c.add_argument("slug", metavar="SLUG", help="a network in the database")
    c.add_argument("--year", type=int, default=dt.date.today().year,
                   help="the year to check (default: this year)")
    c.set_defaults(func=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    if not 1900 <= args.year <= 2100:
        raise CommandError(f"--year {args.year} is not a year")
    network = network_named(args.slug)
    from .actions import overview

    ov = overview(network, args.year)
    paying = sum(1 for f in ov.fees if f.paid)
    print(f"{network.slug} {args.year}: {paying} of {len(ov.fees)} member organisations paid, "
          f"budget EUR {ov.budget:,}, left after support EUR {ov.left:,}")
    labels = {"paying_organisations": f"at least {ov.rules.min_paying} paying organisations",
              "budget": f"at least EUR {ov.rules.min_budget:,} a year"}
    for check in ov.checks:
        state = "met" if check.met else f"NOT MET: {check.missing}"
        print(f"  {labels.get(check.rule, check.rule)}: {state}")
    for g in ov.grants:
        print(f"  support {g.unit.key} ({g.type}): {g.decision} EUR {g.amount:,}"
              f" [{g.rule}{': ' + g.reason if g.reason and g.decision != 'granted' else ''}]")
    return 0 if all(c.met for c in ov.checks) else NOT_MET
