"""Pictures for the participants tables: sorted bar charts as SVG and PNG.

Drawn with matplotlib's Agg canvas (wheels on PyPI, bundled fonts: no system libraries).
The report shows roles as word clouds (Bijlage 6); a sorted bar chart says the same, "bigger
is given more often", and can be read exactly. SVG text stays text (searchable, accessible).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

__all__ = ["bar_chart", "grouped_bar_chart", "save", "to_png", "to_svg"]

COLOURS = ("#1f5f8b", "#d98c1f", "#3f8f4f", "#8c3f6f", "#6f6f6f", "#b84a3a")
_RC: dict[RcKeyType, Any] = {"svg.fonttype": "none", "svg.hashsalt": "olievlek", "font.size": 9}


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure  # imported here: only picture makers pay for it

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def bar_chart(labels: list[str], values: list[int], *, title: str = "", xlabel: str = "") -> Figure:
    """Horizontal bars, largest first (top), each labelled with its value."""
    import matplotlib

    with matplotlib.rc_context(_RC):
        pairs = sorted(zip(labels, values), key=lambda lv: (-lv[1], lv[0]))
        fig = _figure(6.4, max(1.6, 0.32 * len(pairs) + 0.9))
        ax = fig.add_subplot()
        names = [p[0] for p in pairs][::-1]
        nums = [p[1] for p in pairs][::-1]
        bars = ax.barh(range(len(nums)), nums, color=COLOURS[0])
        ax.set_yticks(range(len(nums)), names)
        ax.bar_label(bars, padding=2)
        ax.set_title(title, loc="left")
        ax.set_xlabel(xlabel)
        ax.spines[["top", "right"]].set_visible(False)
        if not nums:
            ax.text(0.5, 0.5, "-", ha="center", va="center", transform=ax.transAxes)
        ax.set_xlim(0, max(nums or [1]) * 1.15 + 0.5)
    return fig


def grouped_bar_chart(categories: list[str], series: dict[str, list[float | None]], *,
                      title: str = "", ylabel: str = "") -> Figure:
    """Vertical bars per category, one colour per series (e.g. a sector), None drawn as 0."""
    import matplotlib

    with matplotlib.rc_context(_RC):
        fig = _figure(6.4, 3.7)
        ax = fig.add_subplot()
        width = 0.8 / max(1, len(series))
        for i, (name, values) in enumerate(series.items()):
            xs = [c + (i - (len(series) - 1) / 2) * width for c in range(len(categories))]
            ax.bar(xs, [v or 0 for v in values], width, label=name, color=COLOURS[i % len(COLOURS)])
        ax.set_xticks(range(len(categories)), categories)
        ax.set_title(title, loc="left")
        ax.set_ylabel(ylabel)
        ax.spines[["top", "right"]].set_visible(False)
        # below the axes, so it never covers a bar
        ax.legend(frameon=False, ncols=min(4, len(series)) or 1, loc="upper center",
                  bbox_to_anchor=(0.5, -0.1))
    return fig


def to_svg(fig: Figure) -> str:
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context(_RC):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    return text[text.index("<svg"):]  # drop the XML prolog and doctype: ready to inline


def to_png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=144, metadata={"Software": None})
    return buf.getvalue()


def save(fig: Figure, stem: Path) -> list[Path]:
    """Write ``stem.svg`` and ``stem.png``; returns both paths."""
    svg, png = stem.with_suffix(".svg"), stem.with_suffix(".png")
    svg.write_text('<?xml version="1.0" encoding="utf-8"?>\n' + to_svg(fig), encoding="utf-8")
    png.write_bytes(to_png(fig))
    return [svg, png]
