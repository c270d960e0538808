"""`olievlek tables`: the participants tables (Tabel 5.1-5.3, Bijlage 3 and more) as files."""

from __future__ import annotations

import sys
from pathlib import Path

from olievlek.cli import CommandError, network_named, setup_django


def register(sub) -> None:
    p = sub.add_parser(
        "tables",
        help="write the participants tables (Tabel 5.1-5.3, response, roles...) as CSV, XLSX, SVG, PNG",
        description="Write every participants table of one wave as CSV, one XLSX workbook with a "
        "sheet per table, and the pictures as SVG and PNG. Respondents are the people with a "
        "complete response in the wave; several networks are combined, grouped by their "
        "network's sector. File names and columns: docs/formats.md; rules: docs/participants.md.",
    )
    p.add_argument("packages", nargs="*", metavar="PACKAGE",
                   help="network packages (folder, .zip or .xlsx); no database needed")
    p.add_argument("--network", action="append", metavar="SLUG",
                   help="a network in the database (may be given more than once)")
    p.add_argument("--all", action="store_true", help="every network in the database with a "
                   "questionnaire wave (the study's networks; the demo's Twente network has none)")
    p.add_argument("--wave", metavar="LABEL", help="the wave (default: the first label in sort order)")
    p.add_argument("--lang", choices=["nl", "en"], default="nl",
                   help="language of the workbook headers and picture titles (default nl)")
    p.add_argument("--out", metavar="DIR", required=True, help="folder to write into (created if needed)")
    p.add_argument("--no-pictures", action="store_true", help="skip the SVG and PNG pictures")
    p.set_defaults(func=cmd_tables)


def cmd_tables(args) -> int:
    sources = sum(bool(x) for x in (args.packages, args.network, args.all))
    if sources != 1:
        raise CommandError("give package paths, or --network SLUG, or --all (exactly one of these)")
    from olievlek.tables import combine, first_wave, write_tables

    overrides, references = None, None
    if args.packages:
        from olievlek.package import PackageError, read_package

        packages = []
        for path in args.packages:
            try:
                packages.append(read_package(path))
            except PackageError as exc:
                print(exc, file=sys.stderr)
                return 1
        waves = sorted({w for pkg in packages for w in pkg.waves()})
        wave = args.wave or first_wave(packages)
        _check_wave(args.wave, waves)
        try:
            study = combine(packages, wave)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
    else:
        setup_django(migrate=True)
        from olievlek.networks.models import Network
        from olievlek.participants.actions import (
            overrides_for,
            references_for,
            study_for,
            study_networks,
            waves_of,
        )

        if args.all:
            networks = study_networks() or list(Network.objects.order_by("slug"))
            if not networks:
                raise CommandError("there are no networks in the database (see `olievlek import`)")
        else:
            networks = [network_named(slug) for slug in args.network]
        waves = waves_of(networks)
        _check_wave(args.wave, waves)
        wave = args.wave or (waves[0] if waves else None)
        study = study_for(networks, wave)
        overrides, references = overrides_for(networks), references_for(networks)
    out = Path(args.out)
    written = write_tables(study, out, lang=args.lang, overrides=overrides, references=references,
                           pictures=not args.no_pictures)
    respondents, complete = int(study.people["respondent"].sum()), int(study.people["complete"].sum())
    print(f"Wrote {len(written)} files to {out} (wave {wave or '-'}, "
          f"{len(study.networks)} network(s), {respondents} respondents, {complete} complete).")
    return 0


def _check_wave(wave: str | None, known: list[str]) -> None:
    if wave is not None and wave not in known:
        raise CommandError(f"no wave '{wave}' (waves: {', '.join(known) or 'none'})")
