"""`olievlek report`: a network's case report of a study year, or the cross-case report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from olievlek.cli import CommandError, network_named, setup_django

FORMATS = ("docx", "html", "pdf", "xlsx")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "report",
        help="case report of a network per study year, or the cross-case report",
        description="Write a network's case report of a study year (its draft, or with "
        "--approved its last approved version) or, with --cross-case, the cross-case report "
        "of the year from the approved case reports. --all writes every network's case "
        "report into the folder --out, with a progress bar. Reports show names: they are "
        "written as a researcher sees them.",
    )
    p.add_argument("slug", nargs="?", metavar="SLUG", help="the network")
    p.add_argument("--year", type=int, required=True, help="the study year, e.g. 2024")
    p.add_argument("--format", choices=FORMATS, default="docx", help="default docx")
    p.add_argument("--out", required=True, metavar="FILE",
                   help="the file to write (a folder with --all)")
    p.add_argument("--cross-case", action="store_true", help="the cross-case report of the year")
    p.add_argument("--all", action="store_true", help="every network's case report")
    p.add_argument("--approved", action="store_true",
                   help="the last approved version instead of the draft")
    p.add_argument("--lang", choices=["nl", "en"], default="nl", help="default nl")
    p.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    if sum(bool(x) for x in (args.slug, args.cross_case, args.all)) != 1:
        raise CommandError("give a network SLUG, or --cross-case, or --all (exactly one)")
    setup_django(migrate=True)
    from django.utils import translation

    from olievlek.progress import bar

    from . import crosscase, formats
    from .actions import ReportError, render_report

    with translation.override(args.lang):
        try:
            if args.cross_case:
                body = formats.write(crosscase.build(args.year, args.lang), args.format)
                Path(args.out).write_bytes(body)
            elif args.all:
                from olievlek.networks.models import Network

                folder = Path(args.out)
                folder.mkdir(parents=True, exist_ok=True)
                networks = list(Network.objects.order_by("slug"))
                progress = bar()
                for i, network in enumerate(networks):
                    progress(i, len(networks), network.slug)
                    body = render_report(network, args.year, args.format,
                                         approved=args.approved)
                    (folder / f"{network.slug}-{args.year}.{args.format}").write_bytes(body)
                progress(len(networks), len(networks), "")
            else:
                network = network_named(args.slug)
                body = render_report(network, args.year, args.format, approved=args.approved)
                Path(args.out).write_bytes(body)
        except (ReportError, RuntimeError) as exc:
            raise CommandError(str(exc)) from None
    print(f"written: {args.out}", file=sys.stderr)
    return 0
