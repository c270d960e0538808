"""Re-anchoring codings when a source's text is replaced by a new version.

Each coding keeps its quote (the text it coded). In the new text it is looked for as it is:

1. at the old place, shifted by how far the codings before it moved (``expected``): an exact
   match within :data:`NEAR` code points of that place, the nearest one (two equally near:
   ambiguous);
2. elsewhere: the quote occurs exactly once in the whole new text;
3. otherwise it is flagged for review: ``missing`` (not in the new text) or ``ambiguous``
   (more than once, none near). A flagged coding is never dropped: it gets a place inside the
   new text near the old one (``start``/``end``) and keeps its old quote.

Offsets are code points, as everywhere in :mod:`olievlek.coding`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# How far from where it is expected an exact match still counts as "near" the old place.
NEAR = 500

SAME, MOVED, MISSING, AMBIGUOUS = "same", "moved", "missing", "ambiguous"


@dataclass(frozen=True)
class Anchor:
    """Where one coding goes: ``status`` is SAME, MOVED, MISSING or AMBIGUOUS."""

    key: object
    status: str
    start: int
    end: int

    @property
    def flagged(self) -> bool:
        return self.status in (MISSING, AMBIGUOUS)


def occurrences(text: str, quote: str) -> list[int]:
    """Every start of ``quote`` in ``text``, overlapping ones included."""
    found = []
    i = text.find(quote)
    while i != -1:
        found.append(i)
        i = text.find(quote, i + 1)
    return found


def reanchor(new_text: str, codings: Iterable[tuple[object, int, int, str]]) -> list[Anchor]:
    """Place ``codings`` — ``(key, start, end, quote)`` in the old text — in ``new_text``.

    Returns one :class:`Anchor` per coding, in the order given."""
    out: dict[int, Anchor] = {}
    shift = 0  # how far the last coding placed moved: the next one is expected as far
    ordered = sorted(enumerate(codings), key=lambda t: (t[1][1], t[1][2]))
    length = len(new_text)
    for index, (key, start, end, quote) in ordered:
        found = occurrences(new_text, quote) if quote else []
        expected = start + shift
        near = sorted((abs(o - expected), o) for o in found if abs(o - expected) <= NEAR)
        place: int | None = None
        status = MISSING
        if near and (len(near) == 1 or near[0][0] != near[1][0]):
            place = near[0][1]
        elif len(found) == 1:
            place = found[0]
        elif found:
            status = AMBIGUOUS
        if place is not None:
            status = SAME if place == start else MOVED
            shift = place - start
            out[index] = Anchor(key, status, place, place + len(quote))
            continue
        # Flagged: a non-empty place inside the new text near where it was.
        size = max(1, min(end - start, length))
        begin = min(max(0, expected), max(0, length - size))
        out[index] = Anchor(key, status, begin, min(length, begin + size))
    return [out[i] for i in range(len(out))]
