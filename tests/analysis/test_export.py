"""Exports read back with networkx (GraphML, GEXF, Pajek) and igraph (UCINET DL)."""

from __future__ import annotations

import re

import igraph as ig
import networkx as nx
import pytest

from olievlek.analysis.export import (
    FORMATS,
    decode_id,
    encode_id,
    export,
    to_dl,
    to_dl_attributes,
    to_pajek_partition,
)
from olievlek.analysis.export import write as write_plain
from olievlek.analysis.graph import network_from_package
from tests.factories import small_package

TIES_2024 = {("p2", "p1"), ("p3", "p2"), ("p4", "p2")}


@pytest.fixture
def net():
    return network_from_package(small_package(), "2024", min_frequency=1)


def write(tmp_path, net, fmt, **options):
    path = tmp_path / f"wave{FORMATS[fmt]}"
    path.write_text(export(net, fmt, **options), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_xml_formats_read_back_with_attributes(tmp_path, net, fmt, reader):
    g = reader(write(tmp_path, net, fmt, extra=("organisation",)))
    assert g.is_directed()
    assert list(g.nodes) == ["p1", "p2", "p3", "p4", "p6"]  # the wave's people, isolates included
    assert set(g.edges) == TIES_2024
    p2 = g.nodes["p2"]
    assert p2["label"] == "Bram Beukenhout"
    assert (p2["unit"], p2["unit_name"], p2["process"], p2["level"]) == ("u-stuur", "Stuurgroep", "coordinatie", "macro")
    assert p2["organisation"] == "o2"
    assert g.nodes["p6"]["unit"] == ""
    assert "email" not in p2  # only what was asked for


def test_pseudonyms_replace_ids_and_names(tmp_path, net):
    codes = {p: f"X{i}" for i, p in enumerate(net.ids)}
    text = export(net, "graphml", ids=codes, labels=codes)
    assert "Bram" not in text and "p2" not in text
    g = nx.read_graphml(write(tmp_path, net, "graphml", ids=codes, labels=codes))
    assert ("X2", "X1") in g.edges and g.nodes["X1"]["label"] == "X1"
    assert "p2" not in export(net, "pajek", ids=codes) and "p2" not in to_dl(net, ids=codes)


def test_pajek_reads_back(tmp_path, net):
    g = nx.read_pajek(write(tmp_path, net, "pajek", labels={p: p for p in net.ids}))
    assert set(g.nodes) == set(net.ids)
    assert {(u, v) for u, v, _ in g.edges} == TIES_2024
    clu = to_pajek_partition(net, "process").splitlines()
    assert clu[:2] == ["% 1 = coordinatie", "% 2 = praktijk"]
    assert clu[2] == "*Vertices 5" and clu[3:] == ["1", "1", "2", "2", "0"]


def test_ucinet_dl_structure(net):
    lines = to_dl(net, labels={p: p for p in net.ids}).splitlines()
    # UCINET reads this header; igraph's Read_DL cannot read "dl n=5 format=edgelist1".
    assert lines[:2] == ["dl n=5", "format = edgelist1"]
    assert lines[2] == "labels:" and lines[3].split(",") == ["p1", "p2", "p3", "p4", "p6"]
    assert lines[4] == "data:"
    labels = lines[3].split(",")
    pairs = {(labels[int(a) - 1], labels[int(b) - 1]) for a, b in (ln.split() for ln in lines[5:])}
    assert pairs == TIES_2024
    attrs = to_dl_attributes(net).splitlines()
    assert attrs[0] == "dl nr=5 nc=4 format=fullmatrix"
    assert attrs[4] == "unit,process,level,in_degree"
    rows = [list(map(int, r.split())) for r in attrs[6:]]
    assert len(rows) == 5 and all(len(r) == 4 for r in rows)
    # p2: unit u-stuur (2nd sorted of the units of 2024: u-a, u-stuur), coordinatie, macro, named twice
    assert rows[1] == [2, 1, 1, 2]


def test_unknown_format(net):
    with pytest.raises(ValueError):
        export(net, "svg")


def read_back(tmp_path, fmt, text):
    """Nodes (ids or labels, in file order) and edges of a written file, read by networkx, or
    by igraph for DL."""
    path = tmp_path / f"g{FORMATS[fmt]}"
    path.write_text(text, encoding="utf-8")
    if fmt == "dl":
        g = ig.Graph.Read_DL(str(path), directed=True)
        names = g.vs["name"]
        return names, {(names[s], names[t]) for s, t in g.get_edgelist()}, g
    g = {"graphml": nx.read_graphml, "gexf": nx.read_gexf, "pajek": nx.read_pajek}[fmt](path)
    return list(g.nodes), {(u, v) for u, v, *_ in g.edges}, g


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_reads_back_from_a_wave(tmp_path, net, fmt):
    nodes, edges, _g = read_back(tmp_path, fmt, export(net, fmt, labels={p: p for p in net.ids}))
    assert nodes == ["p1", "p2", "p3", "p4", "p6"]  # the wave's people, isolates included
    assert edges == TIES_2024


@pytest.mark.parametrize("fmt", ["pajek", "dl"])
def test_pajek_and_dl_labels_are_the_names(tmp_path, net, fmt):
    """Pajek and DL carry one string per vertex: the name, where names may be seen."""
    text = export(net, fmt)
    assert '"Bram Beukenhout"' in text
    if fmt == "pajek":
        nodes, _edges, _g = read_back(tmp_path, fmt, text)
        assert nodes[1] == "Bram Beukenhout"


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_reads_back_from_plain_nodes_and_edges(tmp_path, fmt):
    """What the web pages pass: display references as ids, counts as attributes and weights."""
    nodes = [{"id": "u-a", "label": "PLG-A", "people": 3, "share": 0.5},
             {"id": "small units", "label": "Smaller_units", "people": 4, "share": ""},
             {"id": "solo", "label": "Solo"}]
    edges = [{"source": "u-a", "target": "small units", "weight": 4},
             {"source": "solo", "target": "u-a", "weight": 1}]
    names, pairs, g = read_back(tmp_path, fmt, write_plain(nodes, edges, fmt))
    key = "label" if fmt in ("pajek", "dl") else "id"  # Pajek and DL: the label
    if fmt == "graphml":
        names = [decode_id(n) for n in names]
        pairs = {(decode_id(a), decode_id(b)) for a, b in pairs}
    assert names == [n[key] for n in nodes]
    by_id = {n["id"]: n[key] for n in nodes}
    assert pairs == {(by_id[e["source"]], by_id[e["target"]]) for e in edges}
    if fmt == "dl":
        assert g.es["weight"] == [4, 1]
    elif fmt == "pajek":
        assert [d["weight"] for *_e, d in g.edges(data=True)] == [4, 1]
    else:
        small = encode_id("small units") if fmt == "graphml" else "small units"
        assert g.edges["u-a", small]["weight"] == 4
        assert g.nodes["u-a"]["people"] == 3 and g.nodes["u-a"]["share"] == 0.5
        assert g.nodes["u-a"]["label"] == "PLG-A"
        assert "share" not in g.nodes[small]  # an empty number is left out
        assert "people" not in g.nodes["solo"]


def test_plain_writers_add_nothing(tmp_path):
    """Only the given attributes reach the file: no names, keys or defaults of their own."""
    nodes = [{"id": "X1", "label": "X1"}, {"id": "X2", "label": "X2"}]
    edges = [{"source": "X1", "target": "X2"}]
    for fmt in FORMATS:
        text = write_plain(nodes, edges, fmt)
        assert set(re.findall(r"X\d", text)) == {"X1", "X2"}, fmt
        assert "weight" not in text, fmt
    with pytest.raises(ValueError):
        write_plain(nodes, edges, "svg")
