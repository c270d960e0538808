"""The oil stain map: every municipality once per panel, shaded by the uses, attributed."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from olievlek.spread import analyze, municipalities
from olievlek.spread.maps import DEPTH_COLOURS, EMPTY, RING_COLOURS, geometry, oil_stain

SVG = "{http://www.w3.org/2000/svg}"


def panels(svg: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "panel"]


def fills(panel: ET.Element) -> dict[str, str]:
    return {u.get("data-municipality"): u.get("fill") for u in panel.iter(f"{SVG}use")
            if u.get("data-municipality")}


def test_every_municipality_is_drawn_exactly_once_per_panel(twente):
    svg = oil_stain(analyze(twente).uses, subject="Kaartenset", period="quarter")
    found = panels(svg)
    assert [p.get("data-period") for p in found] == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
    for panel in found:
        codes = [u.get("data-municipality") for u in panel.iter(f"{SVG}use") if u.get("data-municipality")]
        assert len(codes) == len(set(codes)) == len(municipalities()) == 342
    # and each outline is defined once
    assert len(re.findall(r'<path id="m-GM', svg)) == 342


def test_the_stain_grows_in_ring_colours(twente):
    found = panels(oil_stain(analyze(twente).uses, subject="Kaartenset", period="quarter"))
    q1, q2 = fills(found[0]), fills(found[1])
    assert q1["GM0153"] == RING_COLOURS[0]     # Enschede: the makers' own team first
    assert q1["GM0164"] == RING_COLOURS[2]     # Hengelo: another member
    assert q1["GM0141"] == EMPTY               # Almelo not yet
    assert q2["GM0141"] == RING_COLOURS[3]     # ... reached in the second quarter: the region
    assert q2["GM0363"] == RING_COLOURS[4]     # Amsterdam
    assert sum(1 for f in q2.values() if f != EMPTY) == 4


def test_depth_colours_and_one_map(twente):
    svg = oil_stain(analyze(twente).uses, subject="Kaartenset", period=None, by="depth",
                    date=dt.date(2024, 12, 31))
    (panel,) = panels(svg)
    f = fills(panel)
    assert f["GM0153"] == DEPTH_COLOURS[6]     # verankerd
    assert f["GM0141"] == DEPTH_COLOURS[5]     # aangepast; its stop is not a depth
    assert f["GM0363"] == DEPTH_COLOURS[2]     # ontvangen


def test_caption_legend_and_attribution(twente):
    svg = oil_stain(analyze(twente).uses, subject="Kaartenset", period="quarter",
                    data_date=dt.date(2025, 1, 15))
    assert "Olievlek: Kaartenset" in svg
    assert "per kwartaal" in svg and "gegevens van 2025-01-15" in svg
    assert "Bron: CBS, Kadaster" in svg
    assert "3 regio" in svg and "+1 buitenland" in svg
    english = oil_stain(analyze(twente).uses, subject="Cards", lang="en")
    assert "Oil stain: Cards" in english and "Bron: CBS, Kadaster" in english


def test_an_empty_map_still_draws_the_country():
    import pandas as pd

    from olievlek.spread.rings import PLACED_COLUMNS

    svg = oil_stain(pd.DataFrame(columns=list(PLACED_COLUMNS)), subject="Niets")
    (panel,) = panels(svg)
    assert set(fills(panel).values()) == {EMPTY}


def test_borders_follow_the_municipal_arcs():
    geo = geometry()
    assert geo.corop and geo.province
    assert 1.0 < geo.height / geo.width < 1.4   # the Netherlands is taller than wide


def test_png_like_the_insight_downloads(twente):
    from olievlek.insight.svg import to_png

    png = to_png(oil_stain(analyze(twente).uses, subject="Kaartenset", period="year"), scale=1)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_shipped_map_data_is_small_and_attributed():
    from olievlek.spread.data import DATA as data

    assert sum(f.stat().st_size for f in data.iterdir()) < 2_000_000
    assert "Bron: CBS, Kadaster" in (data / "README.md").read_text(encoding="utf-8")
