"""Agreement between two coders of one source.

- **cu-alpha** (Krippendorff's alpha for unitised text, as ATLAS.ti's ICA): every character
  position of the source is a unit, and for each code each coder either applied that code to the
  position or not. The overall figure pools the units (code, position) of all codes either coder
  used; the per-code figure takes that code's positions only.
- Per code over **paragraphs**: a paragraph counts as coded with a code when a coding of that
  code overlaps it; binary Krippendorff's alpha and percent agreement over the paragraphs.

Alpha is the nominal alpha of two coders with no missing values:
``1 - (n - 1) * D / (n0 * n1)`` with ``n = 2 * units``, ``D`` the number of units the coders
disagree on and ``n0``, ``n1`` the pairable values 0 and 1. With no variation at all (nobody or
everybody applied the code everywhere) alpha is undefined and given as ``None``.
A coding is ``(code, start, end)`` with code-point offsets into the canonical text.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass

Coding = tuple[Hashable, int, int]


def _union(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _length(spans: list[tuple[int, int]]) -> int:
    return sum(e - s for s, e in spans)


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    """Total length of the intersection of two sorted disjoint span lists."""
    i = j = total = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo < hi:
            total += hi - lo
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def binary_alpha(units: int, only_a: int, only_b: int, both: int) -> float | None:
    """Nominal alpha of two coders over ``units`` binary units (no missing values)."""
    if units <= 0:
        return None
    n = 2 * units
    n1 = 2 * both + only_a + only_b
    n0 = n - n1
    if n0 == 0 or n1 == 0:
        return None
    return 1 - (n - 1) * (only_a + only_b) / (n0 * n1)


def _by_code(codings: Iterable[Coding], length: int) -> dict[Hashable, list[tuple[int, int]]]:
    spans: dict[Hashable, list[tuple[int, int]]] = {}
    for code, s, e in codings:
        if not (0 <= s <= e <= length):
            raise ValueError(f"coding {s}-{e} is outside the text (length {length})")
        spans.setdefault(code, []).append((s, e))
    return {c: _union(v) for c, v in spans.items()}


@dataclass(frozen=True)
class CodeAgreement:
    code: Hashable
    chars_alpha: float | None  # cu-alpha of this code on character positions
    paragraph_alpha: float | None
    paragraph_percent: float | None  # share of paragraphs on which the coders agree, 0-100
    paragraphs_a: int  # paragraphs coded by coder A with this code
    paragraphs_b: int
    paragraphs_both: int


@dataclass(frozen=True)
class Agreement:
    cu_alpha: float | None  # overall, pooled over codes
    codes: list[CodeAgreement]


def cu_alpha(a: Iterable[Coding], b: Iterable[Coding], length: int,
             codes: Collection[Hashable] | None = None) -> float | None:
    """Pooled cu-alpha over the character positions of every code in ``codes``.

    ``codes`` defaults to every code either coder applied.
    """
    sa, sb = _by_code(a, length), _by_code(b, length)
    if codes is None:
        codes = set(sa) | set(sb)
    only_a = only_b = both = 0
    for code in codes:
        x, y = sa.get(code, []), sb.get(code, [])
        common = _overlap(x, y)
        both += common
        only_a += _length(x) - common
        only_b += _length(y) - common
    return binary_alpha(length * len(codes), only_a, only_b, both)


def _coded_paragraphs(spans: Iterable[tuple[int, int]],
                      paras: Iterable[tuple[int, int]]) -> set[int]:
    """Indexes of paragraphs that a span overlaps (touching an end does not count)."""
    hit = set()
    for i, (ps, pe) in enumerate(paras):
        for s, e in spans:
            if s < pe and ps < e:
                hit.add(i)
                break
    return hit


def agreement(
    a: Iterable[Coding], b: Iterable[Coding], length: int, paras: list[tuple[int, int]]
) -> Agreement:
    """Agreement overall and per code between coder A's and coder B's codings of one source."""
    a, b = list(a), list(b)
    sa, sb = _by_code(a, length), _by_code(b, length)
    codes = sorted(set(sa) | set(sb), key=str)
    rows = []
    for code in codes:
        x, y = sa.get(code, []), sb.get(code, [])
        pa, pb = _coded_paragraphs(x, paras), _coded_paragraphs(y, paras)
        both = len(pa & pb)
        agree = len(paras) - len(pa ^ pb)
        rows.append(
            CodeAgreement(
                code=code,
                chars_alpha=cu_alpha(a, b, length, [code]),
                paragraph_alpha=binary_alpha(len(paras), len(pa - pb), len(pb - pa), both),
                paragraph_percent=100 * agree / len(paras) if paras else None,
                paragraphs_a=len(pa),
                paragraphs_b=len(pb),
                paragraphs_both=both,
            )
        )
    return Agreement(cu_alpha=cu_alpha(a, b, length, codes), codes=rows)
