"""The pictures and tables say what the data says: nodes, ties, layout, figures, files."""

from __future__ import annotations

import csv
import io
import re

import igraph as ig
import networkx as nx
import pytest
from openpyxl import load_workbook

from olievlek.insight import layout
from olievlek.insight.exports import Graph, gexf, graph_bytes, graphml, pajek, ucinet_dl
from olievlek.insight.pages import group_matrix
from olievlek.insight.svg import to_png
from olievlek.surveys.models import Tie

SOCIOGRAM = "/networks/testnet/waves/{}/sociogram/"


def drawn(body: str) -> tuple[list[str], set[tuple[str, str]]]:
    people = re.findall(r'data-person="([^"]+)"', body)
    ties = set(re.findall(r'<line class="tie[^"]*"[^>]*data-source="([^"]+)" data-target="([^"]+)"',
                          body))
    return people, ties


def positions(body: str) -> dict[str, tuple[float, float]]:
    return {p: (float(x), float(y)) for p, x, y in re.findall(
        r'data-person="([^"]+)"[^>]*transform="translate\(([\d.]+),([\d.]+)\)"', body)}


@pytest.mark.django_db
@pytest.mark.parametrize("wave,relation,min_frequency", [
    ("2024", "advice", 2), ("2024", "advice", 4), ("2025", "advice", 1),
    ("2024", "motivation", 1), ("2025", "motivation", 1),
])
def test_sociogram_draws_the_ties_of_the_data(users, client_for, network, wave, relation,
                                              min_frequency):
    body = client_for(users["alice"]).get(
        SOCIOGRAM.format(wave) + f"?relation={relation}&min_frequency={min_frequency}"
    ).content.decode()
    people, ties = drawn(body)
    expected = set(Tie.objects.filter(wave__network=network, wave__label=wave, relation=relation,
                                      frequency__gte=min_frequency)
                   .values_list("source__key", "target__key"))
    assert ties == expected
    # Everyone with a response or a tie in the wave: p4 left after 2024, p5 joined in 2025.
    assert sorted(people) == (["p1", "p2", "p3", "p4", "p6"] if wave == "2024"
                              else ["p1", "p2", "p3", "p5", "p6"])


@pytest.mark.django_db
def test_unit_filter_colour_and_size(users, client_for, network):
    client = client_for(users["alice"])
    body = client.get(SOCIOGRAM.format("2024") + "?unit=u-a").content.decode()
    people, ties = drawn(body)
    assert sorted(people) == ["p2", "p3", "p4"]  # p2 is a member of PLG A too
    assert ties == {("p3", "p2"), ("p4", "p2")}
    # Filtering the parent unit takes its sub-units along.
    assert len(drawn(client.get(SOCIOGRAM.format("2024") + "?unit=u-stuur").content.decode())[0]) == 4
    legend = re.findall(r'<g class="legend">(.*?)</g>',
                        client.get(SOCIOGRAM.format("2024") + "?colour=process").content.decode(),
                        re.DOTALL)[0]
    assert "coordination" in legend or "coördinatie" in legend
    big = client.get(SOCIOGRAM.format("2024") + "?size=betweenness").content.decode()
    radius = dict(re.findall(r'data-person="(p\d)".*?<circle r="([\d.]+)"', big))
    assert float(radius["p2"]) > float(radius["p1"])  # p2 is the only one in between


@pytest.mark.django_db
def test_people_keep_their_place_between_waves(users, client_for, network):
    client = client_for(users["alice"])
    a = positions(client.get(SOCIOGRAM.format("2024")).content.decode())
    b = positions(client.get(SOCIOGRAM.format("2025")).content.decode())
    again = positions(client.get(SOCIOGRAM.format("2024")).content.decode())
    assert a == again
    for person in ("p1", "p2", "p3"):  # tied in both waves
        assert a[person] == b[person]


def test_layout_is_stable_and_order_free():
    rng = __import__("random").Random(3)
    ids = list(range(60))
    edges = [(rng.randrange(60), rng.randrange(60)) for _ in range(120)]
    first = layout.layout(ids, edges)
    shuffled = list(edges)
    rng.shuffle(shuffled)
    assert layout.layout(list(reversed(ids)), [(b, a) for a, b in shuffled]) == first
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in first.values())
    # Isolates are left to the picture's strip.
    assert set(first) == {v for e in edges for v in e if e[0] != e[1]}


@pytest.mark.django_db
def test_change_page_marks_kept_new_and_lost(users, client_for, network):
    body = client_for(users["alice"]).get("/networks/testnet/change/?from=2024&to=2025").content.decode()
    kinds = set(re.findall(r'data-kind="(\w+)" data-source="(p\d)" data-target="(p\d)"', body))
    assert ("kept", "p2", "p1") in kinds and ("kept", "p3", "p2") in kinds
    assert ("lost", "p4", "p2") in kinds and ("new", "p5", "p1") in kinds
    assert "#1b9e3e" in body and "#c62828" in body  # joined (p5) and left (p4) rings


@pytest.mark.django_db
def test_tables_download_as_csv_and_xlsx(users, client_for, network):
    client = client_for(users["alice"])
    base = "/networks/testnet/waves/2024/leadership/"
    rows = list(csv.reader(io.StringIO(client.get(base + "units.csv").content.decode("utf-8-sig"))))
    wb = load_workbook(io.BytesIO(client.get(base + "units.xlsx").content))
    assert [list(r) for r in wb.active.iter_rows(values_only=True)] == [
        [c if i == 0 or j == 0 else int(c) for j, c in enumerate(r)] for i, r in enumerate(rows)]
    header, *body = rows
    matrix = {r[0]: dict(zip(header[1:], map(int, r[1:]))) for r in body}
    assert matrix["PLG A"]["Stuurgroep"] == 2  # p3 -> p2 and p4 -> p2 (p2's primary: stuurgroep)
    assert matrix["Stuurgroep"]["Stuurgroep"] == 1


@pytest.mark.django_db
def test_figures_table_has_every_wave_and_an_explanation(users, client_for, network):
    response = client_for(users["bob"]).get("/networks/testnet/figures/figures.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][1:3] == ["2024", "2025"] and len(rows[0]) == 4
    density = next(r for r in rows if r[0] in ("density", "dichtheid"))
    assert density[1] == "0.150"  # 3 ties among 5 people: 3 / 20
    assert all(r[3] for r in rows[1:])


def read_graph_file(path, fmt):
    """(node ids in file order, edges) as networkx, or igraph for DL, reads them."""
    if fmt == "dl":
        g = ig.Graph.Read_DL(str(path), directed=True)
        names = g.vs["name"]
        return names, {(names[s], names[t]) for s, t in g.get_edgelist()}
    g = {"graphml": nx.read_graphml, "gexf": nx.read_gexf, "net": nx.read_pajek}[fmt](path)
    return list(g.nodes), {(u, v) for u, v, *_ in g.edges}


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["graphml", "gexf", "net", "dl"])
def test_graph_files_read_back(users, client_for, network, tmp_path, fmt):
    client = client_for(users["bob"])  # pseudonyms
    pseudonym = dict(network.people.values_list("key", "pseudonym"))
    path = tmp_path / f"w.{fmt}"
    path.write_bytes(client.get(f"/networks/testnet/waves/2024/export.{fmt}").content)
    nodes, edges = read_graph_file(path, fmt)
    page = client.get(SOCIOGRAM.format(2024)).content.decode()
    assert nodes == sorted(re.findall(r'data-person="([^"]+)"', page))  # as drawn, 5 people
    assert len(nodes) == 5
    assert edges == {(pseudonym["p2"], pseudonym["p1"]), (pseudonym["p3"], pseudonym["p2"]),
                     (pseudonym["p4"], pseudonym["p2"])}


@pytest.mark.django_db
def test_graph_file_attributes_are_what_the_page_shows(users, client_for, network, tmp_path):
    client = client_for(users["bob"])  # pseudonyms
    pseudonym = dict(network.people.values_list("key", "pseudonym"))
    path = tmp_path / "w.graphml"
    path.write_bytes(client.get("/networks/testnet/waves/2024/export.graphml").content)
    g = nx.read_graphml(path)
    p2 = g.nodes[pseudonym["p2"]]
    assert p2["label"] == pseudonym["p2"] and p2["in_degree"] == 2
    assert (p2["unit"], p2["unit_name"], p2["process"]) == ("u-stuur", "Stuurgroep", "coordinatie")
    assert "organisation" not in p2  # shown (as a colouring) to researchers only
    assert g.edges[pseudonym["p3"], pseudonym["p2"]]["frequency"] >= 2


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "net", "dl"])
def test_display_graph_writers_read_back(tmp_path, fmt):
    """Units as nodes (aggregate): display references as ids, weights kept."""
    graph = Graph([{"id": "u-a", "label": "PLG A", "people": 3}, {"id": "u-b", "label": "PLG B"},
                   {"id": "small-units", "label": "Smaller units together"}],
                  [{"source": "u-a", "target": "u-b", "weight": 4}])
    writer = {"graphml": graphml, "gexf": gexf, "net": pajek, "dl": ucinet_dl}[fmt]
    assert writer(graph) == graph_bytes(graph, fmt)
    (tmp_path / f"g.{fmt}").write_bytes(writer(graph))
    if fmt == "dl":  # labels with spaces are quoted, as UCINET reads them (igraph cannot)
        assert writer(graph).decode().splitlines()[3] == (
            '"PLG A","PLG B","Smaller units together"')
        return
    nodes, edges = read_graph_file(tmp_path / f"g.{fmt}", fmt)
    if fmt == "net":  # Pajek carries the labels
        assert nodes == ["PLG A", "PLG B", "Smaller units together"]
        assert edges == {("PLG A", "PLG B")}
        return
    assert nodes == ["u-a", "u-b", "small-units"] and edges == {("u-a", "u-b")}
    if fmt == "gexf":
        read = nx.read_gexf(tmp_path / "g.gexf")
        assert read.nodes["u-a"]["label"] == "PLG A" and read.edges["u-a", "u-b"]["weight"] == 4


@pytest.mark.django_db
def test_png_is_rendered_server_side(users, client_for, network):
    response = client_for(users["alice"]).get("/networks/testnet/waves/2024/sociogram/sociogram.png")
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
    svg = client_for(users["alice"]).get("/networks/testnet/waves/2024/sociogram/sociogram.svg")
    svg_width = int(re.search(r'width="(\d+)"', svg.content.decode()).group(1))
    assert int.from_bytes(response.content[16:20], "big") == 2 * svg_width  # twice the SVG size
    assert to_png('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2"/>',
                  scale=1)[16:24] == (4).to_bytes(4, "big") + (2).to_bytes(4, "big")


def test_group_matrix_hand_case():
    from olievlek.analysis.graph import network_from_edges

    net = network_from_edges(["a", "b", "c", "d", "e"], [("a", "b"), ("c", "d"), ("d", "c")],
                             units={"a": "x", "b": "x", "c": "y", "d": "z", "e": "w"})
    assert group_matrix(net, net.units, ["x", "y", "z"]).tolist() == [
        [1, 0, 0], [0, 0, 1], [0, 1, 0]]
    # Merged groups (aggregate): people outside the listed groups are left out.
    assert group_matrix(net, {"a": "g", "b": "g", "c": "g"}, ["g"]).tolist() == [[1]]


@pytest.mark.django_db
def test_png_is_the_svg_the_viewer_may_see(users, client_for, network):
    client = client_for(users["bob"])  # pseudonyms
    base = "/networks/testnet/waves/2025/islands/islands."
    svg = client.get(base + "svg").content.decode()
    assert "Aardeweg" not in svg
    assert client.get(base + "png").content == to_png(svg)


def test_spreadsheet_cells_never_run_as_formulas():
    from olievlek.insight.exports import Table, table_csv, table_xlsx

    table = Table("t", "t", ["person", "change"], [["=HYPERLINK(\"x\")", "+2"], ["@SUM(A1)", -0.5]])
    assert table_csv(table).decode("utf-8-sig").splitlines()[1:] == [
        '"\'=HYPERLINK(""x"")",+2', "'@SUM(A1),-0.5"]
    ws = load_workbook(io.BytesIO(table_xlsx(table))).active
    assert [c.data_type for c in ws[2]] == ["s", "s"] and ws["A2"].value.startswith("'=")


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["waves/2025/sociogram/", "waves/2025/leadership/",
                                  "waves/2025/islands/", "change/", "figures/"])
def test_queries_do_not_grow_with_the_network(users, client_for, network, page):
    """The same number of queries for 6 people as for 40: nothing is fetched per person."""
    from bench.insight import synthetic_package
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from olievlek.networks.actions import import_package

    import_package(synthetic_package(40), actor="test")
    client = client_for(users["alice"])
    counts = []
    for slug in ("testnet", "synthetic-40"):
        client.get(f"/networks/{slug}/{page}")  # the layout is cached after the first request
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/networks/{slug}/{page}").status_code == 200
        counts.append(len(queries))
    # The bound: a handful of queries per wave drawn, plus the layout cache, which is a
    # database table by default (the cache shared between server processes), and the waves
    # with their response counts (4 queries) and each wave's people (roster, responses).
    assert counts[0] == counts[1] and counts[0] <= 30, "\n".join(
        q["sql"][:100] for q in queries.captured_queries)


@pytest.mark.django_db
def test_an_empty_wave_says_it_is_in_progress(users, client_for, network):
    network.waves.create(label="2026")
    client = client_for(users["alice"])
    for url in ("waves/2026/sociogram/", "waves/2026/leadership/", "waves/2026/islands/",
                "change/?from=2025&to=2026"):
        body = client.get(f"/networks/testnet/{url}").content.decode()
        assert "data-in-progress" in body and "<svg" not in body, url
    assert "2026" not in client.get("/networks/testnet/figures/").content.decode().split(
        "<table")[1].split("</thead>")[0]  # the figures have a column per finished wave only
    # Nothing to download from a wave without results.
    for url in ("waves/2026/sociogram/sociogram.png", "waves/2026/export.graphml",
                "waves/2026/islands/departures.xlsx"):
        assert client.get(f"/networks/testnet/{url}").status_code == 404, url
    network.waves.filter(label="2026").update(coordinator_visibility="aggregate")
    for url in ("waves/2026/sociogram/", "waves/2026/leadership/", "waves/2026/islands/"):
        assert client_for(users["bob"]).get(f"/networks/testnet/{url}").status_code == 200, url


@pytest.mark.django_db
def test_core_and_periphery_by_process(users, client_for, network):
    """2024: p1 and p2 (stuurgroep) are named by the PLG A teachers: the core is the steering
    group, the practice team is the periphery."""
    response = client_for(users["alice"]).get("/networks/testnet/waves/2024/leadership/core.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    assert [r[:3] for r in rows] == [["coördinatie", "2", "2"], ["praktijk", "2", "0"]]


def test_equal_parts_are_numbered_by_pseudonym_not_by_package_id():
    from types import SimpleNamespace

    from olievlek.accounts.access import Viewer
    from olievlek.insight.data import PersonRow, WaveData
    from olievlek.insight.reports import Options, Scope

    people = [PersonRow(i, key, key.upper(), pseudonym, "", "", "") for i, key, pseudonym in
              ((1, "a", "z-1"), (2, "b", "z-2"), (3, "c", "y-1"), (4, "d", "y-2"))]
    data = WaveData(network=SimpleNamespace(pk=1), wave=SimpleNamespace(label="w"),
                    people=people, ties=[(1, 2, "advice", 3), (3, 4, "advice", 3)],
                    units={}, primary_unit={})
    coordinator = Viewer(username="c", role="coordinator", network_id=1)
    scope = Scope(coordinator, "pseudonyms", data, Options())
    assert scope.component_numbers() == {"c": 1, "d": 1, "a": 2, "b": 2}
    researcher = Scope(Viewer(username="r", role="researcher"), "names", data, Options())
    assert researcher.component_numbers() == {"a": 1, "b": 1, "c": 2, "d": 2}


@pytest.mark.django_db
def test_leadership_page_reports_the_fit_of_the_split(users, client_for, network):
    """The page says how well the split fits: the library's phi, exact for a small wave."""
    from olievlek.analysis.coreperiphery import core_periphery
    from olievlek.insight.data import load_wave
    from olievlek.surveys.models import Wave

    page = client_for(users["alice"]).get("/networks/testnet/waves/2024/leadership/")
    html = page.content.decode()
    net = load_wave(Wave.objects.get(network=network, label="2024")).network_for("advice", 2)
    result = core_periphery(net)
    assert result.exact
    assert re.search(r"<dt>(fit of the core/periphery split|fit van de kern/periferie-indeling)"
                     rf"</dt><dd>{result.split_fit:.3f}</dd>", html)
