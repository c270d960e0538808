"""Server-rendered SVG pictures: sociograms and heat maps, and their PNG.

Pure (no Django): the callers decide what may be shown (names or pseudonyms, which ties) and
hand over finished nodes and edges; this module only draws. Every node is a ``<g>`` with
``data-person`` (or ``data-unit`` in aggregate pictures) and every tie a ``<line>`` with
``data-source`` / ``data-target`` holding the same references, so a picture can be checked
against the data. Nodes and ties are written sorted by reference, never in database order.
"""

from __future__ import annotations

import functools
import html
import math
import os
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#ad494a", "#637939", "#843c39", "#7b4173", "#3182bd",
)
PROCESS_COLOURS = {"coordinatie": "#1f5f8b", "onderzoek": "#7b3fa0", "praktijk": "#2e7d32"}
NONE_COLOUR = "#b0b7bd"
TIE_COLOURS = {"": "#8a949c", "kept": "#8a949c", "new": "#1b9e3e", "lost": "#c62828"}
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"


@dataclass
class Node:
    """One node. ``pos`` in the unit square, or None to draw it in the isolates strip."""

    ref: str
    label: str
    pos: tuple[float, float] | None
    radius: float = 6.0
    fill: str = NONE_COLOUR
    show_label: bool = True
    ring: str = ""  # stroke colour to mark a node (joined, left, the viewer)
    data: dict[str, str] = field(default_factory=dict)  # extra data-* attributes
    title: str = ""


@dataclass
class Edge:
    source: str
    target: str
    kind: str = ""  # "", "kept", "new", "lost"
    width: float = 1.0
    data: dict[str, str] = field(default_factory=dict)


@dataclass
class Picture:
    """A finished SVG with the counts drawn, for tests and the page."""

    svg: str
    nodes: int
    edges: int


def _attrs(data: dict[str, str]) -> str:
    return "".join(f' data-{k}="{html.escape(str(v))}"' for k, v in sorted(data.items()))


def sociogram(
    nodes: list[Node],
    edges: list[Edge],
    *,
    title: str,
    ref_attr: str = "person",
    legend: list[tuple[str, str]] | None = None,
    isolates_label: str = "",
    width: int = 960,
    empty_label: str = "",
    extent: tuple[float, float] | None = None,
    tie_opacity: float = 0.7,
) -> Picture:
    """Draw a directed network. ``ref_attr`` is ``person`` or ``unit``.

    ``extent``: the width and height of the layout all positions come from; when given,
    positions map to the same pixels in every picture of that layout."""
    margin, strip_gap = 40, 28
    legend_rows = _legend(legend or [], width)[1]
    top = margin + 16 * legend_rows  # the legend gets a band of its own above the drawing
    nodes = sorted(nodes, key=lambda n: n.ref)
    placed = [n for n in nodes if n.pos is not None]
    isolates = [n for n in nodes if n.pos is None]
    rmax = max([n.radius for n in nodes] + [6.0])
    # Small networks get a smaller drawing (long lines between five people read badly); the
    # right margin leaves room for the labels of the rightmost people.
    inner = min(width - margin - 140, int(200 + 90 * math.sqrt(max(len(nodes), 1))))
    width = inner + margin + 140
    if placed and extent is not None:
        # A fixed frame (the whole network's layout): a person stays at the same pixel in
        # every wave's picture.
        x0 = y0 = 0.0
        span = max(extent[0], extent[1], 1e-9)
        plot_h = max(extent[1] / span * inner, 2 * rmax)
    elif placed:
        xs = [n.pos[0] for n in placed]
        ys = [n.pos[1] for n in placed]
        x0, y0 = min(xs), min(ys)
        span = max(max(xs) - x0, max(ys) - y0, 1e-9)
        if len(placed) == 1:
            span, x0, y0 = 1.0, placed[0].pos[0] - 0.5, placed[0].pos[1]
        plot_h = max((max(ys) - y0) / span * inner, 2 * rmax) if len(placed) > 1 else 2 * rmax
    else:
        x0 = y0 = 0.0
        span, plot_h = 1.0, 0.0
    xy: dict[str, tuple[float, float]] = {}
    for n in placed:
        xy[n.ref] = (margin + (n.pos[0] - x0) / span * inner, top + (n.pos[1] - y0) / span * inner)
    # Isolates: a grid below the picture, wide enough for short labels.
    longest = max([len(n.label) for n in isolates if n.show_label] + [0])
    cell = max(3 * rmax, min(6.3 * longest + 2 * rmax + 14, 240.0) if longest else 0)
    per_row = max(int(inner // cell), 1)
    strip_top = top + plot_h + (strip_gap + 22 if placed else 22)
    for i, n in enumerate(isolates):
        row, col = divmod(i, per_row)
        xy[n.ref] = (margin + rmax + col * cell, strip_top + rmax + row * (2 * rmax + 18))
    rows = math.ceil(len(isolates) / per_row) if isolates else 0
    height = int((strip_top + rows * (2 * rmax + 18) + margin) if isolates
                 else top + plot_h + margin + 10)
    height = max(height, 120)

    out = [
        (f'<svg xmlns="http://www.w3.org/2000/svg" class="sociogram" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" font-family={quoteattr(FONT)} '
        f'font-size="11" role="img" aria-label={quoteattr(title)}>'),
        f"<title>{escape(title)}</title>",
        "<defs>",
    ]
    for kind, colour in TIE_COLOURS.items():
        out.append(
            f'<marker id="arrow{"-" + kind if kind else ""}" viewBox="0 0 10 10" refX="10" '
            f'refY="5" markerWidth="7" markerHeight="7" orient="auto" markerUnits="userSpaceOnUse">'
            f'<path d="M0,1 L10,5 L0,9 z" fill="{colour}"/></marker>'
        )
    out.append("</defs>")
    out.append(f'<rect class="background" width="{width}" height="{height}" fill="#ffffff"/>')
    out.append('<g class="viewport">')
    radius = {n.ref: n.radius for n in nodes}
    drawn_edges = 0
    out.append('<g class="ties">')
    for e in sorted(edges, key=lambda e: (e.source, e.target, e.kind)):
        if e.source not in xy or e.target not in xy:
            continue
        (x1, y1), (x2, y2) = xy[e.source], xy[e.target]
        dx, dy = x2 - x1, y2 - y1
        d = math.hypot(dx, dy) or 1.0
        # End the line at the target's edge so the arrow head is visible.
        sx, sy = x1 + dx / d * radius[e.source], y1 + dy / d * radius[e.source]
        tx, ty = x2 - dx / d * (radius[e.target] + 1.5), y2 - dy / d * (radius[e.target] + 1.5)
        colour = TIE_COLOURS.get(e.kind, TIE_COLOURS[""])
        dash = ' stroke-dasharray="4 3"' if e.kind == "lost" else ""
        marker = f"arrow-{e.kind}" if e.kind else "arrow"
        data = {"source": e.source, "target": e.target, **e.data}
        if e.kind:
            data["kind"] = e.kind
        out.append(
            f'<line class="tie{" tie-" + e.kind if e.kind else ""}"{_attrs(data)} '
            f'x1="{sx:.1f}" y1="{sy:.1f}" x2="{tx:.1f}" y2="{ty:.1f}" stroke="{colour}" '
            f'stroke-opacity="{tie_opacity}" stroke-width="{e.width:.2f}"{dash} marker-end="url(#{marker})"/>'
        )
        drawn_edges += 1
    out.append("</g>")
    labelled = _free_labels(nodes, xy)
    out.append('<g class="nodes">')
    for n in nodes:
        x, y = xy[n.ref]
        data = {ref_attr: n.ref, "label": n.label, **n.data}
        ring = f' stroke="{n.ring}" stroke-width="3"' if n.ring else ' stroke="#ffffff" stroke-width="1"'
        if n.data.get("responded") == "0":  # a non-respondent: dashed outline (their ties in count)
            ring = (f' stroke="{n.ring or "#1d2327"}" stroke-width="{3 if n.ring else 1.5}"'
                    ' stroke-dasharray="2 2"')
        out.append(
            f'<g class="node"{_attrs(data)} tabindex="0" transform="translate({x:.1f},{y:.1f})">'
            f"<title>{escape(n.title or n.label)}</title>"
            f'<circle r="{n.radius:.1f}" fill="{n.fill}"{ring}/>'
        )
        if n.ref in labelled:
            out.append(
                f'<text x="{n.radius + 2:.1f}" y="4" fill="#1d2327" stroke="#ffffff" '
                f'stroke-width="3" paint-order="stroke">{escape(_short(n.label))}</text>'
            )
        out.append("</g>")
    out.append("</g>")
    if isolates and isolates_label:
        out.append(
            f'<text class="strip-label" x="{margin}" y="{strip_top - 8:.1f}" fill="#5f6b73">'
            f"{escape(isolates_label)}</text>"
        )
    if not nodes and empty_label:
        out.append(f'<text x="{margin}" y="{margin + 20}" fill="#5f6b73">{escape(empty_label)}</text>')
    out.append("</g>")
    if legend:
        out.extend(_legend(legend, width)[0])
    out.append("</svg>")
    return Picture("\n".join(out), len(nodes), drawn_edges)


def _free_labels(nodes: list[Node], xy: dict[str, tuple[float, float]]) -> set[str]:
    """The nodes whose label can be written without covering another label: biggest nodes
    first (they matter most); the rest keep their name in the hover text."""
    placed: list[tuple[float, float, float, float]] = []
    free = set()
    for n in sorted((n for n in nodes if n.show_label), key=lambda n: (-n.radius, n.ref)):
        x, y = xy[n.ref]
        box = (x + n.radius + 1, y - 7, x + n.radius + 3 + 6.2 * len(_short(n.label)), y + 6)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
               for b in placed):
            continue
        placed.append(box)
        free.add(n.ref)
    return free


def _legend(items: list[tuple[str, str]], width: int) -> tuple[list[str], int]:
    """The legend's SVG and how many rows it takes."""
    out = ['<g class="legend">']
    x, y, rows = 10, 14, 1 if items else 0
    for colour, text in items:
        w = 18 + 6.5 * len(text)
        if x + w > width - 10 and x > 10:
            x, y, rows = 10, y + 16, rows + 1
        out.append(f'<circle cx="{x + 5}" cy="{y - 4}" r="5" fill="{colour}"/>'
                   f'<text x="{x + 13}" y="{y}" fill="#1d2327">{escape(text)}</text>')
        x += w + 10
    out.append("</g>")
    return out, rows


def heatmap(rows: list[str], cols: list[str], values: list[list[float]], *, title: str,
            row_refs: list[str] | None = None, fmt: str = "{:g}") -> Picture:
    """A matrix as coloured cells (darker = more), labels left and on top."""
    full_rows, full_cols = rows, cols
    rows, cols = [_short(r) for r in rows], [_short(c) for c in cols]
    longest = max([len(c) for c in cols] + [4])
    cell, left = 46, 14 + 6.5 * max([len(r) for r in rows] + [4])
    top = 20 + 4.8 * longest  # column labels at 45 degrees
    width = int(left + cell * len(cols) + 4.8 * longest + 10)
    height = int(top + cell * len(rows) + 20)
    vmax = max([v for row in values for v in row] + [0]) or 1
    out = [
        (f'<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" font-family={quoteattr(FONT)} font-size="11" role="img"'
        f" aria-label={quoteattr(title)}>"),
        f"<title>{escape(title)}</title>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    refs = row_refs or rows
    for j, c in enumerate(cols):
        x = left + j * cell + cell / 2
        out.append(f'<text x="{x:.1f}" y="{top - 6}" transform="rotate(-45 {x:.1f} {top - 6})"'
                   f' fill="#1d2327"><title>{escape(full_cols[j])}</title>{escape(c)}</text>')
    for i, r in enumerate(rows):
        y = top + i * cell
        out.append(f'<text x="{left - 6}" y="{y + cell / 2 + 4:.1f}" text-anchor="end" '
                   f'fill="#1d2327"><title>{escape(full_rows[i])}</title>{escape(r)}</text>')
        for j, v in enumerate(values[i]):
            share = v / vmax
            shade = int(255 - share * 200)
            fill = f"rgb({shade},{int(255 - share * 140)},{255 - int(share * 60)})"
            ink = "#ffffff" if share > 0.55 else "#1d2327"
            out.append(
                f'<g class="cell" data-row={quoteattr(refs[i])} data-col={quoteattr(refs[j] if j < len(refs) else c)}'
                f' data-value="{v:g}"><rect x="{left + j * cell}" y="{y}" width="{cell - 2}" '
                f'height="{cell - 2}" fill="{fill}"/><text x="{left + j * cell + cell / 2 - 1:.1f}" '
                f'y="{y + cell / 2 + 4:.1f}" text-anchor="middle" fill="{ink}">'
                f"{escape(fmt.format(v))}</text></g>"
            )
    out.append("</svg>")
    return Picture("\n".join(out), len(rows), 0)


def _short(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def to_png(svg: str, *, scale: float = 2.0) -> bytes:
    """Rasterise an SVG with resvg (a self-contained wheel: no Cairo or other system library).

    Text needs a system font (any sans-serif, e.g. Debian's fonts-dejavu-core); without one
    the shapes are still drawn and only the labels are missing.
    """
    import resvg_py

    fonts = _font_files()
    options = {"skip_system_fonts": True, "font_files": fonts} if fonts else {}
    return bytes(resvg_py.svg_to_bytes(svg_string=svg, zoom=scale, background="#ffffff",
                                       **options))


@functools.cache
def _font_files() -> list[str]:
    """One known sans-serif font file, when present: loading every system font costs
    resvg about 0.4 s per picture."""
    for path in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                 "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
                 "/usr/share/fonts/TTF/DejaVuSans.ttf", "/Library/Fonts/Arial.ttf"):
        if os.path.exists(path):
            return [path]
    return []
