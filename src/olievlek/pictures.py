"""PNG downloads, cached by what they show.

Rasterising an SVG costs 0.5-2.6 s; the same picture is asked for again and again (every
viewer of a network, every reload). The key is a sha256 of the SVG text, the scale and the
font file the renderer uses, so a changed picture (data, language, caption, privacy mode)
is a new key and never an old PNG. The default cache is shared between processes (a database
table, see settings.py).
"""

from __future__ import annotations

import hashlib
import os

from django.core.cache import cache

# A month: the key names the content, so an entry can never be stale, only unused.
TIMEOUT = 30 * 24 * 3600


def _font_stamp() -> str:
    """The font file resvg draws the labels with: another font gives other pixels."""
    from olievlek.insight.svg import _font_files

    out = []
    for path in _font_files():
        try:
            stat = os.stat(path)
        except OSError:
            continue
        out.append(f"{path}:{stat.st_size}:{int(stat.st_mtime)}")
    return "|".join(out)


def png_for(svg: str, scale: float = 2.0) -> bytes:
    """The PNG of ``svg`` (rendered by ``olievlek.insight.svg.to_png``), from the cache when
    the same picture was rendered before."""
    from olievlek.insight import svg as svgmod

    digest = hashlib.sha256(f"{scale:g}\0{_font_stamp()}\0".encode() + svg.encode()).hexdigest()
    key = f"png:{digest}"
    body = cache.get(key)
    if body is None:
        body = svgmod.to_png(svg, scale=scale)
        cache.set(key, body, TIMEOUT)
    return body


def chart_png(fig) -> bytes:
    """The PNG of a matplotlib figure, cached by the figure's SVG (the same drawing gives the
    same SVG; writing it costs a fraction of rasterising the PNG)."""
    from olievlek.tables import charts

    digest = hashlib.sha256(charts.to_svg(fig).encode()).hexdigest()
    key = f"chartpng:{digest}"
    body = cache.get(key)
    if body is None:
        body = charts.to_png(fig)
        cache.set(key, body, TIMEOUT)
    return body
