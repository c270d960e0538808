"""Build the map data shipped in olievlek.spread from ../shared/geo (CBS/Kadaster 2025).

Usage: python tools/build_geo.py [GEO_DIR]   (default /work/shared/geo)

Writes ``src/olievlek/spread/data/municipalities.topojson`` (the municipal boundaries with only
the CBS code kept: names and regions live in the CSV) and ``municipalities.csv`` (code, name,
COROP, province, label point). The source outlines are already generalised (about 4,700
points for 342 municipalities), so they are kept as they are: simplifying further would save
little and break shared borders. COROP and province borders are drawn from the municipal arcs
(an arc between two municipalities of different COROP regions is a COROP border), so they fit
the municipalities exactly.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "olievlek" / "spread" / "data"


def main(geo: Path) -> None:
    topo = json.loads((geo / "gemeente_2025.topojson").read_text(encoding="utf-8"))
    geometries = topo["objects"]["gemeente_2025"]["geometries"]
    slim = {
        "type": "Topology",
        "transform": topo["transform"],
        "arcs": topo["arcs"],
        "objects": {"gemeente_2025": {"type": "GeometryCollection", "geometries": [
            {"type": g["type"], "id": g["properties"]["statcode"], "arcs": g["arcs"]}
            for g in sorted(geometries, key=lambda g: g["properties"]["statcode"])
        ]}},
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "municipalities.topojson").write_text(
        json.dumps(slim, separators=(",", ":")), encoding="utf-8")
    with open(geo / "gemeente_regio_2025.csv", encoding="utf-8") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: r["gemeente"])
    codes = {g["properties"]["statcode"] for g in geometries}
    assert codes == {r["gemeente"] for r in rows}, "boundaries and region table disagree"
    with open(OUT / "municipalities.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["municipality", "name", "corop", "corop_name", "province", "province_name",
                    "lon", "lat"])
        for r in rows:
            w.writerow([r["gemeente"], r["gemeente_naam"], r["corop"], r["corop_naam"],
                        r["provincie"], r["provincie_naam"], r["lon"], r["lat"]])


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/geo"))
