"""Reach curves, the ring diagram and the lineage tree, on the hand-built portfolio."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pandas as pd

from olievlek.spread import analyze, maker_organisations, reach, table
from olievlek.spread.pictures import family, generations, lineage_tree, reach_curves, ring_diagram

SVG = "{http://www.w3.org/2000/svg}"


def _points(svg: str) -> dict[tuple[int, str], int]:
    root = ET.fromstring(svg)
    return {(int(c.get("data-ring")), c.get("data-period")): int(c.get("data-value"))
            for c in root.iter(f"{SVG}circle") if c.get("class") == "point"}


def test_the_curves_points_are_reach_csvs_cumulative_numbers(twente):
    result = analyze(twente)
    svg = reach_curves(result.reach, subject="Kaartenset", period="quarter",
                       data_date=dt.date(2024, 11, 1))
    points = _points(svg)
    expected = {(int(r.ring), r.period): int(r.cumulative_organisations)
                for r in result.reach.itertuples() if (result.reach[result.reach["ring"] == r.ring]
                                                         ["cumulative_organisations"].any())}
    assert points == expected
    # by hand: the region (C, Almelo) is reached in 2024-Q2 and stays; abroad (E) too
    assert points[(3, "2024-Q1")] == 0 and points[(3, "2024-Q2")] == 1 and points[(3, "2024-Q4")] == 1
    assert points[(5, "2024-Q2")] == 1
    assert "Bereik per ring: Kaartenset" in svg and "gegevens van 2024-11-01" in svg
    assert "per kwartaal" in svg
    by_place = _points(reach_curves(result.reach, subject="x", measure="municipalities"))
    assert by_place[(4, "2024-Q2")] == 1  # Amsterdam
    assert (5, "2024-Q2") not in by_place  # abroad has no municipality: no line


def test_no_uses_draws_an_empty_chart_saying_so():
    svg = reach_curves(reach(pd.DataFrame(columns=["organisation", "municipality", "ring", "date"])),
                       subject="Leeg", lang="en")
    ET.fromstring(svg)
    assert "no use yet" in svg and 'class="point"' not in svg


def test_the_ring_diagram_counts_organisations_per_ring(twente):
    uses = analyze(twente).uses
    svg = ring_diagram(uses[uses["object"] == "o1"], subject="Kaartenset", lang="en")
    rings = {int(c.get("data-ring")): int(c.get("data-organisations"))
             for c in ET.fromstring(svg).iter(f"{SVG}circle") if c.get("class") == "ring"}
    # A in the own team (ann, bob) and own organisation (cas left the unit; a use without a
    # person); B the network; C Almelo (Twente: region); D Amsterdam; E Belgium
    assert rings == {0: 1, 1: 1, 2: 1, 3: 1, 4: 1, 5: 1}
    early = ring_diagram(uses, subject="Kaartenset", date=dt.date(2024, 2, 28))
    rings = {int(c.get("data-ring")): int(c.get("data-organisations"))
             for c in ET.fromstring(early).iter(f"{SVG}circle") if c.get("class") == "ring"}
    assert rings == {0: 1, 1: 1, 2: 0, 3: 0, 4: 0, 5: 0}
    assert "t/m 2024-02-28" in early


def _objects(rows):
    return table("objects", [{"kind": "product", **r} for r in rows])


def test_every_object_of_a_family_appears_once(twente):
    objects = twente.objects
    assert family(objects, "o2") == ["o1", "o2", "o3"]
    svg = lineage_tree(objects, "o1", maker_orgs=maker_organisations(objects, twente.people),
                       href=lambda k: f"/x/{k}/")
    root = ET.fromstring(svg)
    nodes = [g for g in root.iter(f"{SVG}g") if g.get("class") == "node"]
    assert sorted(n.get("data-object") for n in nodes) == ["o1", "o2", "o3"]
    # o2 by Eva (school C): adapted by another organisation; o3 by Ann again: not
    assert {n.get("data-object"): n.get("data-adapted") for n in nodes} == {"o1": "0", "o2": "1", "o3": "0"}
    links = [a.get("href") for a in root.iter(f"{SVG}a")]
    assert sorted(links) == ["/x/o1/", "/x/o2/", "/x/o3/"]
    edges = {(e.get("data-from"), e.get("data-to")) for e in root.iter(f"{SVG}line") if e.get("class") == "edge"}
    assert edges == {("o1", "o2"), ("o1", "o3")}
    assert generations(objects, ["o1", "o2", "o3"]) == {"o1": 0, "o2": 1, "o3": 1}


def test_a_cycle_in_the_lineage_is_drawn_once_and_ends():
    objects = _objects([{"id": "a", "title": "A", "based_on": "c"}, {"id": "b", "title": "B", "based_on": "a"},
                        {"id": "c", "title": "C", "based_on": "b"}, {"id": "d", "title": "D", "based_on": "b"},
                        {"id": "z", "title": "Elsewhere"}])
    assert family(objects, "d") == ["a", "b", "c", "d"]
    svg = lineage_tree(objects, "a", maker_orgs={})
    nodes = [g.get("data-object") for g in ET.fromstring(svg).iter(f"{SVG}g") if g.get("class") == "node"]
    assert sorted(nodes) == ["a", "b", "c", "d"]
    assert generations(objects, ["a", "b", "c", "d"]) == {"a": 0, "b": 1, "c": 2, "d": 2}


def test_an_object_alone_says_so():
    svg = lineage_tree(_objects([{"id": "a", "title": "A & B"}]), "a", maker_orgs={}, lang="en")
    ET.fromstring(svg)
    assert "not based on another object" in svg and "A &amp; B" in svg
