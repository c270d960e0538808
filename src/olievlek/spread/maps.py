"""The oil stain: maps of where a boundary object (or a network's portfolio) was used.

Pure SVG, drawn from the municipal boundaries shipped in ``olievlek/spread/data`` (CBS,
Kadaster 2025, CC BY 4.0: every map says "Bron: CBS, Kadaster"). Each municipality is one
path, defined once and shown in every panel with ``<use>``, so small multiples stay small.
COROP and province borders are the municipal arcs that separate two regions, so they fit.

Examples
--------
>>> import datetime as dt, pandas as pd
>>> uses = pd.DataFrame({"municipality": ["GM0153", "GM0141"], "ring": [1, 3],
...     "depth": [4, 2], "date": [dt.date(2024, 1, 5), dt.date(2024, 5, 1)]})
>>> svg = oil_stain(uses, subject="Kaartenset", period="quarter", data_date=dt.date(2024, 6, 30))
>>> svg.count('class="panel"'), "Bron: CBS, Kadaster" in svg
(2, True)
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import numpy as np
import pandas as pd

from .data import DATA, municipalities
from .measures import next_period, period_label, periods_between, until

__all__ = [
    "ATTRIBUTION",
    "DEPTH_COLOURS",
    "MAX_PANELS",
    "RING_COLOURS",
    "Geometry",
    "geometry",
    "map_state",
    "oil_stain",
]

ATTRIBUTION = "Bron: CBS, Kadaster"
# From the makers outward: dark oil to a thin film. Ring 5 (abroad) has no municipality.
RING_COLOURS = {0: "#4a1c0f", 1: "#8c2d04", 2: "#d94801", 3: "#fd8d3c", 4: "#fdd0a2", 5: "#9e9ac8"}
# kennisgenomen .. verankerd, and 0 for a municipality where the only use was a stop.
DEPTH_COLOURS = {0: "#bdbdbd", 1: "#deebf7", 2: "#c6dbef", 3: "#9ecae1", 4: "#4292c6",
                 5: "#2171b5", 6: "#08306b"}
EMPTY = "#f4f4f2"
MAX_PANELS = 16
PANEL_WIDTH = 200.0

LABELS: dict[str, dict[str, Any]] = {
    "nl": {"ring": "Ring", "depth": "Diepte", "rings": ["eigen team", "eigen organisatie",
           "netwerk", "regio", "Nederland", "buitenland"],
           "depths": ["gestopt", "kennisgenomen", "ontvangen", "uitgeprobeerd", "toegepast",
                      "aangepast", "verankerd"],
           "period": {"month": "per maand", "quarter": "per kwartaal", "year": "per jaar"},
           "until": "t/m", "data": "gegevens van", "abroad": "buitenland", "new": "nieuw bereikt",
           "title": "Olievlek", "none": "nog niet gebruikt"},
    "en": {"ring": "Ring", "depth": "Depth", "rings": ["own team", "own organisation",
           "network", "region", "Netherlands", "abroad"],
           "depths": ["stopped", "heard of", "received", "tried", "applied", "adapted",
                      "embedded"],
           "period": {"month": "per month", "quarter": "per quarter", "year": "per year"},
           "until": "up to", "data": "data of", "abroad": "abroad", "new": "newly reached",
           "title": "Oil stain", "none": "not used yet"},
}


@dataclass(frozen=True)
class Geometry:
    """Municipal outlines as SVG path data in a panel ``width`` x ``height`` (pixels)."""

    width: float
    height: float
    paths: dict[str, str]   # CBS code -> path data
    corop: str              # path data of COROP borders
    province: str           # path data of province borders and the outline


@functools.cache
def geometry(width: float = PANEL_WIDTH) -> Geometry:
    """The projected map (equirectangular, longitudes shortened by cos 52.2 degrees)."""
    topo = json.loads((DATA / "municipalities.topojson").read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        arc_points = []
        for dx, dy in arc:
            x += dx
            y += dy
            arc_points.append((x * sx + tx, y * sy + ty))
        arcs.append(arc_points)
    k = math.cos(math.radians(52.2))
    lons = [p[0] for a in arcs for p in a]
    lats = [p[1] for a in arcs for p in a]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    scale = width / ((east - west) * k)
    height = (north - south) * scale

    def xy(p: tuple[float, float]) -> tuple[float, float]:
        return (p[0] - west) * k * scale, (north - p[1]) * scale

    projected = [[xy(p) for p in a] for a in arcs]
    geoms = topo["objects"]["gemeente_2025"]["geometries"]
    users: dict[int, list[str]] = {}
    paths = {}
    for g in geoms:
        polygons = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        parts = []
        for polygon in polygons:
            for ring in polygon:
                points: list[tuple[float, float]] = []
                for index in ring:
                    users.setdefault(index if index >= 0 else ~index, []).append(g["id"])
                    arc = projected[index] if index >= 0 else projected[~index][::-1]
                    points.extend(arc if not points else arc[1:])
                parts.append(_path(points) + "Z")
        paths[g["id"]] = "".join(parts)
    geo = municipalities()
    corop, province = [], []
    for index, codes in sorted(users.items()):
        a = geo.get(codes[0])
        b = geo.get(codes[1]) if len(codes) > 1 else None
        if b is None or a is None or a.province != b.province:
            province.append(_path(projected[index]))
        elif a.corop != b.corop:
            corop.append(_path(projected[index]))
    return Geometry(width, height, paths, "".join(corop), "".join(province))


def _path(points: Sequence[tuple[float, float]]) -> str:
    head, *rest = points
    return f"M{head[0]:.1f} {head[1]:.1f}" + "".join(f"L{x:.1f} {y:.1f}" for x, y in rest)


def map_state(uses: pd.DataFrame, by: str = "ring") -> dict[str, int]:
    """Each municipality's shade from the uses given: by ``ring``, the ring of its first use
    (the smallest when several share that day); by ``depth``, its deepest use so far."""
    placed = uses[uses["municipality"].isin(municipalities().keys())]
    if placed.empty:
        return {}
    if by == "depth":
        return {m: int(d) for m, d in placed.groupby("municipality")["depth"].max().items()}
    first_day = placed.groupby("municipality")["date"].transform("min")
    first = placed[placed["date"] == first_day].groupby("municipality")["ring"].min()
    return {m: int(r) for m, r in first.items()}


def oil_stain(uses: pd.DataFrame, *, subject: str, period: str | None = "quarter",
              date: dt.date | None = None, data_date: dt.date | None = None, by: str = "ring",
              lang: str = "nl") -> str:
    """The oil stain of ``uses`` (placed uses: ``municipality, ring, depth, date``) as SVG.

    With ``period`` (month, quarter, year): one panel per period from the first use to
    ``date`` (the last :data:`MAX_PANELS`), each showing everything reached by the period's
    end, with municipalities reached in that period outlined. Without: one map. ``by`` is
    ``ring`` or ``depth``. The caption names ``subject``, the period and ``data_date``.
    """
    words = LABELS.get(lang, LABELS["nl"])
    uses = until(uses, date)
    geo = geometry()
    panels: list[tuple[str, dt.date | None]]
    if period and not uses.empty:
        starts = periods_between(min(uses["date"]), date or max(uses["date"]), period)[-MAX_PANELS:]
        panels = [(period_label(s, period), _period_end(s, period)) for s in starts]
    else:
        last = date or (max(uses["date"]) if not uses.empty else None)
        panels = [(words["until"] + " " + last.isoformat() if last else "", last)]
    columns = min(len(panels), 4)
    rows = math.ceil(len(panels) / columns)
    gap, top, label_h = 10.0, 58.0, 18.0
    legend_h = 54.0
    width = max(columns * (geo.width + gap) + gap, 440.0)
    height = top + rows * (geo.height + label_h + gap) + legend_h
    colours = DEPTH_COLOURS if by == "depth" else RING_COLOURS
    out = [
        (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'font-family="DejaVu Sans, Arial, sans-serif" role="img" class="oil-stain" '
        f'data-by="{by}">'),
        f"<title>{escape(words['title'] + ': ' + subject)}</title>",
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        "<defs>",
    ]
    for code, d in geo.paths.items():
        out.append(f'<path id="m-{code}" d="{d}"/>')
    out.append(f'<path id="corop" d="{geo.corop}" fill="none" stroke="#8a8a8a" stroke-width="0.6"/>')
    out.append(f'<path id="province" d="{geo.province}" fill="none" stroke="#333333" stroke-width="0.9"/>')
    out.append("</defs>")
    caption = f"{words['title']}: {subject}"
    detail = []
    if period:
        detail.append(words["period"].get(period, period))
    if date:
        detail.append(f"{words['until']} {date.isoformat()}")
    if data_date:
        detail.append(f"{words['data']} {data_date.isoformat()}")
    out.append(f'<text x="{gap}" y="22" font-size="15" font-weight="bold" class="caption">{escape(caption)}</text>')
    out.append(f'<text x="{gap}" y="42" font-size="11" fill="#444">{escape(" · ".join(detail))}</text>')
    names = municipalities()
    before: dict[str, int] = {}
    # dates as day numbers once: each panel is then one vectorised comparison
    days = np.fromiter((d.toordinal() for d in uses["date"]), dtype=np.int64, count=len(uses))
    for i, (label, end) in enumerate(panels):
        x = gap + (i % columns) * (geo.width + gap)
        y = top + (i // columns) * (geo.height + label_h + gap)
        now = uses if end is None else uses[days <= end.toordinal()]
        state = map_state(now, by)
        abroad = int((now["ring"] == 5).sum()) if len(now) else 0
        out.append(f'<g class="panel" data-period={quoteattr(label)} transform="translate({x:.1f},{y:.1f})">')
        out.append(f'<text x="0" y="12" font-size="11" font-weight="bold">{escape(label)}</text>')
        if abroad:
            out.append(f'<text x="{geo.width:.0f}" y="12" font-size="9" text-anchor="end" fill="#555">'
                       f'+{abroad} {escape(words["abroad"])}</text>')
        out.append(f'<g transform="translate(0,{label_h})">')
        for code in geo.paths:
            fill = colours[state[code]] if code in state else EMPTY
            new = code in state and code not in before
            stroke = ' stroke="#000" stroke-width="0.8"' if new and len(panels) > 1 else ' stroke="#ffffff" stroke-width="0.3"'
            out.append(f'<use href="#m-{code}" xlink:href="#m-{code}" data-municipality="{code}" '
                       f'fill="{fill}"{stroke}><title>{escape(names[code].name)}</title></use>')
        out.append('<use href="#corop" xlink:href="#corop"/><use href="#province" xlink:href="#province"/>')
        out.append("</g></g>")
        before = state
    out.extend(_legend(by, words, colours, gap, height - legend_h + 8, width, len(panels) > 1))
    out.append("</svg>")
    return "\n".join(out)


def _legend(by: str, words: dict[str, Any], colours: dict[int, str], x0: float, y: float, width: float,
            multiples: bool) -> list[str]:
    names = words["depths"] if by == "depth" else words["rings"]
    keys = sorted(colours) if by == "depth" else [0, 1, 2, 3, 4]
    out = [f'<g class="legend" transform="translate({x0:.0f},{y:.0f})">',
           f'<text x="0" y="10" font-size="10" font-weight="bold">{escape(words[by])}</text>']
    x = 52.0
    for key in keys:
        label = names[key] if by == "depth" else f"{key} {names[key]}"
        out.append(f'<rect x="{x:.0f}" y="1" width="10" height="10" fill="{colours[key]}" stroke="#999" stroke-width="0.3"/>')
        out.append(f'<text x="{x + 13:.0f}" y="10" font-size="9">{escape(label)}</text>')
        x += 18 + 5.6 * len(label)
    out.append(f'<rect x="{x:.0f}" y="1" width="10" height="10" fill="{EMPTY}" stroke="#999" stroke-width="0.3"/>')
    out.append(f'<text x="{x + 13:.0f}" y="10" font-size="9">{escape(words["none"])}</text>')
    if multiples:
        out.append('<rect x="52" y="20" width="10" height="10" fill="none" stroke="#000" stroke-width="0.8"/>')
        out.append(f'<text x="65" y="29" font-size="9">{escape(words["new"])}</text>')
    out.append(f'<text x="{width - 2 * x0:.0f}" y="29" font-size="9" text-anchor="end" fill="#555" '
               f'class="attribution">{ATTRIBUTION} (CC BY 4.0)</text>')
    out.append("</g>")
    return out


def _period_end(start: dt.date, period: str) -> dt.date:
    return next_period(start, period) - dt.timedelta(days=1)
