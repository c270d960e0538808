"""Server-side layout of a network: stable for the same input, similar from wave to wave.

The first wave is laid out from its ties (any relation; Kamada-Kawai per connected component
from a seeded start, then the components packed in rows, largest first). Each later wave
starts from the one before (:func:`extend`): everyone already placed stays exactly where they
were and only newcomers are placed, next to the people they are tied with. So a published
wave's picture depends only on that wave and the ones before it (adding a wave never moves
it; a figure exported for a report can be made again identically), and a person who stays
keeps their place. People without any tie are left out here; the pictures draw isolates in a
strip of their own.

Pure: igraph and NumPy, no Django.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Hashable, Iterable, Sequence

import igraph as ig
import numpy as np

SEED = 20160901  # any fixed number; changing it moves every picture
Position = tuple[float, float]


def layout(ids: Sequence[Hashable], edges: Iterable[tuple[Hashable, Hashable]],
           *, seed: int = SEED) -> dict[Hashable, Position]:
    """Positions in the unit square for every id that has at least one tie.

    The result depends only on the set of ids and the set of undirected ties (not on the
    order they are given in), so the same network always gives the same picture.
    """
    order = sorted(set(ids), key=_sort_key)
    index = {v: i for i, v in enumerate(order)}
    pairs = sorted({tuple(sorted((index[a], index[b]))) for a, b in edges
                    if a in index and b in index and a != b})
    g = ig.Graph(n=len(order), edges=pairs, directed=False)
    blocks: list[tuple[list[int], np.ndarray]] = []
    for members in g.connected_components():
        if len(members) < 2:
            continue  # isolates of the union: drawn apart by the pictures
        blocks.append((members, _component_layout(g.subgraph(members), members, seed)))
    # Largest first; equal sizes by their smallest member so packing order is stable.
    blocks.sort(key=lambda b: (-len(b[0]), b[0][0]))
    placed = _pack(blocks)
    return {order[i]: placed[i] for i in placed}


def extend(placed: dict[Hashable, Position], ids: Sequence[Hashable],
           edges: Iterable[tuple[Hashable, Hashable]], *, seed: int = SEED,
           ) -> dict[Hashable, Position]:
    """The next wave's positions: everyone in ``placed`` stays exactly where they were; a new
    person tied to placed people goes to the middle of them (a small fixed offset apart, in
    the order they are reached), and groups of only new people are laid out with
    :func:`layout` and put in a row below. Then the whole is scaled back into the unit square
    (the same factor for everyone, so the picture keeps its shape).
    """
    order = sorted(set(ids), key=_sort_key)
    neighbours: dict[Hashable, set] = {v: set() for v in order}
    for a, b in edges:
        if a in neighbours and b in neighbours and a != b:
            neighbours[a].add(b)
            neighbours[b].add(a)
    out = {v: placed[v] for v in order if v in placed and neighbours[v]}
    todo = [v for v in order if v not in out and neighbours[v]]
    while True:  # breadth first from the placed people, in id order
        reached = [v for v in todo if neighbours[v] & out.keys()]
        if not reached:
            break
        for v in reached:
            near = sorted(out[u] for u in neighbours[v] if u in out)
            x = sum(p[0] for p in near) / len(near)
            y = sum(p[1] for p in near) / len(near)
            angle: float = int.from_bytes(hashlib.sha256(f"{seed}:{v}".encode()).digest()[:4], "little")
            angle = angle / 2**32 * 2 * math.pi
            out[v] = (min(max(x + 0.04 * math.cos(angle), 0.0), 1.0),
                      min(max(y + 0.04 * math.sin(angle), 0.0), 1.0))
        todo = [v for v in todo if v not in out]
    if todo:  # people tied only to other new people: their own layout, below
        rest = layout(todo, [(a, b) for a, b in edges if a in todo and b in todo], seed=seed)
        top = max((p[1] for p in out.values()), default=-0.3) + 0.3
        scale = 0.5
        out.update({v: (x * scale, top + y * scale) for v, (x, y) in rest.items()})
        span = max(max(p[0] for p in out.values()), max(p[1] for p in out.values()), 1.0)
        out = {v: (x / span, y / span) for v, (x, y) in out.items()}
    return out


def _sort_key(v: Hashable) -> tuple[str, str]:
    return (type(v).__name__, f"{v:>20}" if isinstance(v, int) else str(v))


def _component_layout(sub: ig.Graph, members: list[int], seed: int) -> np.ndarray:
    n = sub.vcount()
    if n == 2:
        return np.array([[0.0, 0.0], [1.0, 0.0]])
    # A start that depends on the members only, so the result is identical on every run.
    digest = hashlib.sha256(f"{seed}:{members}".encode()).digest()
    rng = np.random.default_rng(int.from_bytes(digest[:8], "little"))
    start = rng.uniform(-1, 1, size=(n, 2)).tolist()
    # Kamada-Kawai spreads people more evenly than Fruchterman-Reingold (fewer long spikes,
    # fewer overlaps in the dense middle). From a given start it uses no random numbers, so
    # igraph's process-wide generator is left alone (see analysis.measures.communities).
    coords = sub.layout_kamada_kawai(seed=start)
    arr = np.asarray(coords.coords, dtype=float)
    arr -= arr.min(axis=0)
    span = arr.max()
    return arr / span if span > 0 else arr


def _pack(blocks: list[tuple[list[int], np.ndarray]]) -> dict[int, Position]:
    """Place components in rows; each scaled by the square root of its size."""
    if not blocks:
        return {}
    total = sum(len(m) for m, _ in blocks)
    row_width = max(math.sqrt(total) * 1.2, math.sqrt(len(blocks[0][0])))
    x = y = row_height = 0.0
    out: dict[int, Position] = {}
    raw: dict[int, tuple[float, float]] = {}
    for members, arr in blocks:
        size = max(math.sqrt(len(members)), 1.0)
        if x > 0 and x + size > row_width:
            x, y = 0.0, y + row_height + 0.6
            row_height = 0.0
        for m, (px, py) in zip(members, arr):
            raw[m] = (x + px * size, y + py * size)
        x += size + 0.6
        row_height = max(row_height, size)
    xs = np.array([p[0] for p in raw.values()])
    ys = np.array([p[1] for p in raw.values()])
    span = max(xs.max() - xs.min(), ys.max() - ys.min(), 1e-9)
    for m, (px, py) in raw.items():
        out[m] = ((px - xs.min()) / span, (py - ys.min()) / span)
    return out
