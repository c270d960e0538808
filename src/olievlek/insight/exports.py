"""Downloads: tables as CSV and XLSX, the drawn graph as GraphML, GEXF, Pajek and UCINET DL.

Pure (no Django). The graph files are written by the analysis library's writers on plain data
(:func:`olievlek.analysis.export.write`), from the nodes and edges exactly as the page shows
them (already pseudonymised or aggregated by the caller), so a download can never say more
than the picture.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from olievlek.analysis.export import write
from olievlek.spreadsheet import NUMBER, csv_bytes, xlsx_bytes

GRAPH_FORMATS = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "net": "text/plain",
    "dl": "text/plain",
}




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
                        isinstance(v, str) and NUMBER.fullmatch(v)):
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


def table_csv(table: Table) -> bytes:
    return csv_bytes(table.columns, table.rows, bom=True)


def table_xlsx(table: Table) -> bytes:
    return xlsx_bytes([(table.name, table.columns, table.rows)])


# URL extension -> the analysis library's format name.
_FORMAT = {"graphml": "graphml", "gexf": "gexf", "net": "pajek", "dl": "dl"}


def graph_bytes(graph: Graph, fmt: str) -> bytes:
    """The drawn graph as a file in ``fmt`` (a key of :data:`GRAPH_FORMATS`)."""
    return write(graph.nodes, graph.edges, _FORMAT[fmt]).encode()


def graphml(graph: Graph) -> bytes:
    return graph_bytes(graph, "graphml")


def gexf(graph: Graph) -> bytes:
    return graph_bytes(graph, "gexf")


def pajek(graph: Graph) -> bytes:
    return graph_bytes(graph, "net")


def ucinet_dl(graph: Graph) -> bytes:
    return graph_bytes(graph, "dl")
