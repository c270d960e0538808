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
import re
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import numpy as np

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
    responded: bool | None = None  # False: drawn hollow and dashed (did not answer)

    @property
    def at(self) -> tuple[float, float]:
        """``pos`` of a node that has one (the placed nodes)."""
        assert self.pos is not None
        return self.pos


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
    sizes: tuple[str, list[tuple[float, str]]] | None = None,
    non_respondents: str = "",
    label_note: str = "",
) -> Picture:
    """Draw a directed network. ``ref_attr`` is ``person`` or ``unit``.

    ``extent``: the width and height of the layout all positions come from; when given,
    positions map to the same pixels in every picture of that layout. The legend shows the
    ``legend`` colours, then ``sizes`` (a heading and example radii with their values), the
    hollow dashed node of ``non_respondents`` (its explanation; only when some node has
    ``responded=False``) and ``label_note`` (which names are written)."""
    margin, strip_gap = 40, 28
    items: list[tuple[str, Any, str]] = [("dot", c, t) for c, t in legend or []]
    if sizes:
        items.append(("text", None, sizes[0]))
        items += [("size", r, t) for r, t in sizes[1]]
    if non_respondents and any(n.responded is False for n in nodes):
        items.append(("hollow", None, non_respondents))
    if label_note:
        items.append(("text", None, label_note))
    nodes = sorted(nodes, key=lambda n: n.ref)
    placed = [n for n in nodes if n.pos is not None]
    isolates = [n for n in nodes if n.pos is None]
    rmax = max([n.radius for n in nodes] + [6.0])
    # Small networks get a smaller drawing (long lines between five people read badly); the
    # right margin leaves room for the labels of the rightmost people.
    inner = min(width - margin - 140, int(200 + 90 * math.sqrt(max(len(nodes), 1))))
    width = inner + margin + 140
    legend_svg, legend_height = _legend(items, width)
    top = margin + legend_height  # the legend gets a band of its own above the drawing
    if placed and extent is not None:
        # A fixed frame (the whole network's layout): a person stays at the same pixel in
        # every wave's picture.
        x0 = y0 = 0.0
        span = max(extent[0], extent[1], 1e-9)
        plot_h = max(extent[1] / span * inner, 2 * rmax)
    elif placed:
        xs = [n.at[0] for n in placed]
        ys = [n.at[1] for n in placed]
        x0, y0 = min(xs), min(ys)
        span = max(max(xs) - x0, max(ys) - y0, 1e-9)
        if len(placed) == 1:
            span, x0, y0 = 1.0, placed[0].at[0] - 0.5, placed[0].at[1]
        plot_h = max((max(ys) - y0) / span * inner, 2 * rmax) if len(placed) > 1 else 2 * rmax
    else:
        x0 = y0 = 0.0
        span, plot_h = 1.0, 0.0
    xy: dict[str, tuple[float, float]] = {}
    for n in placed:
        xy[n.ref] = (margin + (n.at[0] - x0) / span * inner, top + (n.at[1] - y0) / span * inner)
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
    labelled = _free_labels(nodes, xy, width, height)
    out.append('<g class="nodes">')
    for n in nodes:
        x, y = xy[n.ref]
        data = {ref_attr: n.ref, "label": n.label, **n.data}
        if n.responded is not None:
            data["responded"] = "1" if n.responded else "0"
        if n.responded is False:  # hollow and dashed: their own answers are missing
            ring = (f' fill-opacity="0.25" stroke="{n.ring or n.fill}" stroke-width="2"'
                    ' stroke-dasharray="3 2"')
        elif n.ring:
            ring = f' stroke="{n.ring}" stroke-width="3"'
        else:
            ring = ' stroke="#ffffff" stroke-width="1"'
        shown = n.ref in labelled
        out.append(
            f'<g class="node{" labelled" if shown else ""}"{_attrs(data)} tabindex="0" '
            f'transform="translate({x:.1f},{y:.1f})">'
            f"<title>{escape(n.title or n.label)}</title>"
            f'<circle r="{n.radius:.1f}" fill="{n.fill}"{ring}/>'
        )
        if shown:
            lx, ly, anchor = labelled[n.ref]
            out.append(
                f'<text x="{lx:.1f}" y="{ly:.1f}"{anchor} fill="#1d2327" stroke="#ffffff" '
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
    if items:
        out.extend(legend_svg)
    out.append("</svg>")
    return Picture("\n".join(out), len(nodes), drawn_edges)


CHAR = 6.4  # average width of a character at 11px in DejaVu Sans (generous: no overlaps)


def _free_labels(nodes: list[Node], xy: dict[str, tuple[float, float]], width: float,
                 height: float) -> dict[str, tuple[float, float, str]]:
    """Where each written label goes (x, y, text-anchor attribute), relative to its node.

    The rule, stated in the legend: biggest nodes first (they matter most), each label right,
    left, above or below its node, whichever first covers no other label and no other node
    and stays inside the picture; a label that fits nowhere is left out, and the name stays
    in the hover text, the keyboard focus and the search."""
    if not nodes:
        return {}
    refs = [n.ref for n in nodes]
    centres = np.array([xy[r] for r in refs])
    radii = np.array([n.radius for n in nodes])
    circles = np.column_stack([centres - radii[:, None], centres + radii[:, None]])
    boxes = np.zeros((len(nodes), 4))
    count = 0
    out: dict[str, tuple[float, float, str]] = {}
    index = {r: i for i, r in enumerate(refs)}
    for n in sorted((n for n in nodes if n.show_label), key=lambda n: (-n.radius, n.ref)):
        x, y = xy[n.ref]
        w, r = CHAR * len(_short(n.label)), n.radius
        options = (  # (box, label x, label y, anchor) relative to the node
            ((x + r + 2, y - 7, x + r + 3 + w, y + 5), r + 2, 4, ""),
            ((x - r - 3 - w, y - 7, x - r - 2, y + 5), -r - 2, 4, ' text-anchor="end"'),
            ((x - w / 2, y - r - 14, x + w / 2, y - r - 2), 0, -r - 4, ' text-anchor="middle"'),
            ((x - w / 2, y + r + 2, x + w / 2, y + r + 14), 0, r + 12, ' text-anchor="middle"'),
        )
        others = np.ones(len(nodes), dtype=bool)
        others[index[n.ref]] = False
        for box, lx, ly, anchor in options:
            if box[0] < 2 or box[2] > width - 2 or box[1] < 2 or box[3] > height - 2:
                continue
            b = np.asarray(box)
            if count and _overlaps(boxes[:count], b).any():
                continue
            if _overlaps(circles[others], b).any():
                continue
            boxes[count] = b
            count += 1
            out[n.ref] = (lx, ly, anchor)
            break
    return out


def _overlaps(rects: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (rects[:, 0] < b[2]) & (b[0] < rects[:, 2]) & (rects[:, 1] < b[3]) & (b[1] < rects[:, 3])


def _legend(items: list[tuple[str, Any, str]], width: int) -> tuple[list[str], int]:
    """The legend's SVG and its height. Items: ``("dot", colour, text)``, ``("size", radius,
    text)``, ``("hollow", None, text)`` (a non-respondent) and ``("text", None, text)``."""
    out = ['<g class="legend">']
    # One row height for all rows (the biggest example circle), so items line up.
    row_h = max([2 * float(v) + 4 for k, v, _t in items if k == "size"] + [16.0])
    x, row_top = 10.0, 4.0
    for kind, value, text in items:
        r = float(value) if kind == "size" else 5.0
        w = (2 * r + 8 if kind != "text" else 0) + 6.5 * len(text)
        if x + w > width - 10 and x > 10:
            x, row_top = 10.0, row_top + row_h + 4
        cy = row_top + row_h / 2
        if kind == "dot":
            out.append(f'<circle cx="{x + r:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="{value}"/>')
        elif kind == "size":
            out.append(f'<circle class="size-key" cx="{x + r:.1f}" cy="{cy:.1f}" r="{r:.1f}" '
                       f'fill="#dfe3e6" stroke="#8a949c"/>')
        elif kind == "hollow":
            out.append(f'<circle class="non-respondent-key" cx="{x + r:.1f}" cy="{cy:.1f}" '
                       f'r="{r:.1f}" fill="{NONE_COLOUR}" fill-opacity="0.25" stroke="#5f6b73" '
                       'stroke-width="2" stroke-dasharray="3 2"/>')
        tx = x if kind == "text" else x + 2 * r + 4
        out.append(f'<text x="{tx:.1f}" y="{cy + 4:.1f}" fill="#1d2327">{escape(text)}</text>')
        x += w + 12
    out.append("</g>")
    return out, int(row_top + row_h + 6) if items else 0


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
    options: dict[str, Any] = {"skip_system_fonts": True, "font_files": fonts} if fonts else {}
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


def add_caption(svg: str, lines: list[str]) -> str:
    """The same picture with ``lines`` written under it (network, wave, relation, filters,
    privacy mode, data date...), so a downloaded SVG or PNG says what it shows. The picture
    grows downwards; nothing else moves. Works on every picture drawn here and on the system
    picture (any SVG whose root has ``width``, ``height`` and a ``viewBox`` from 0 0)."""
    root = re.search(r"<svg\b[^>]*>", svg)
    if not root or not lines:
        return svg
    tag = root.group(0)
    w = re.search(r'\swidth="([\d.]+)"', tag)
    h = re.search(r'\sheight="([\d.]+)"', tag)
    vb = re.search(r'\sviewBox="0 0 ([\d.]+) ([\d.]+)"', tag)
    if not (w and h and vb):
        return svg
    width, height = float(w.group(1)), float(h.group(1))
    # Long lines are wrapped at the picture's width (about 6 px a character at 10.5 px).
    per_line = max(int((width - 20) / 6), 20)
    wrapped = [part for line in lines for part in _wrap(line, per_line)]
    extra = 10 + 15 * len(wrapped)
    grown = (tag.replace(h.group(0), f' height="{height + extra:g}"', 1)
             .replace(vb.group(0), f' viewBox="0 0 {vb.group(1)} {float(vb.group(2)) + extra:g}"', 1))
    text = [(f'<g class="caption" font-size="10.5" fill="#3d464d" font-family={quoteattr(FONT)}>'
             f'<rect x="0" y="{height:g}" width="{width:g}" height="{extra}" fill="#ffffff"/>')]
    for i, line in enumerate(wrapped):
        text.append(f'<text x="10" y="{height + 14 + 15 * i:g}">{escape(line)}</text>')
    text.append("</g>")
    end = svg.rindex("</svg>")
    return svg[:root.start()] + grown + svg[root.end():end] + "".join(text) + svg[end:]


def _wrap(line: str, limit: int) -> list[str]:
    words, out, current = line.split(" "), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > limit:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*out, current]
