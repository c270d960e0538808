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

Every id and label is kept exactly, or the export is refused with an :class:`ExportError`
naming the node (never a silent change that could make two people one):

- GraphML: the schema makes node ids ``NMTOKEN`` (letters, digits, ``.``, ``-``, ``_``), so
  any other character is written ``_xHHHH_`` (its code point, the XML-name convention; a ``_``
  before an ``x`` is escaped itself). :func:`decode_id` turns it back; ids
  made of those characters only (``p1``, ``P-001``) are written as they are. The graph's id is
  ``G`` and its name a graph attribute ``name``.
- GraphML and GEXF: text XML 1.0 cannot hold (control characters other than tab and line
  breaks) is refused; a carriage return is written ``&#13;`` so parsers keep it.
- Pajek and DL carry one string per vertex: the label (a name only where the viewer may see
  names). Labels shared by several nodes get `` (id)`` added, so every vertex stays apart.
  Pajek: a label is quoted; ``"`` and line breaks cannot be written (Pajek has no escape), nor
  a backslash before another backslash or at the end (networkx reads those as escapes).
  DL: labels without spaces, commas and leading quotes are written bare (UCINET and igraph
  read them back exactly); others are quoted as UCINET reads them (igraph's reader splits
  them at spaces); a label with a line break, or needing quotes and holding a ``"``, is
  refused.

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
    "ExportError",
    "attribute_codes",
    "decode_id",
    "encode_id",
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


class ExportError(ValueError):
    """A node's id or label holds something the format cannot carry; the message names it."""


_NMTOKEN_SAFE = re.compile(r"[A-Za-z0-9.\-]")
_ESCAPE = re.compile(r"_x([0-9A-F]{4,6})_")
# XML 1.0 characters (tab, line feed, carriage return and everything from space on, minus the
# surrogates and U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def encode_id(text) -> str:
    """An id as a GraphML ``NMTOKEN``: characters other than ASCII letters, digits, ``.``
    and ``-`` become ``_xHHHH_`` (``_`` stays, unless an ``x`` follows it).

    >>> encode_id("p1"), encode_id("a b"), encode_id("x_y"), encode_id("_x0041_")
    ('p1', 'a_x0020_b', 'x_y', '_x005F_x0041_')
    """
    text = str(text)
    out = []
    for i, ch in enumerate(text):
        # A "_" before an "x" is escaped itself, so every "_x" in the result starts an escape.
        if _NMTOKEN_SAFE.fullmatch(ch) or (ch == "_" and text[i + 1: i + 2] != "x"):
            out.append(ch)
        else:
            out.append(f"_x{ord(ch):04X}_")
    return "".join(out) or "_x_"  # (an empty id: NMTOKEN needs one character)


def decode_id(token: str) -> str:
    """The id :func:`encode_id` wrote.

    >>> decode_id("a_x0020_b") == "a b" and decode_id("_x005F_x0041_") == "_x0041_"
    True
    """
    if token == "_x_":
        return ""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), token)


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


def to_pajek(net, *, ids: Mapping[str, str] | None = None,
             labels: Mapping[str, str] | None = None, **_ignored) -> str:
    """Pajek ``.net``: vertices numbered from 1 in people order, labelled with the label (the
    name when known, unless ``ids``/``labels`` replace it)."""
    return write_pajek(*_plain(net, ids=ids, labels=labels))


def to_dl(net, *, ids: Mapping[str, str] | None = None,
          labels: Mapping[str, str] | None = None, **_ignored) -> str:
    """UCINET DL, ``edgelist1`` format with every person labelled (isolates included)."""
    return write_dl(*_plain(net, ids=ids, labels=labels))


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
        ",".join(_dl_label(str(ids.get(p, p) if ids else p), {"id": p}) for p in net.ids),
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
    values have; valid against the GraphML 1.0 schema and readable by ``nx.read_graphml``,
    igraph and Gephi. Node ids go through :func:`encode_id`."""
    nkeys, ekeys = _typed_keys(nodes, ("id",)), _typed_keys(edges, ("source", "target"))
    _check_xml(nodes, edges)
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    key_id: dict[tuple[str, str], str] = {}
    for domain, keys in (("node", nkeys), ("edge", ekeys)):
        for k, kind in keys:
            key_id[domain, k] = f"{domain[0]}{len(key_id)}"
            ET.SubElement(root, "key", {"id": key_id[domain, k], "for": domain,
                                        "attr.name": encode_id(k), "attr.type": kind})
    if name:
        ET.SubElement(root, "key", {"id": "g_name", "for": "graph", "attr.name": "name",
                                    "attr.type": "string"})
    # The graph id is an NMTOKEN too: the readable name goes into a graph attribute.
    graph = ET.SubElement(root, "graph", id="G", edgedefault="directed")
    if name:
        ET.SubElement(graph, "data", key="g_name").text = name
    for tag, items, keys in (("node", nodes, nkeys), ("edge", edges, ekeys)):
        for i, item in enumerate(items):
            where = ({"id": encode_id(item["id"])} if tag == "node" else
                     {"id": f"e{i}", "source": encode_id(item["source"]),
                      "target": encode_id(item["target"])})
            element = ET.SubElement(graph, tag, where)
            for k, kind in keys:
                if (text := _text(item.get(k), kind)) is not None:
                    ET.SubElement(element, "data", key=key_id[tag, k]).text = text
    return _xml(root)


def _check_xml(nodes: Sequence[Mapping], edges: Sequence[Mapping]) -> None:
    """Refuse text XML 1.0 cannot hold, naming the node (or edge) it belongs to."""
    for kind, items in (("node", nodes), ("edge", edges)):
        for item in items:
            for key, value in item.items():
                if value is not None and _NOT_XML.search(str(value)):
                    where = (repr(item.get("id")) if kind == "node"
                             else f"{item.get('source')!r} -> {item.get('target')!r}")
                    raise ExportError(f"{kind} {where}: {key} holds a control character that "
                                      "XML (GraphML, GEXF) cannot carry")


def write_gexf(nodes: Sequence[Mapping], edges: Sequence[Mapping], *, name: str = "") -> str:
    """GEXF 1.2 (directed, static) of plain nodes and edges: node attributes other than ``id``
    and ``label`` as GEXF attributes; the edge ``weight`` (else ``frequency``) as its weight."""
    types = {"int": "integer", "double": "double", "string": "string"}
    keys = _typed_keys(nodes, ("id", "label"))
    _check_xml(nodes, edges)
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


def _labels(nodes: Sequence[Mapping]) -> list[str]:
    """Each node's label (else its id); a label shared by several nodes gets `` (id)`` so the
    vertices stay apart in readers that key vertices by label (networkx's Pajek reader)."""
    labels = [str(n.get("label", n["id"])) for n in nodes]
    seen: dict[str, int] = {}
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
    return [f"{lab} ({n['id']})" if seen[lab] > 1 else lab for lab, n in zip(labels, nodes)]


def _pajek_label(label: str, node) -> str:
    problem = ('a double quote (")' if '"' in label else
               "a line break" if re.search(r"[\n\r]", label) else
               "a backslash before a backslash or at the end" if re.search(r"\\(\\|$)", label)
               else "")
    if problem:
        raise ExportError(f"node {node['id']!r}: Pajek cannot carry {problem} in the label "
                          f"{label!r}; use GraphML or GEXF")
    return f'"{label}"'


def write_pajek(nodes: Sequence[Mapping], edges: Sequence[Mapping]) -> str:
    """Pajek ``.net``: vertices numbered from 1 in node order, labelled with the node label
    (else its id); arcs with the edge ``weight`` (else ``frequency``) when there is one."""
    lines = [f"*Vertices {len(nodes)}"]
    lines += [f"{i} {_pajek_label(label, n)}"
              for i, (n, label) in enumerate(zip(nodes, _labels(nodes)), start=1)]
    lines += ["*Arcs", *_numbered(nodes, edges)]
    return "\n".join(lines) + "\n"


def _dl_label(label: str, node) -> str:
    # igraph's DL reader splits labels at spaces and commas and keeps quotes as they are;
    # UCINET reads the same bare labels, and quoted ones with spaces or commas.
    if label and not re.search(r"[\s,]", label) and label[0] not in "\"'":
        return label
    if label and '"' not in label and not re.search(r"[\n\r]", label):
        return f'"{label}"'
    problem = "an empty label" if not label else "a line break" if re.search(
        r"[\n\r]", label) else 'a double quote (") in a label that needs quotes'
    raise ExportError(f"node {node['id']!r}: UCINET DL cannot carry {problem} ({label!r}); "
                      "use GraphML or GEXF")


def write_dl(nodes: Sequence[Mapping], edges: Sequence[Mapping]) -> str:
    """UCINET DL, ``edgelist1``, every node labelled with its label (else its id; isolates
    included), a value per tie when the edges have a ``weight`` (else ``frequency``).

    ``n`` and ``format`` go on separate lines: UCINET reads that and the one-line header,
    igraph's ``Graph.Read_DL`` only this.
    """
    labels = [_dl_label(label, n) for n, label in zip(nodes, _labels(nodes))]
    lines = [f"dl n={len(nodes)}", "format = edgelist1", "labels:", ",".join(labels), "data:",
             *_numbered(nodes, edges)]
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
    text = ET.tostring(root, encoding="unicode")
    # ElementTree escapes a carriage return in attributes but not in text, where a parser
    # would turn it into a line feed; raw ones can only be in text.
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text.replace("\r", "&#13;") + "\n"
