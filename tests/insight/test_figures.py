"""Figures a researcher can publish: labels that do not overlap, a legend for colour and
size, non-respondents marked, and a caption in every exported picture."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from olievlek.insight.svg import CHAR, Edge, Node, add_caption, sociogram

SOCIOGRAM = "/networks/testnet/waves/{}/sociogram/"


def crowd(n=70, seed=1):
    rng = np.random.default_rng(seed)
    nodes = [Node(ref=f"p{i:02d}", label=f"Persoon met naam {i:02d}",
                  pos=(float(rng.random()), float(rng.random())),
                  radius=4.5 + 9 * math.sqrt(rng.random())) for i in range(n)]
    edges = [Edge(f"p{a:02d}", f"p{b:02d}") for a, b in rng.integers(0, n, (150, 2)) if a != b]
    return nodes, edges


def label_boxes(svg):
    """Every written label's box in picture coordinates (from its node's translate)."""
    boxes = []
    for g in re.findall(r'<g class="node labelled".*?</g>', svg, re.DOTALL):
        x, y = map(float, re.search(r"translate\(([\d.-]+),([\d.-]+)\)", g).groups())
        t = re.search(r'<text x="([\d.-]+)" y="([\d.-]+)"( text-anchor="(\w+)")?[^>]*>([^<]*)<', g)
        lx, ly, anchor, text = float(t[1]) + x, float(t[2]) + y, t[4] or "start", t[5]
        w = CHAR * len(text)
        left = lx if anchor == "start" else lx - w if anchor == "end" else lx - w / 2
        boxes.append((left, ly - 11, left + w, ly + 1))
    return boxes


def circles(svg):
    out = []
    for g in re.findall(r'<g class="node[^"]*".*?</g>', svg, re.DOTALL):
        x, y = map(float, re.search(r"translate\(([\d.-]+),([\d.-]+)\)", g).groups())
        r = float(re.search(r'<circle r="([\d.]+)"', g)[1])
        out.append((x, y, r))
    return out


def test_labels_of_a_crowded_sociogram_never_overlap():
    nodes, edges = crowd()
    svg = sociogram(nodes, edges, title="t").svg
    boxes = label_boxes(svg)
    assert len(boxes) >= 20  # many are written ...
    for i, a in enumerate(boxes):  # ... and no two cover each other
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5
                        and b[1] < a[3] - 0.5), (a, b)
    # Nor does a label cover another person's node.
    for (x0, y0, x1, y1) in boxes:
        inside = [(x, y, r) for x, y, r in circles(svg)
                  if x0 < x + r - 0.5 and x - r + 0.5 < x1 and y0 < y + r - 0.5 and y - r + 0.5 < y1]
        assert len(inside) <= 1  # only its own


def test_biggest_nodes_are_labelled_first():
    nodes, edges = crowd()
    svg = sociogram(nodes, edges, title="t").svg
    labelled = set(re.findall(r'<g class="node labelled" data-label="[^"]*" data-person="([^"]+)"',
                              svg))
    biggest = max(nodes, key=lambda n: n.radius)
    assert biggest.ref in labelled
    # Every node keeps its name for hover and search, labelled or not.
    assert len(re.findall(r"<title>Persoon met naam", svg)) == len(nodes)


def test_legend_explains_size_and_non_respondents():
    nodes = [Node("a", "A", (0, 0), radius=13.5, responded=True),
             Node("b", "B", (1, 1), radius=4.5, responded=False)]
    svg = sociogram(nodes, [Edge("a", "b")], title="t", legend=[("#ff0000", "unit A")],
                    sizes=("Size: in-degree", [(4.5, "0"), (13.5, "4")]),
                    non_respondents="did not respond").svg
    legend = svg[svg.index('<g class="legend">'):]
    assert "Size: in-degree" in legend and len(re.findall(r'class="size-key"', legend)) == 2
    assert "did not respond" in legend and 'class="non-respondent-key"' in legend
    node_b = re.search(r'<g class="node[^"]*"[^>]*data-person="b".*?</g>', svg, re.DOTALL).group(0)
    assert 'data-responded="0"' in node_b and "stroke-dasharray" in node_b
    # Without non-respondents, no key for them.
    everyone = sociogram(nodes[:1], [], title="t", non_respondents="did not respond").svg
    assert "did not respond" not in everyone


def test_caption_grows_the_picture_downwards():
    svg = sociogram([Node("a", "A", (0, 0))], [], title="t").svg
    height = float(re.search(r'height="([\d.]+)"', svg)[1])
    captioned = add_caption(svg, ["Network X, wave 2024", "privacy: names shown"])
    assert float(re.search(r'height="([\d.]+)"', captioned)[1]) > height
    assert captioned.count("<svg") == 1 and captioned.endswith("</svg>")
    assert "Network X, wave 2024" in captioned[captioned.index('<g class="caption"'):]


@pytest.mark.django_db
@pytest.mark.parametrize("path", [
    SOCIOGRAM.format(2024) + "sociogram.svg?min_frequency=3&unit=u-a",
    "/networks/testnet/waves/2024/islands/islands.svg",
    "/networks/testnet/waves/2024/leadership/units.svg",
    "/networks/testnet/change/from.svg",
])
def test_every_exported_picture_carries_its_caption(users, client_for, network, path):
    svg = client_for(users["alice"]).get(path).content.decode()
    lines = re.findall(r"<text[^>]*>([^<]*)</text>", svg[svg.index('<g class="caption"'):])
    caption = " ".join(lines)  # (long lines are wrapped at the picture's width)
    assert "Testnetwerk" in caption
    assert re.search(r"\b2024\b", caption)  # the wave
    assert re.search(r"advies|advice", caption)  # the relation
    assert re.search(r"\d{4}-\d{2}-\d{2}", caption)  # the date of the data
    assert re.search(r"namen zichtbaar|names shown", caption)  # privacy mode
    if "sociogram.svg" in path:
        assert re.search(r"(frequentie minstens|frequency at least) 3", caption)
        assert "PLG A" in caption  # the unit filter


@pytest.mark.django_db
def test_non_respondents_are_marked_in_the_sociogram(users, client_for, network):
    page = client_for(users["alice"]).get(SOCIOGRAM.format(2024) + "?min_frequency=1")
    svg = page.content.decode()
    responded = dict(re.findall(r'data-person="(p\d)" data-responded="(\d)"', svg))
    # p6 was invited in 2024 and did not answer: their own ties are missing. p4 only started
    # but named p2, so their answers are in (olievlek.package.wave_people).
    assert responded == {"p1": "1", "p2": "1", "p3": "1", "p4": "1", "p6": "0"}
