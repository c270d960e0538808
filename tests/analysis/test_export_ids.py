"""Every export keeps every id and label exactly, or refuses naming the node.

Hostile ids (quotes, spaces, line breaks, unicode, ``<&>``, a leading ``*``, empty-looking)
are written and read back with networkx and igraph; GraphML is validated against the GraphML
1.0 structure schema (tests/data/graphml-1.0-structure.xsd)."""

from __future__ import annotations

import itertools
from pathlib import Path

import igraph as ig
import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from olievlek.analysis.export import ExportError, decode_id, encode_id, write

xmlschema = pytest.importorskip("xmlschema")
SCHEMA = Path(__file__).parent.parent / "data" / "graphml-1.0-structure.xsd"

HOSTILE = ['x"y', "x'y", "a b", "a_b", "line\nbreak", "cr\rlf", "é ü 漢字", "<&>", "*Vertices",
           "*star", " ", "", "  lead", "tab\there", "back\\slash", "_x0041_", "😀", "a,b",
           "%c", "#h", "p1", "-", "'quoted'"]


def hostile_graph(ids):
    nodes = [{"id": i, "label": i} for i in ids]
    edges = [{"source": a, "target": b, "weight": k + 1}
             for k, (a, b) in enumerate(itertools.pairwise(ids))]
    return nodes, edges


def save(tmp_path, text, suffix) -> Path:
    path = tmp_path / f"g{suffix}"
    path.write_bytes(text.encode("utf-8"))
    return path


@given(st.text())
def test_id_encoding_round_trips(text):
    token = encode_id(text)
    assert decode_id(token) == text
    assert token and all(c.isascii() and (c.isalnum() or c in "._-") for c in token)


def test_graphml_is_valid_and_reads_back_exactly(tmp_path):
    nodes, edges = hostile_graph(HOSTILE)
    text = write(nodes, edges, "graphml", name="wave 2024 advice (frequency >= 2)")
    xmlschema.XMLSchema(str(SCHEMA)).validate(text)  # raises with the reason when invalid
    path = save(tmp_path, text, ".graphml")
    g = nx.read_graphml(path)
    assert [decode_id(n) for n in g.nodes] == HOSTILE
    assert [g.nodes[n]["label"] for n in g.nodes] == HOSTILE  # labels as they are
    assert {(decode_id(a), decode_id(b)) for a, b in g.edges} == {
        (e["source"], e["target"]) for e in edges}
    assert g.graph["name"] == "wave 2024 advice (frequency >= 2)"
    h = ig.Graph.Read_GraphML(str(path))
    assert [decode_id(v) for v in h.vs["id"]] == HOSTILE
    assert h.vs["label"] == HOSTILE


def test_graphml_schema_catches_what_used_to_be_written():
    """The test has teeth: a graph id with spaces (the old output) is not GraphML 1.0."""
    old = ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph id="wave 2024 advice" '
           'edgedefault="directed"><node id="a b"/></graph></graphml>')
    assert not xmlschema.XMLSchema(str(SCHEMA)).is_valid(old)


def test_gexf_reads_back_exactly(tmp_path):
    nodes, edges = hostile_graph(HOSTILE)
    g = nx.read_gexf(save(tmp_path, write(nodes, edges, "gexf"), ".gexf"))
    assert list(g.nodes) == HOSTILE
    assert [g.nodes[n]["label"] for n in g.nodes] == HOSTILE
    assert set(g.edges) == {(e["source"], e["target"]) for e in edges}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_refuses_control_characters(fmt):
    nodes, edges = hostile_graph(["ok", "bell\x07"])
    with pytest.raises(ExportError, match="bell"):
        write(nodes, edges, fmt)


PAJEK_REFUSED = {'x"y': "double quote", "line\nbreak": "line break", "cr\rlf": "line break",
                 "end\\": "backslash", "two\\\\": "backslash"}


def test_pajek_reads_back_exactly_with_networkx_and_igraph(tmp_path):
    ids = [i for i in HOSTILE if i not in PAJEK_REFUSED]
    nodes, edges = hostile_graph(ids)
    path = save(tmp_path, write(nodes, edges, "pajek"), ".net")
    g = nx.read_pajek(path)
    assert list(g.nodes) == ids
    assert {(a, b) for a, b, _k in g.edges} == {(e["source"], e["target"]) for e in edges}
    h = ig.Graph.Read_Pajek(str(path))
    assert h.vs["name"] == ids
    assert h.es["weight"] == [e["weight"] for e in edges]


@pytest.mark.parametrize("bad", list(PAJEK_REFUSED))
def test_pajek_refuses_what_it_cannot_carry(bad):
    nodes, edges = hostile_graph(["p1", bad])
    with pytest.raises(ExportError, match=PAJEK_REFUSED[bad]) as caught:
        write(nodes, edges, "pajek")
    assert repr(bad) in str(caught.value)  # names the node


def test_quotes_no_longer_collide_in_pajek():
    """x"y used to be written x'y: now x'y is kept and x"y refused, never merged."""
    assert '"x\'y"' in write([{"id": "x'y"}], [], "pajek")
    with pytest.raises(ExportError):
        write([{"id": 'x"y'}, {"id": "x'y"}], [], "pajek")


DL_BARE = [i for i in HOSTILE if i and not any(c in i for c in " \t\n\r,") and i[0] not in "\"'"]


def test_dl_reads_back_exactly_with_igraph(tmp_path):
    nodes, edges = hostile_graph(DL_BARE)
    h = ig.Graph.Read_DL(str(save(tmp_path, write(nodes, edges, "dl"), ".dl")), directed=True)
    assert h.vs["name"] == DL_BARE
    names = h.vs["name"]
    assert {(names[s], names[t]) for s, t in h.get_edgelist()} == {
        (e["source"], e["target"]) for e in edges}


def test_dl_quotes_labels_with_spaces_and_commas_as_ucinet_reads_them():
    """a b and a_b used to be the same label; UCINET reads quoted labels with spaces."""
    text = write([{"id": "a b"}, {"id": "a_b"}, {"id": "a,b"}, {"id": " "}], [], "dl")
    assert text.splitlines()[3] == '"a b",a_b,"a,b"," "'


@pytest.mark.parametrize("bad", ["", "line\nbreak", 'say "hi"', "'quoted\""])
def test_dl_refuses_what_it_cannot_carry(bad):
    with pytest.raises(ExportError) as caught:
        write([{"id": "p1"}, {"id": bad}], [], "dl")
    assert repr(bad) in str(caught.value)


@pytest.mark.parametrize("fmt", ["pajek", "dl"])
def test_equal_labels_stay_apart(tmp_path, fmt):
    nodes = [{"id": "p1", "label": "Jan Jansen"}, {"id": "p2", "label": "Jan Jansen"},
             {"id": "p3", "label": "Els"}]
    text = write(nodes, [{"source": "p1", "target": "p2"}], fmt)
    assert '"Jan Jansen (p1)"' in text and '"Jan Jansen (p2)"' in text
    if fmt == "pajek":
        assert list(nx.read_pajek(save(tmp_path, text, ".net")).nodes) == [
            "Jan Jansen (p1)", "Jan Jansen (p2)", "Els"]
