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

import io
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
]

FORMATS = {"graphml": ".graphml", "gexf": ".gexf", "pajek": ".net", "dl": ".dl"}
UNIT_ATTRIBUTES = ("unit", "unit_name", "process", "level")


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


def _edges(net) -> np.ndarray:
    return net.edge_array()


def to_graphml(net, **options) -> str:
    """GraphML (directed), readable by ``nx.read_graphml`` and igraph."""
    nodes = node_attributes(net, **options)
    keys = [k for k in nodes[0] if k != "id"] if nodes else ["label", *UNIT_ATTRIBUTES]
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    for k in keys:
        ET.SubElement(root, "key", {"id": k, "for": "node", "attr.name": k, "attr.type": "string"})
    graph = ET.SubElement(root, "graph", id=_graph_name(net), edgedefault="directed")
    for row in nodes:
        node = ET.SubElement(graph, "node", id=row["id"])
        for k in keys:
            ET.SubElement(node, "data", key=k).text = row[k]
    for i, (s, t) in enumerate(_edges(net).tolist()):
        ET.SubElement(graph, "edge", id=f"e{i}", source=nodes[s]["id"], target=nodes[t]["id"])
    return _xml(root)


def to_gexf(net, **options) -> str:
    """GEXF 1.2 (directed, static), readable by Gephi and ``nx.read_gexf``."""
    nodes = node_attributes(net, **options)
    keys = [k for k in nodes[0] if k not in ("id", "label")] if nodes else list(UNIT_ATTRIBUTES)
    root = ET.Element("gexf", xmlns="http://www.gexf.net/1.2draft", version="1.2")
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "description").text = _graph_name(net)
    graph = ET.SubElement(root, "graph", mode="static", defaultedgetype="directed")
    attrs = ET.SubElement(graph, "attributes", {"class": "node"})
    for i, k in enumerate(keys):
        ET.SubElement(attrs, "attribute", id=str(i), title=k, type="string")
    xnodes = ET.SubElement(graph, "nodes")
    for row in nodes:
        node = ET.SubElement(xnodes, "node", id=row["id"], label=row["label"])
        values = ET.SubElement(node, "attvalues")
        for i, k in enumerate(keys):
            ET.SubElement(values, "attvalue", {"for": str(i), "value": row[k]})
    xedges = ET.SubElement(graph, "edges")
    for i, (s, t) in enumerate(_edges(net).tolist()):
        ET.SubElement(xedges, "edge", id=str(i), source=nodes[s]["id"], target=nodes[t]["id"])
    return _xml(root)


def _quote(text: str) -> str:
    return '"' + text.replace('"', "'").replace("\n", " ") + '"'


def to_pajek(net, *, ids: Mapping[str, str] | None = None, **_ignored) -> str:
    """Pajek ``.net``: vertices numbered from 1 in people order, labelled with the node id."""
    out = io.StringIO()
    out.write(f"*Vertices {net.n}\n")
    for i, pid in enumerate(net.ids, start=1):
        out.write(f"{i} {_quote(ids.get(pid, pid) if ids else pid)}\n")
    out.write("*Arcs\n")
    for s, t in _edges(net).tolist():
        out.write(f"{s + 1} {t + 1}\n")
    return out.getvalue()


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


def to_dl(net, *, ids: Mapping[str, str] | None = None, **_ignored) -> str:
    """UCINET DL, ``edgelist1`` format with every person labelled (isolates included)."""
    labels = ",".join(_quote(ids.get(p, p) if ids else p) for p in net.ids)
    lines = [f"dl n={net.n} format=edgelist1", "labels:", labels, "data:"]
    lines += [f"{s + 1} {t + 1}" for s, t in _edges(net).tolist()]
    return "\n".join(lines) + "\n"


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


def _xml(root) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
