"""The inputs of the spread analysis: a network's portfolio, its uses and where they happened.

A :class:`Portfolio` holds plain tables (text cells, like :mod:`olievlek.package`): the
boundary objects, their ratings and uses, and just enough of the network (organisations with
their municipality and membership, people with their organisation, unit memberships and advice
ties) to place every use in a ring. Build one from a package with :func:`portfolio_from_package`
or from the database (``olievlek.portfolio``); the measures never look further.

Examples
--------
>>> p = Portfolio(objects=table("objects", [{"id": "o1", "title": "Kaartenset"}]))
>>> list(p.objects.columns)[:4]
['id', 'title', 'kind', 'form']
>>> split_list("a; b;;c")
['a', 'b', 'c']
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from olievlek.package_files import as_date as parse_date  # an ISO date or None
from olievlek.package_files import as_text

if TYPE_CHECKING:
    from olievlek.package import Package

__all__ = [
    "APPLIED_DEPTH",
    "CHANNELS",
    "COLUMNS",
    "DEPTH",
    "KINDS",
    "LEVELS",
    "RATING_DIMENSIONS",
    "RINGS",
    "STATUSES",
    "USE_KINDS",
    "Municipality",
    "Portfolio",
    "municipalities",
    "parse_date",
    "portfolio_from_package",
    "split_list",
    "table",
    "wave_date",
]

# The study's five kinds of boundary object, statuses and development levels.
KINDS = ("product", "proces", "persoon", "afspraak", "bewustwording")
STATUSES = ("beoogd", "concept", "gerealiseerd")
LEVELS = ("micro", "meso", "macro")
# Kinds of use in increasing depth; `gestopt` (stopped) is a record, not a depth.
USE_KINDS = ("kennisgenomen", "ontvangen", "uitgeprobeerd", "toegepast", "aangepast",
             "verankerd", "gestopt")
DEPTH = {kind: i + 1 for i, kind in enumerate(USE_KINDS[:-1])} | {"gestopt": 0}
APPLIED_DEPTH = DEPTH["toegepast"]  # `toegepast` or deeper counts as applied
# Suggested channels; the column is free text.
CHANNELS = ("bijeenkomst", "website", "vakblad", "conferentie", "opleiding", "collega",
            "nieuwsbrief", "sociale media")
# The codebook's ratings (Bijlage 5): package column -> Dutch name.
RATING_DIMENSIONS = {"visibility": "zichtbaarheid", "accessibility": "toegankelijkheid",
                     "usability": "bruikbaarheid", "transfer": "transferwaarde"}
# Rings of spread, from the makers outward.
RINGS = (0, 1, 2, 3, 4, 5)

COLUMNS: dict[str, tuple[str, ...]] = {
    "objects": ("id", "title", "kind", "form", "status", "level", "date", "makers", "units",
                "licence", "url", "based_on", "themes", "description"),
    "ratings": ("object", "rater", "date", "visibility", "accessibility", "usability",
                "transfer", "note"),
    "uses": ("object", "date", "organisation", "person", "municipality", "country", "use",
             "source", "channel", "note"),
    "organisations": ("id", "municipality", "member"),
    "people": ("id", "organisation"),
    "memberships": ("person", "unit", "start", "end"),
    "ties": ("wave", "source", "target", "relation", "frequency"),
}


def table(name: str, rows: list[dict[str, Any]] | pd.DataFrame | None = None) -> pd.DataFrame:
    """A table with exactly the columns of ``name`` from rows (or a DataFrame); missing cells
    become "" (``member``: False)."""
    if isinstance(rows, pd.DataFrame):
        df = rows.reindex(columns=list(COLUMNS[name]))
    else:
        df = pd.DataFrame(rows or [], columns=list(COLUMNS[name]))
    df = df.reset_index(drop=True)
    for col in df.columns:
        if name == "organisations" and col == "member":
            df[col] = df[col].fillna(False).astype(bool)
        elif name == "ties" and col == "frequency":
            df[col] = pd.to_numeric(df[col], errors="coerce").fillna(0).astype("int64")
        elif pd.api.types.infer_dtype(df[col], skipna=True) in ("string", "empty"):
            # the usual case (text with gaps): vectorised
            df[col] = df[col].astype(object).where(df[col].notna(), "").str.strip().astype(object)
        else:
            df[col] = df[col].map(as_text).astype(object)
    return df


def split_list(text: str) -> list[str]:
    """The items of a ``;``-separated cell (makers, units, themes), blanks dropped."""
    return [part.strip() for part in (text or "").split(";") if part.strip()]


def wave_date(label: str) -> dt.date | None:
    """When a wave took place, from its label: an ISO date, or a leading year (``2024``,
    ``2024-voorjaar``) read as 1 January of that year."""
    date = parse_date(label)
    if date is None and len(label) >= 4 and label[:4].isdigit():
        return dt.date(int(label[:4]), 1, 1)
    return date


@dataclass
class Portfolio:
    """One network's boundary objects with their ratings and uses, and the network around them.

    ``waves`` maps a wave label to its date (for exposure: the latest wave before a use).
    """

    objects: pd.DataFrame = field(default_factory=lambda: table("objects"))
    ratings: pd.DataFrame = field(default_factory=lambda: table("ratings"))
    uses: pd.DataFrame = field(default_factory=lambda: table("uses"))
    organisations: pd.DataFrame = field(default_factory=lambda: table("organisations"))
    people: pd.DataFrame = field(default_factory=lambda: table("people"))
    memberships: pd.DataFrame = field(default_factory=lambda: table("memberships"))
    ties: pd.DataFrame = field(default_factory=lambda: table("ties"))
    waves: dict[str, dt.date] = field(default_factory=dict)
    name: str = ""


def portfolio_from_package(pkg: Package) -> Portfolio:
    """The portfolio of an :class:`olievlek.package.Package` (validated)."""

    def cols(df: pd.DataFrame, name: str) -> pd.DataFrame:
        return table(name, df)

    empty = pd.DataFrame()
    waves = {label: wave_date(label) for label in pkg.waves()}
    return Portfolio(
        objects=cols(getattr(pkg, "objects", empty), "objects"),
        ratings=cols(getattr(pkg, "ratings", empty), "ratings"),
        uses=cols(getattr(pkg, "uses", empty), "uses"),
        organisations=cols(pkg.organisations, "organisations"),
        people=cols(pkg.people, "people"),
        memberships=cols(pkg.memberships, "memberships"),
        ties=cols(pkg.ties.assign(frequency=pkg.ties["frequency"].fillna(0)), "ties"),
        waves={k: v for k, v in waves.items() if v is not None},
        name=(pkg.network or {}).get("name", ""),
    )


# ---------------------------------------------------------------------------------------------
# The shipped municipalities (CBS 2025)

DATA = Path(__file__).with_name("data")


@dataclass(frozen=True)
class Municipality:
    """A Dutch municipality of 2025 with its COROP region and province (CBS codes)."""

    code: str
    name: str
    corop: str
    corop_name: str
    province: str
    province_name: str
    lon: float
    lat: float


@functools.cache
def municipalities() -> dict[str, Municipality]:
    """Every municipality of 2025 by CBS code (``GM0363`` Amsterdam ...), from the shipped data.

    >>> municipalities()["GM0153"].corop_name
    'Twente'
    """
    with open(DATA / "municipalities.csv", encoding="utf-8") as f:
        return {
            r["municipality"]: Municipality(
                r["municipality"], r["name"], r["corop"], r["corop_name"], r["province"],
                r["province_name"], float(r["lon"]), float(r["lat"]))
            for r in csv.DictReader(f)
        }
