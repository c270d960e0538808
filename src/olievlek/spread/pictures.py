"""The other pictures of olievlekwerking, as SVG: reach curves per ring over time, a ring
diagram (concentric) per object, and the lineage tree of an object's family. Pure Python, no
Django, like :mod:`.maps`; every picture carries a caption (object or network, period,
analysis date, data date) and its numbers as ``data-*`` attributes.

Examples
--------
>>> import datetime as dt, pandas as pd
>>> from olievlek.spread import reach
>>> uses = pd.DataFrame({"organisation": ["a", "b"], "municipality": ["GM0153", "GM0141"],
...     "ring": [1, 3], "date": [dt.date(2024, 1, 5), dt.date(2024, 5, 1)]})
>>> svg = reach_curves(reach(uses), subject="Kaartenset", period="quarter")
>>> svg.count('class="point"')
4
>>> ring_diagram(uses, subject="Kaartenset").count('class="ring"')
6
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pandas as pd

from .data import split_list
from .maps import RING_COLOURS
from .measures import by_other_organisations, until

__all__ = ["family", "generations", "lineage_tree", "reach_curves", "ring_diagram"]

FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'
WORDS: dict[str, dict[str, Any]] = {
    "nl": {"rings": ["eigen team", "eigen organisatie", "netwerk", "regio", "Nederland", "buitenland"],
           "curves": "Bereik per ring", "diagram": "Ringen", "lineage": "Stamboom",
           "organisations": "organisaties (cumulatief)", "municipalities": "gemeenten (cumulatief)",
           "period": {"month": "per maand", "quarter": "per kwartaal", "year": "per jaar"},
           "until": "t/m", "data": "gegevens van", "none": "nog geen gebruik",
           "orgs": "organisaties", "adapted": "aangepast door een andere organisatie",
           "this": "dit object", "no_family": "niet gebaseerd op een ander object, en geen object erop gebaseerd"},
    "en": {"rings": ["own team", "own organisation", "network", "region", "Netherlands", "abroad"],
           "curves": "Reach per ring", "diagram": "Rings", "lineage": "Lineage",
           "organisations": "organisations (cumulative)", "municipalities": "municipalities (cumulative)",
           "period": {"month": "per month", "quarter": "per quarter", "year": "per year"},
           "until": "up to", "data": "data of", "none": "no use yet",
           "orgs": "organisations", "adapted": "adapted by another organisation",
           "this": "this object", "no_family": "not based on another object, and no object is based on it"},
}


def _words(lang: str) -> dict[str, Any]:
    return WORDS.get(lang, WORDS["nl"])


def _caption(title: str, words: dict[str, Any], period: str | None, date: dt.date | None,
             data_date: dt.date | None) -> list[str]:
    detail = []
    if period:
        detail.append(words["period"].get(period, period))
    if date:
        detail.append(f"{words['until']} {date.isoformat()}")
    if data_date:
        detail.append(f"{words['data']} {data_date.isoformat()}")
    return [f'<text x="10" y="22" font-size="15" font-weight="bold" class="caption">{escape(title)}</text>',
            f'<text x="10" y="40" font-size="11" fill="#444">{escape(" · ".join(detail))}</text>']


def _open(width: float, height: float, kind: str, title: str) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" {FONT} role="img" class="{kind}">',
            f"<title>{escape(title)}</title>", '<rect width="100%" height="100%" fill="#ffffff"/>']


# ---------------------------------------------------------------------------------------------
# Reach curves


def reach_curves(reach: pd.DataFrame, *, subject: str, period: str | None = "quarter",
                 date: dt.date | None = None, data_date: dt.date | None = None,
                 measure: str = "organisations", lang: str = "nl") -> str:
    """Cumulative reach per ring over time (the rows of :func:`~.measures.reach`): one line
    per ring with a use, one point per period. ``measure`` is ``organisations`` or
    ``municipalities``; each point's ``data-value`` is the ``cumulative_<measure>`` of
    ``reach.csv`` for that period and ring."""
    words = _words(lang)
    names = words["rings"]
    title = f"{words['curves']}: {subject}"
    width, height = 640.0, 360.0
    left, right, top, bottom = 56.0, 150.0, 60.0, 44.0
    out = _open(width, height, "reach-curves", title)
    out += _caption(title, words, period, date, data_date)
    column = f"cumulative_{measure}"
    if reach.empty:
        out.append(f'<text x="{width / 2:.0f}" y="{height / 2:.0f}" font-size="13" text-anchor="middle" '
                   f'fill="#555">{escape(words["none"])}</text></svg>')
        return "\n".join(out)
    periods = list(dict.fromkeys(reach["period"]))
    top_value = max(int(reach[column].max()), 1)
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(i: int) -> float:
        return left + (plot_w * i / (len(periods) - 1) if len(periods) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h - plot_h * v / top_value

    out.append('<g class="axes" font-size="9" fill="#444">')
    for tick in _ticks(top_value):
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
                   f'stroke="#e5e5e5"/><text x="{left - 4}" y="{y(tick) + 3:.1f}" text-anchor="end">{tick}</text>')
    step = max(1, len(periods) // 8)
    for i, label in enumerate(periods):
        if i % step == 0 or i == len(periods) - 1:
            out.append(f'<text x="{x(i):.1f}" y="{top + plot_h + 14}" text-anchor="middle">{escape(str(label))}</text>')
    out.append(f'<text x="14" y="{top + plot_h / 2:.0f}" transform="rotate(-90 14 {top + plot_h / 2:.0f})" '
               f'text-anchor="middle">{escape(words[measure])}</text></g>')
    legend_y = top
    for ring in sorted(int(r) for r in reach["ring"].unique()):
        rows = reach[reach["ring"] == ring].set_index("period")[column]
        if not rows.any():
            continue
        colour = RING_COLOURS[ring]
        points = [(x(i), y(int(rows.get(p, 0))), p, int(rows.get(p, 0))) for i, p in enumerate(periods)]
        out.append(f'<g class="curve" data-ring="{ring}">')
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="'
                   + " ".join(f"{px:.1f},{py:.1f}" for px, py, _p, _v in points) + '"/>')
        for px, py, p, v in points:
            out.append(f'<circle class="point" cx="{px:.1f}" cy="{py:.1f}" r="2.5" fill="{colour}" '
                       f'data-ring="{ring}" data-period={quoteattr(str(p))} data-value="{v}">'
                       f'<title>{escape(f"{ring} {names[ring]}, {p}: {v}")}</title></circle>')
        out.append("</g>")
        out.append(f'<rect x="{width - right + 12}" y="{legend_y}" width="10" height="10" fill="{colour}"/>'
                   f'<text x="{width - right + 26}" y="{legend_y + 9}" font-size="10">'
                   f'{escape(f"{ring} {names[ring]}")}</text>')
        legend_y += 16
    out.append("</svg>")
    return "\n".join(out)


def _ticks(top: int) -> list[int]:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if top / step <= 6:
            return list(range(0, top + 1, step))
    step = -(-top // 5)
    return list(range(0, top + 1, step))


# ---------------------------------------------------------------------------------------------
# The ring diagram


def ring_diagram(uses: pd.DataFrame, *, subject: str, date: dt.date | None = None,
                 data_date: dt.date | None = None, lang: str = "nl") -> str:
    """Concentric rings 0 (the makers' own team, in the middle) to 5 (abroad), each shaded
    when reached and labelled with its distinct organisations (placed uses of one object)."""
    words = _words(lang)
    names, orgs = words["rings"], words["orgs"]
    uses = until(uses, date)
    known = uses[uses["organisation"].astype(str) != ""] if len(uses) else uses
    counts = {int(r): int(n) for r, n in known.groupby("ring")["organisation"].nunique().items()} \
        if len(known) else {}
    title = f"{words['diagram']}: {subject}"
    width, height = 560.0, 400.0
    cx, cy, step = 190.0, 220.0, 27.0
    out = _open(width, height, "ring-diagram", title)
    out += _caption(title, words, None, date, data_date)
    for ring in range(5, -1, -1):  # outermost first, so inner rings lie on top
        n = counts.get(ring, 0)
        fill = RING_COLOURS[ring] if n else "#f4f4f2"
        out.append(f'<circle class="ring" data-ring="{ring}" data-organisations="{n}" cx="{cx}" cy="{cy}" '
                   f'r="{step * (ring + 1):.0f}" fill="{fill}" stroke="#ffffff" stroke-width="1.5">'
                   f'<title>{escape(f"{ring} {names[ring]}: {n} {orgs}")}</title></circle>')
    for ring in range(6):
        n = counts.get(ring, 0)
        ly = 70 + ring * 22
        out.append(f'<rect x="370" y="{ly - 9}" width="10" height="10" fill="{RING_COLOURS[ring]}"/>'
                   f'<text x="386" y="{ly}" font-size="11" class="ring-label" data-ring="{ring}">'
                   f'{escape(f"{ring} {names[ring]}: {n}")}</text>')
    total = int(known["organisation"].nunique()) if len(known) else 0
    out.append(f'<text x="370" y="{70 + 6 * 22 + 8}" font-size="11" fill="#444">'
               f'{escape(f"{total} {orgs}")}</text>')
    out.append("</svg>")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# The lineage tree


def family(objects: pd.DataFrame, obj: str) -> list[str]:
    """Every object linked to ``obj`` through ``based_on`` either way (itself included),
    each once, in id order. Cycles (A based on B based on A) are harmless: each object is
    visited once."""
    parents = {o: [p for p in split_list(b) if p] for o, b in zip(objects["id"], objects["based_on"])}
    children: dict[str, list[str]] = {}
    for child, ps in parents.items():
        for p in ps:
            children.setdefault(p, []).append(child)
    seen, todo = {obj}, [obj]
    while todo:
        here = todo.pop()
        for other in parents.get(here, []) + children.get(here, []):
            if other not in seen and other in parents:
                seen.add(other)
                todo.append(other)
    return sorted(seen)


def generations(objects: pd.DataFrame, members: list[str]) -> dict[str, int]:
    """Each member's generation: 0 for an object not based on another member, else one more
    than its nearest such ancestor (breadth first, so a cycle cannot loop; a family that is
    all cycle starts from its first id)."""
    parents = {o: [p for p in split_list(b) if p in members]
               for o, b in zip(objects["id"], objects["based_on"]) if o in members}
    children: dict[str, list[str]] = {}
    for child, ps in parents.items():
        for p in ps:
            children.setdefault(p, []).append(child)
    level = {o: 0 for o in members if not parents.get(o)}
    if not level:
        level = {members[0]: 0}
    queue = sorted(level)
    while queue:
        here = queue.pop(0)
        for child in sorted(children.get(here, [])):
            if child not in level:
                level[child] = level[here] + 1
                queue.append(child)
    for o in members:  # reached only through a cycle from outside the roots
        level.setdefault(o, 0)
    return level


def lineage_tree(objects: pd.DataFrame, obj: str, *, maker_orgs: dict[str, set[str]],
                 href: Callable[[str], str] | None = None, data_date: dt.date | None = None,
                 lang: str = "nl") -> str:
    """The family tree of ``obj`` through ``based_on``: one node per object of its
    :func:`family` (each once), generations from top to bottom, an arrow from each object to
    what is based on it. A node links to ``href(id)``; an object whose makers all belong to
    organisations other than those of the object it is based on (an adaptation by another
    organisation, as :func:`~.measures.adaptations` counts it) is marked."""
    words = _words(lang)
    titles = dict(zip(objects["id"], objects["title"])) if "title" in objects else {}
    members = family(objects, obj)
    subject = titles.get(obj) or obj
    title = f"{words['lineage']}: {subject}"
    level = generations(objects, members)
    rows: dict[int, list[str]] = {}
    for o in members:
        rows.setdefault(level[o], []).append(o)
    box_w, box_h, gap_x, gap_y, top = 170.0, 40.0, 20.0, 46.0, 64.0
    widest = max(len(r) for r in rows.values())
    width = max(widest * (box_w + gap_x) + gap_x, 480.0)
    height = top + len(rows) * (box_h + gap_y) + 30
    place: dict[str, tuple[float, float]] = {}
    for gen, ids in sorted(rows.items()):
        span = len(ids) * (box_w + gap_x) - gap_x
        x0 = (width - span) / 2
        for i, o in enumerate(ids):
            place[o] = (x0 + i * (box_w + gap_x), top + gen * (box_h + gap_y))
    out = _open(width, height, "lineage", title)
    out += _caption(title, words, None, None, data_date)
    out.append('<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" '
               'markerHeight="6" orient="auto"><path d="M0 0L10 5L0 10z" fill="#666"/></marker></defs>')
    parents = {o: [p for p in split_list(b) if p in place]
               for o, b in zip(objects["id"], objects["based_on"]) if o in place}
    adapted = set()
    for child, ps in parents.items():
        for p in ps:
            x1, y1 = place[p]
            x2, y2 = place[child]
            out.append(f'<line class="edge" data-from={quoteattr(p)} data-to={quoteattr(child)} '
                       f'x1="{x1 + box_w / 2:.1f}" y1="{y1 + box_h:.1f}" x2="{x2 + box_w / 2:.1f}" '
                       f'y2="{y2:.1f}" stroke="#666" stroke-width="1.2" marker-end="url(#arrow)"/>')
            if by_other_organisations(child, p, maker_orgs):
                adapted.add(child)
    for o in members:
        x, y = place[o]
        mark = o in adapted
        label = titles.get(o) or o
        short = label if len(label) <= 26 else label[:25] + "…"
        fill = "#fdd0a2" if mark else "#ffffff"
        stroke = ' stroke-width="2.5"' if o == obj else ' stroke-width="1"'
        node = [f'<g class="node" data-object={quoteattr(o)} data-adapted="{int(mark)}">',
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{box_w}" height="{box_h}" rx="5" fill="{fill}" '
                f'stroke="#8c2d04"{stroke}/>',
                f'<text x="{x + 8:.1f}" y="{y + 17:.1f}" font-size="11">{escape(short)}</text>',
                f'<text x="{x + 8:.1f}" y="{y + 31:.1f}" font-size="9" fill="#555">{escape(o)}'
                f'{escape(" · " + words["this"]) if o == obj else ""}</text>',
                f"<title>{escape(label)}</title></g>"]
        if href:
            node = [f'<a href={quoteattr(href(o))}>', *node, "</a>"]
        out.extend(node)
    if len(members) == 1:
        out.append(f'<text x="10" y="{height - 12:.0f}" font-size="10" fill="#555">{escape(words["no_family"])}</text>')
    else:
        out.append(f'<rect x="10" y="{height - 22:.0f}" width="10" height="10" fill="#fdd0a2" stroke="#8c2d04"/>'
                   f'<text x="25" y="{height - 13:.0f}" font-size="10">{escape(words["adapted"])}</text>')
    out.append("</svg>")
    return "\n".join(out)
