"""Exports of one wave for Gephi, Pajek, UCINET, igraph and networkx.

=========  ===================  =================================================================
format     file                 person and unit attributes
=========  ===================  =================================================================
graphml    ``.graphml``         node attributes ``label, unit, unit_name, process, level`` (+ extra)
gexf       ``.gexf`` (1.2)      the same, as GEXF node attributes
pajek      ``.net``             labels only (Pajek keeps attributes in partitions):
                                :func:`to_pajek_partition` writes ``.clu`` files for unit,
                                process or level
dl         ``.dl`` (UCINET)     labels; :func:`to_dl_attributes` writes the node-by-attribute
                                matrix UCINET uses for attributes (numeric codes, legend in
                                comments is not supported by UCINET, so codes follow the order
                                of :func:`attribute_codes`)
=========  ===================  =================================================================

Node ids are person ids unless ``ids`` maps them to something else (the web pages pass
pseudonyms when names are hidden); ``labels`` likewise (default: the person's name when known,
else the id). Nothing else about a person is written unless listed in ``extra``.

The four writers themselves (:func:`write_graphml`, :func:`write_gexf`, :func:`write_pajek`,
:func:`write_dl`, or :func:`write`) take plain data: a list of node dicts (``id`` plus
attributes) and of edge dicts (``source``, ``target`` plus attributes such as ``weight`` or
``frequency``). The functions on a wave build those lists; the web pages pass the nodes they
draw (already pseudonymised, or units as nodes), so a download never says more than the page.

Examples
--------
>>> from olievlek.analysis.graph import network_from_edges
>>> net = network_from_edges(["a", "b"], [("a", "b")])
>>> print(to_pajek(net), end="")
*Vertices 2
1 "a"
2 "b"
*Arcs
1 2
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence

import numpy as np

__all__ = [
    "FORMATS",
    "attribute_codes",
    "export",
    "node_attributes",
    "to_dl",
    "to_dl_attributes",
    "to_gexf",
    "to_graphml",
    "to_pajek",
    "to_pajek_partition",
    "write",
    "write_dl",
    "write_gexf",
    "write_graphml",
    "write_pajek",
]

FORMATS = {"graphml": ".graphml", "gexf": ".gexf", "pajek": ".net", "dl": ".dl"}


def node_attributes(
    net,
    *,
    ids: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    extra: Sequence[str] = (),
) -> list[dict]:
    """One dict per person (vertex order): ``id, label, unit, unit_name, process, level`` and
    the ``extra`` columns of ``net.people`` (e.g. organisation, function, sector)."""
    info = net.unit_info
    people = net.people
    rows = []
    for pid in net.ids:
        unit = net.units.get(pid, "")
        if labels is not None:
            label = labels.get(pid, ids.get(pid, pid) if ids else pid)
        elif people is not None and "name" in people.columns and pid in people.index and ids is None:
            label = str(people.at[pid, "name"]) or pid
        else:
            label = ids.get(pid, pid) if ids else pid
        row = {
            "id": ids.get(pid, pid) if ids else pid,
            "label": label,
            "unit": unit,
            "unit_name": str(info.at[unit, "name"]) if unit in info.index else "",
            "process": str(info.at[unit, "process"]) if unit in info.index else "",
            "level": str(info.at[unit, "level"]) if unit in info.index else "",
        }
        for col in extra:
            value = people.at[pid, col] if people is not None and col in people.columns and pid in people.index else ""
            row[col] = "" if value is None else str(value)
        rows.append(row)
    return rows



def _plain(net, **options) -> tuple[list[dict], list[dict]]:
    """The wave as the plain node and edge dicts the writers below take."""
    nodes = node_attributes(net, **options)
    edges = [{"source": nodes[s]["id"], "target": nodes[t]["id"]}
             for s, t in net.edge_array().tolist()]
    return nodes, edges


def to_graphml(net, **options) -> str:
    """GraphML (directed), readable by ``nx.read_graphml`` and igraph."""
    return write_graphml(*_plain(net, **options), name=_graph_name(net))


def to_gexf(net, **options) -> str:
    """GEXF 1.2 (directed, static), readable by Gephi and ``nx.read_gexf``."""
    return write_gexf(*_plain(net, **options), name=_graph_name(net))


def to_pajek(net, *, ids: Mapping[str, str] | None = None, **_ignored) -> str:
    """Pajek ``.net``: vertices numbered from 1 in people order, labelled with the node id."""
    return write_pajek(*_plain(net, ids=ids))


def to_dl(net, *, ids: Mapping[str, str] | None = None, **_ignored) -> str:
    """UCINET DL, ``edgelist1`` format with every person labelled (isolates included)."""
    return write_dl(*_plain(net, ids=ids))


def attribute_codes(net, attribute: str) -> tuple[list[int], list[str]]:
    """Per person a code 1..k for ``unit``, ``process`` or ``level`` (0: none) and the k values."""
    rows = node_attributes(net)
    values = sorted({r[attribute] for r in rows if r[attribute]})
    lookup = {v: i for i, v in enumerate(values, start=1)}
    return [lookup.get(r[attribute], 0) for r in rows], values


def to_pajek_partition(net, attribute: str = "unit") -> str:
    """A Pajek ``.clu`` partition of the people by ``unit``, ``process`` or ``level``.

    Class ``0`` is "none"; class ``i`` is the i-th value in sorted order (listed in a comment).
    """
    codes, values = attribute_codes(net, attribute)
    legend = "".join(f"% {i} = {v}\n" for i, v in enumerate(values, start=1))
    return legend + f"*Vertices {net.n}\n" + "".join(f"{c}\n" for c in codes)


def to_dl_attributes(net, *, ids: Mapping[str, str] | None = None, **_ignored) -> str:
    """UCINET DL node-by-attribute matrix: ``unit, process, level`` codes and in-degree.

    Codes are those of :func:`attribute_codes` (0 for none).
    """
    cols = ["unit", "process", "level"]
    codes = [attribute_codes(net, c)[0] for c in cols]
    indeg = net.graph.indegree() if net.n else []
    lines = [
        f"dl nr={net.n} nc={len(cols) + 1} format=fullmatrix",
        "row labels:",
        ",".join(_quote(ids.get(p, p) if ids else p) for p in net.ids),
        "column labels:",
        ",".join([*cols, "in_degree"]),
        "data:",
    ]
    for i in range(net.n):
        lines.append(" ".join(str(c[i]) for c in codes) + f" {indeg[i]}")
    return "\n".join(lines) + "\n"


def export(net, fmt: str, **options) -> str:
    """The wave in ``fmt`` (one of :data:`FORMATS`) as text; see the module docstring."""
    writers = {"graphml": to_graphml, "gexf": to_gexf, "pajek": to_pajek, "dl": to_dl}
    if fmt not in writers:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    return writers[fmt](net, **options)


def _graph_name(net) -> str:
    return f"wave {net.wave} {net.relation} (frequency >= {net.min_frequency})"


# -- the writers, on plain data -----------------------------------------------------------------
# Nodes are dicts with ``id`` (and ``label``) plus attributes; edges are dicts with ``source`` and
# ``target`` (node ids) plus attributes, ``weight`` (else ``frequency``) being the tie's value in
# GEXF, Pajek and DL. The writers add nothing of their own, so the web pages pass exactly the
# nodes they draw (pseudonyms, or units in aggregate) and a file says no more than the page.


def _typed_keys(items: Sequence[Mapping], skip: tuple[str, ...]) -> list[tuple[str, str]]:
    """Attribute names over all items (first-seen order), each with ``int``, ``double`` or
    ``string`` as its values allow."""
    names: dict[str, None] = {}
    for item in items:
        names.update((k, None) for k in item if k not in skip)
    out = []
    for k in names:
        vals = [v for v in (i.get(k) for i in items) if v is not None and v != ""]
        numbers = [v for v in vals if isinstance(v, (int, float, np.number)) and not isinstance(v, bool)]
        if not vals or len(numbers) < len(vals):
            out.append((k, "string"))
        else:
            out.append((k, "int" if all(isinstance(v, (int, np.integer)) for v in vals) else "double"))
    return out


def _text(value, kind: str) -> str | None:
    """An attribute value as text, or None to leave it out (no value, or an empty number)."""
    if value is None or (value == "" and kind != "string"):
        return None
    return str(value)


def _weight(edge: Mapping):
    return edge.get("weight", edge.get("frequency"))


def write_graphml(nodes: Sequence[Mapping], edges: Sequence[Mapping], *, name: str = "") -> str:
    """GraphML (directed) of plain nodes and edges, every attribute declared with the type its
    values have; readable by ``nx.read_graphml``, igraph and Gephi."""
    nkeys, ekeys = _typed_keys(nodes, ("id",)), _typed_keys(edges, ("source", "target"))
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    for domain, keys in (("node", nkeys), ("edge", ekeys)):
        for k, kind in keys:
            ET.SubElement(root, "key", {"id": f"{domain[0]}_{k}", "for": domain,
                                        "attr.name": k, "attr.type": kind})
    graph = ET.SubElement(root, "graph", id=name or "G", edgedefault="directed")
    for tag, items, keys in (("node", nodes, nkeys), ("edge", edges, ekeys)):
        for i, item in enumerate(items):
            where = ({"id": str(item["id"])} if tag == "node" else
                     {"id": f"e{i}", "source": str(item["source"]), "target": str(item["target"])})
            element = ET.SubElement(graph, tag, where)
            for k, kind in keys:
                if (text := _text(item.get(k), kind)) is not None:
                    ET.SubElement(element, "data", key=f"{tag[0]}_{k}").text = text
    return _xml(root)


def write_gexf(nodes: Sequence[Mapping], edges: Sequence[Mapping], *, name: str = "") -> str:
    """GEXF 1.2 (directed, static) of plain nodes and edges: node attributes other than ``id``
    and ``label`` as GEXF attributes; the edge ``weight`` (else ``frequency``) as its weight."""
    types = {"int": "integer", "double": "double", "string": "string"}
    keys = _typed_keys(nodes, ("id", "label"))
    root = ET.Element("gexf", xmlns="http://www.gexf.net/1.2draft", version="1.2")
    if name:
        ET.SubElement(ET.SubElement(root, "meta"), "description").text = name
    graph = ET.SubElement(root, "graph", mode="static", defaultedgetype="directed")
    attrs = ET.SubElement(graph, "attributes", {"class": "node"})
    for i, (k, kind) in enumerate(keys):
        ET.SubElement(attrs, "attribute", id=str(i), title=k, type=types[kind])
    xnodes = ET.SubElement(graph, "nodes")
    for row in nodes:
        node = ET.SubElement(xnodes, "node", id=str(row["id"]), label=str(row.get("label", row["id"])))
        values = ET.SubElement(node, "attvalues")
        for i, (k, kind) in enumerate(keys):
            if (text := _text(row.get(k), kind)) is not None:
                ET.SubElement(values, "attvalue", {"for": str(i), "value": text})
    xedges = ET.SubElement(graph, "edges")
    for i, row in enumerate(edges):
        edge = ET.SubElement(xedges, "edge", id=str(i), source=str(row["source"]),
                             target=str(row["target"]))
        if _weight(row) is not None:
            edge.set("weight", str(_weight(row)))
    return _xml(root)


def _numbered(nodes: Sequence[Mapping], edges: Sequence[Mapping]) -> list[str]:
    """Each edge as ``"s t"`` or ``"s t weight"``, nodes numbered from 1 in order."""
    number = {str(n["id"]): i for i, n in enumerate(nodes, start=1)}
    out = []
    for e in edges:
        pair = f"{number[str(e['source'])]} {number[str(e['target'])]}"
        out.append(pair if _weight(e) is None else f"{pair} {_weight(e)}")
    return out


def _quote(text) -> str:
    return '"' + str(text).replace('"', "'").replace("\n", " ") + '"'


def write_pajek(nodes: Sequence[Mapping], edges: Sequence[Mapping]) -> str:
    """Pajek ``.net``: vertices numbered from 1 in node order, labelled with the node id;
    arcs with the edge ``weight`` (else ``frequency``) when there is one."""
    lines = [f"*Vertices {len(nodes)}"]
    lines += [f"{i} {_quote(n['id'])}" for i, n in enumerate(nodes, start=1)]
    lines += ["*Arcs", *_numbered(nodes, edges)]
    return "\n".join(lines) + "\n"


def _dl_label(text) -> str:
    # igraph's DL reader keeps quotes as part of a label and splits at spaces and commas, so
    # labels are written bare with those replaced; UCINET reads bare labels too.
    return re.sub(r"[\s,\"']", "_", str(text))


def write_dl(nodes: Sequence[Mapping], edges: Sequence[Mapping]) -> str:
    """UCINET DL, ``edgelist1``, every node labelled with its id (isolates included), a value
    per tie when the edges have a ``weight`` (else ``frequency``).

    ``n`` and ``format`` go on separate lines: UCINET reads that and the one-line header,
    igraph's ``Graph.Read_DL`` only this.
    """
    lines = [f"dl n={len(nodes)}", "format = edgelist1", "labels:",
             ",".join(_dl_label(n["id"]) for n in nodes), "data:", *_numbered(nodes, edges)]
    return "\n".join(lines) + "\n"


def write(nodes: Sequence[Mapping], edges: Sequence[Mapping], fmt: str, *, name: str = "") -> str:
    """Plain nodes and edges in ``fmt`` (one of :data:`FORMATS`) as text."""
    if fmt in ("graphml", "gexf"):
        return (write_graphml if fmt == "graphml" else write_gexf)(nodes, edges, name=name)
    if fmt in ("pajek", "dl"):
        return (write_pajek if fmt == "pajek" else write_dl)(nodes, edges)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def _xml(root) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
