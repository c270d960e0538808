"""`olievlek spread`: how far a network's boundary objects reached, as files and maps."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from olievlek.cli import CommandError, network_named, setup_django

from . import EXPOSURE_COLUMNS, NETWORK_KEYS, OBJECT_COLUMNS, PERIODS, REACH_COLUMNS

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pandas as pd

    from .data import Portfolio


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "spread",
        help="olievlekwerking: reach of the boundary objects per ring and period, with maps",
        description="Place every recorded use of a network's boundary objects in a ring (0 own "
        "team ... 5 abroad) and write objects.csv, reach.csv, exposure.csv, network.json and "
        "the oil-stain maps (map.svg by ring, map_depth.svg by depth) and the reach curves "
        "(reach_curves.svg) into DIR. Definitions: "
        "docs/spread.md; columns: docs/formats.md.",
    )
    p.add_argument("package", nargs="?", metavar="PACKAGE",
                   help="a network package (folder, .zip or .xlsx); no database needed")
    p.add_argument("--network", metavar="SLUG", help="a network in the database")
    p.add_argument("--all", action="store_true", help="every network in the database, combined")
    p.add_argument("--date", metavar="D", help="analysis date YYYY-MM-DD: uses after it do not "
                   "count (default: every use)")
    p.add_argument("--period", choices=PERIODS, default="quarter",
                   help="period of reach.csv and the map panels (default quarter)")
    p.add_argument("--lang", choices=["nl", "en"], default="nl", help="language of the maps (default nl)")
    p.add_argument("--object-maps", action="store_true",
                   help="also write maps/<object>.svg for every object with a use")
    p.add_argument("--out", metavar="DIR", required=True, help="folder to write into (created if needed)")
    p.set_defaults(func=cmd_spread)


def cmd_spread(args: argparse.Namespace) -> int:
    if sum(bool(x) for x in (args.package, args.network, args.all)) != 1:
        raise CommandError("give a package path, or --network SLUG, or --all (exactly one of these)")
    date = None
    if args.date:
        try:
            date = dt.date.fromisoformat(args.date)
        except ValueError:
            raise CommandError(f"--date '{args.date}' is not a date (YYYY-MM-DD)") from None
    if args.package:
        from olievlek.package import PackageError, read_package

        from . import portfolio_from_package

        try:
            pkg = read_package(args.package)
        except PackageError as exc:
            print(exc, file=sys.stderr)
            return 1
        assert pkg.network is not None  # read_package requires network.csv
        portfolios = {pkg.network["id"]: portfolio_from_package(pkg)}
        subject = pkg.network["name"]
    else:
        setup_django(migrate=True)
        from olievlek.networks.models import Network
        from olievlek.portfolio.data import portfolio_of

        if args.all:
            networks = list(Network.objects.order_by("slug"))
            if not networks:
                raise CommandError("there are no networks in the database (see `olievlek import`)")
            subject = "alle netwerken" if args.lang == "nl" else "all networks"
        else:
            networks = [network_named(args.network)]
            subject = networks[0].name
        portfolios = {n.slug: portfolio_of(n) for n in networks}
    titles = {f"{name}/{oid}" if len(portfolios) > 1 else oid: title
              for name, p in portfolios.items() for oid, title in zip(p.objects["id"], p.objects["title"])}
    written = write_spread(portfolios, Path(args.out), date=date, period=args.period,
                           subject=subject, lang=args.lang, object_maps=args.object_maps,
                           titles=titles)
    print(f"Wrote {len(written)} files to {args.out}.")
    return 0


def write_spread(portfolios: dict[str, Portfolio], out: Path, *, date: dt.date | None = None,
                 period: str = "quarter", subject: str = "", lang: str = "nl",
                 object_maps: bool = False, titles: dict[str, str] | None = None) -> list[Path]:
    """Write the files of ``olievlek spread`` for ``portfolios`` (name -> Portfolio)."""
    from . import analyze_many
    from .maps import oil_stain
    from .pictures import reach_curves

    result, per_network = analyze_many(portfolios, date, period)
    out.mkdir(parents=True, exist_ok=True)
    written = []

    def csv(name: str, df: pd.DataFrame, columns: Iterable[str]) -> None:
        path = out / name
        df.reindex(columns=list(columns)).to_csv(path, index=False, lineterminator="\n",
                                                 float_format="%.4g")
        written.append(path)

    csv("objects.csv", result.objects, OBJECT_COLUMNS)
    csv("reach.csv", result.reach, REACH_COLUMNS)
    csv("exposure.csv", result.exposure, EXPOSURE_COLUMNS)
    summary = {key: result.network[key] for key in NETWORK_KEYS}
    if len(per_network) > 1:
        summary["networks"] = {name: {k: v[k] for k in NETWORK_KEYS} for name, v in per_network.items()}
    path = out / "network.json"
    path.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    written.append(path)
    data_date = date or (max(result.uses["date"]) if len(result.uses) else None)
    for name, by in (("map.svg", "ring"), ("map_depth.svg", "depth")):
        path = out / name
        path.write_text(oil_stain(result.uses, subject=subject, period=period, date=date,
                                  data_date=data_date, by=by, lang=lang), encoding="utf-8")
        written.append(path)
    path = out / "reach_curves.svg"
    path.write_text(reach_curves(result.reach, subject=subject, period=period, date=date,
                                 data_date=data_date, lang=lang), encoding="utf-8")
    written.append(path)
    if object_maps and len(result.uses):
        (out / "maps").mkdir(exist_ok=True)
        for obj, uses in result.uses.groupby("object", sort=True):
            path = out / "maps" / (re.sub(r"[^A-Za-z0-9_.-]+", "-", str(obj)) + ".svg")
            path.write_text(oil_stain(uses, subject=(titles or {}).get(obj, obj), period=period,
                                      date=date, data_date=data_date, lang=lang), encoding="utf-8")
            written.append(path)
    return written
