"""`olievlek import`, `olievlek export`, `olievlek networks`, `olievlek erase-person`."""

from __future__ import annotations

import sys
from pathlib import Path

from olievlek.cli import CommandError, network_named, setup_django


def register(sub) -> None:
    p = sub.add_parser(
        "import",
        help="load a network package (folder, .zip or .xlsx) into the database",
        description="Load a network package into the database, all or nothing. Every problem "
        "is reported as file, row, column and reason, and nothing is written. Questionnaire "
        "drafts, consents and submitted answers are never touched; the command prints what it "
        "created, changed, replaced and kept. The database is created or migrated first if "
        "needed. See docs/formats.md.",
    )
    p.add_argument("package", help="folder of CSV files, .zip of that folder, or .xlsx workbook")
    p.add_argument("--network", metavar="SLUG", help="load into this network (network.csv may then be left out)")
    p.add_argument("--dry-run", action="store_true",
                   help="check the package and print what importing it would change; write nothing")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "export",
        help="write a network from the database as a package",
        description="Write a network as a package: a folder of CSV files, or a .zip or .xlsx "
        "when DIR ends so (a workbook holds values only, no formulas). Importing the result "
        "again changes nothing.",
    )
    p.add_argument("slug", help="the network's slug (see `olievlek networks`)")
    p.add_argument("dir", help="output folder (or .zip / .xlsx file)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "networks",
        help="list the networks as slug<TAB>name lines",
        description="List the networks in the database, one `slug<TAB>name` line each.",
    )
    p.set_defaults(func=cmd_networks)

    p = sub.add_parser(
        "erase-person",
        help="remove a person and every tie that names them",
        description="Erase a person (right to erasure): their record, memberships, responses "
        "and every tie naming them, their id in colleagues' answers, their login account and "
        "their name in the admin log, in one transaction. The audit log keeps the id and the "
        "counts, not the name.",
    )
    p.add_argument("slug", help="the network's slug")
    p.add_argument("person", help="the person's id in the package")
    p.add_argument("--actor", default="cli", help="who asked for it, for the audit log")
    p.set_defaults(func=cmd_erase)


def cmd_import(args) -> int:
    from olievlek.package import PackageError, read_package
    from olievlek.progress import bar

    try:
        pkg = read_package(args.package, require_network=args.network is None)
    except PackageError as exc:
        print(exc, file=sys.stderr)
        print("Nothing was imported.", file=sys.stderr)
        return 1
    setup_django(migrate=True)
    from olievlek.networks.actions import describe_import, import_package, plan_import

    try:
        if args.dry_run:
            print("\n".join(plan_import(pkg, network_slug=args.network).lines()))
            print("Dry run: nothing was imported.")
            return 0
        # read_package has just checked every rule of the format (with the same network rule)
        network = import_package(pkg, network_slug=args.network, actor="cli import", progress=bar(),
                                 validated=True)
    except PackageError as exc:
        print(exc, file=sys.stderr)
        print("Nothing was imported.", file=sys.stderr)
        return 1
    print(
        f"Imported {network.slug}: {len(pkg.people)} people, {len(pkg.units)} units, "
        f"{len(pkg.ties)} ties in {len(pkg.waves())} wave(s)."
    )
    print(f"Changes: {describe_import(network.import_summary)}.")
    return 0


def cmd_export(args) -> int:
    network = network_named(args.slug)
    from olievlek.networks.actions import export_package
    from olievlek.package import write_package

    path = write_package(export_package(network), Path(args.dir))
    print(f"Wrote {network.slug} to {path}")
    return 0


def cmd_networks(args) -> int:
    setup_django(migrate=True)
    from olievlek.networks.models import Network

    for slug, name in Network.objects.order_by("slug").values_list("slug", "name"):
        print(f"{slug}\t{name}")
    return 0


def cmd_erase(args) -> int:
    setup_django(migrate=True)
    from olievlek.networks.actions import erase_person
    from olievlek.networks.models import Person

    person = Person.objects.filter(network__slug=args.slug, key=args.person).first()
    if person is None:
        raise CommandError(f"no person '{args.person}' in network '{args.slug}'")
    counts = erase_person(person, actor=args.actor)
    print(
        f"Erased {args.person} from {args.slug}: {counts['ties']} ties, "
        f"{counts['memberships']} memberships, {counts['responses']} responses, "
        f"{counts['answer sets']} colleagues' answer sets, {counts['accounts']} login accounts."
    )
    return 0
