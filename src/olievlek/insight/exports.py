"""Downloads: tables as CSV and XLSX, the drawn graph as GraphML, GEXF, Pajek and UCINET DL.

Pure (no Django). The graph writers take the nodes and edges exactly as the page shows them
(already pseudonymised or aggregated by the caller), so a download can never say more than
the picture. Written here rather than with igraph because igraph cannot write GEXF or DL and
its GraphML writer would need the graph rebuilt with the display references anyway.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from html import escape
from xml.sax.saxutils import quoteattr

GRAPH_FORMATS = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "net": "text/plain",
    "dl": "text/plain",
}


_NUMBER = re.compile(r"[+-]?\d[\d.,]*")


@dataclass
class Table:
    """A table as shown: column headers (translated) and rows of plain values."""

    name: str
    title: str
    columns: list[str]
    rows: list[list]
    note: str = ""

    def html(self) -> str:
        """The table as escaped HTML for the page. Built here rather than in the template:
        template tags per cell cost more than the whole analysis for 300 people."""
        head = "".join(f'<th scope="col">{escape(str(c))}</th>' for c in self.columns)
        body = []
        for row in self.rows:
            cells = []
            for v in row:
                if v is None:
                    cells.append("<td>–</td>")
                elif (isinstance(v, (int, float)) and not isinstance(v, bool)) or (
                        isinstance(v, str) and _NUMBER.fullmatch(v)):
                    cells.append(f'<td class="num">{escape(str(v))}</td>')
                else:
                    cells.append(f"<td>{escape(str(v))}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


@dataclass
class Graph:
    """The drawn network: ``nodes`` are dicts with ``id`` and ``label`` plus attributes;
    ``edges`` are dicts with ``source``, ``target`` plus attributes (e.g. ``weight``)."""

    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)


def safe_cell(value):
    """A value for a spreadsheet cell: text that a spreadsheet would run as a formula (a name
    imported as ``=HYPERLINK(...)``) gets a leading apostrophe; signed numbers such as the
    "+2" of a change column are left alone."""
    if value is None:
        return ""
    risky = isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r")
    if risky and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def table_csv(table: Table) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([safe_cell(str(c)) for c in table.columns])
    writer.writerows([safe_cell(v) for v in row] for row in table.rows)
    return buf.getvalue().encode("utf-8-sig")  # BOM so Excel reads the accents right


def table_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = table.name[:31]
    ws.append([safe_cell(str(c)) for c in table.columns])
    for row in table.rows:
        ws.append([safe_cell(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _attr_keys(items: list[dict], skip: tuple[str, ...]) -> list[str]:
    keys: list[str] = []
    for item in items:
        for k in item:
            if k not in skip and k not in keys:
                keys.append(k)
    return keys


def _kind(values) -> str:
    vals = [v for v in values if v is not None and v != ""]
    if vals and all(isinstance(v, int) and not isinstance(v, bool) for v in vals):
        return "int"
    if vals and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals):
        return "double"
    return "string"


def graphml(graph: Graph) -> bytes:
    nkeys = _attr_keys(graph.nodes, ("id",))
    ekeys = _attr_keys(graph.edges, ("source", "target"))
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">']
    for prefix, keys, items, domain in (("n", nkeys, graph.nodes, "node"),
                                        ("e", ekeys, graph.edges, "edge")):
        for k in keys:
            out.append(f'<key id="{prefix}_{k}" for="{domain}" attr.name={quoteattr(k)} '
                       f'attr.type="{_kind([i.get(k) for i in items])}"/>')
    out.append('<graph edgedefault="directed">')
    for node in graph.nodes:
        out.append(f"<node id={quoteattr(str(node['id']))}>")
        out.extend(f'<data key="n_{k}">{escape(str(node[k]))}</data>' for k in nkeys
                   if node.get(k) not in (None, ""))
        out.append("</node>")
    for edge in graph.edges:
        out.append(f"<edge source={quoteattr(str(edge['source']))} "
                   f"target={quoteattr(str(edge['target']))}>")
        out.extend(f'<data key="e_{k}">{escape(str(edge[k]))}</data>' for k in ekeys
                   if edge.get(k) not in (None, ""))
        out.append("</edge>")
    out.append("</graph></graphml>")
    return "\n".join(out).encode()


def gexf(graph: Graph) -> bytes:
    nkeys = _attr_keys(graph.nodes, ("id", "label"))
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
           '<graph mode="static" defaultedgetype="directed">',
           '<attributes class="node">']
    types = {"int": "integer", "double": "double", "string": "string"}
    for i, k in enumerate(nkeys):
        out.append(f'<attribute id="{i}" title={quoteattr(k)} '
                   f'type="{types[_kind([n.get(k) for n in graph.nodes])]}"/>')
    out.append("</attributes><nodes>")
    for node in graph.nodes:
        out.append(f"<node id={quoteattr(str(node['id']))} "
                   f"label={quoteattr(str(node.get('label', node['id'])))}><attvalues>")
        out.extend(f'<attvalue for="{i}" value={quoteattr(str(node[k]))}/>'
                   for i, k in enumerate(nkeys) if node.get(k) not in (None, ""))
        out.append("</attvalues></node>")
    out.append("</nodes><edges>")
    for i, edge in enumerate(graph.edges):
        weight = edge.get("weight", edge.get("frequency", 1))
        out.append(f'<edge id="{i}" source={quoteattr(str(edge["source"]))} '
                   f'target={quoteattr(str(edge["target"]))} weight="{weight}"/>')
    out.append("</edges></graph></gexf>")
    return "\n".join(out).encode()


def _quoted(text: str) -> str:
    return '"' + str(text).replace('"', "'") + '"'


def pajek(graph: Graph) -> bytes:
    """Pajek .net: numbered vertices with their label, arcs with a weight."""
    number = {str(n["id"]): i + 1 for i, n in enumerate(graph.nodes)}
    out = [f"*Vertices {len(graph.nodes)}"]
    out.extend(f"{number[str(n['id'])]} {_quoted(n['id'])}" for n in graph.nodes)
    out.append("*Arcs")
    for e in graph.edges:
        weight = e.get("weight", e.get("frequency", 1))
        out.append(f"{number[str(e['source'])]} {number[str(e['target'])]} {weight}")
    return ("\r\n".join(out) + "\r\n").encode()


def ucinet_dl(graph: Graph) -> bytes:
    """UCINET DL, edgelist1 with a weight per tie and every node labelled (isolates kept)."""
    number = {str(n["id"]): i + 1 for i, n in enumerate(graph.nodes)}
    labels = ",".join(str(n["id"]).replace(" ", "_").replace(",", "_") for n in graph.nodes)
    out = [f"dl n={len(graph.nodes)}", "format = edgelist1", "labels:", labels, "data:"]
    for e in graph.edges:
        weight = e.get("weight", e.get("frequency", 1))
        out.append(f"{number[str(e['source'])]} {number[str(e['target'])]} {weight}")
    return ("\n".join(out) + "\n").encode()


def graph_bytes(graph: Graph, fmt: str) -> bytes:
    return {"graphml": graphml, "gexf": gexf, "net": pajek, "dl": ucinet_dl}[fmt](graph)
