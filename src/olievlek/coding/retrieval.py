"""Counting codings across codes, cases and each other (pure: plain tuples in, dicts out).

Co-occurrence (as ATLAS.ti's code co-occurrence table, on paragraphs): two codings of
different codes in the same source co-occur when they overlap or touch a common paragraph;
the count for a pair of codes is the number of such pairs of codings.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

__all__ = ["cooccurrence", "matrix"]


def matrix(
    codings: Iterable[tuple[Hashable, Hashable, Hashable]],
) -> dict[tuple[Any, Any], tuple[int, int]]:
    """Code x column counts from ``(code, column, source)`` triples: for each (code, column),
    the number of codings and of distinct sources.

    >>> matrix([("a", "n1", 1), ("a", "n1", 1), ("a", "n2", 2)])[("a", "n1")]
    (2, 1)
    """
    n: Counter[tuple[Any, Any]] = Counter()
    sources: dict[tuple[Any, Any], set[Any]] = {}
    for code, column, source in codings:
        n[(code, column)] += 1
        sources.setdefault((code, column), set()).add(source)
    return {key: (n[key], len(sources[key])) for key in n}


def _paragraph_span(starts: Sequence[int], start: int, end: int) -> tuple[int, int]:
    first = max(bisect_right(starts, start) - 1, 0)
    last = max(bisect_right(starts, max(start, end - 1)) - 1, 0)
    return first, last


def cooccurrence(
    codings: Iterable[tuple[Hashable, Hashable, int, int]],
    paragraphs: Mapping[Any, Sequence[tuple[int, int]]],
) -> Counter[tuple[str, str]]:
    """Pairs of codes (sorted) -> number of co-occurring pairs of codings.

    ``codings`` are ``(source, code, start, end)``; ``paragraphs`` maps each source to its
    paragraphs ``(start, end)`` (:func:`olievlek.coding.text.paragraphs`).

    >>> paras = {1: [(0, 5), (6, 10)]}
    >>> sorted(cooccurrence([(1, "a", 0, 2), (1, "b", 3, 4), (1, "c", 7, 9)], paras).items())
    [(('a', 'b'), 1)]
    """
    by_source: dict[Any, list[tuple[Any, int, int]]] = {}
    for source, code, start, end in codings:
        by_source.setdefault(source, []).append((code, start, end))
    out: Counter[tuple[str, str]] = Counter()
    for source, items in by_source.items():
        starts = [s for s, _ in paragraphs.get(source, [])] or [0]
        spans = sorted(
            (*_paragraph_span(starts, start, end), start, end, code) for code, start, end in items
        )
        for i, (_first, last, start, end, code) in enumerate(spans):
            for first2, _last2, start2, end2, code2 in spans[i + 1 :]:
                if first2 > last and start2 >= end:
                    break  # sorted by first paragraph: no later coding can meet this one
                if code2 != code and (first2 <= last or (start2 < end and start < end2)):
                    a, b = sorted((str(code), str(code2)))
                    out[(a, b)] += 1
    return out
