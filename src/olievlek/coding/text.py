"""Canonical text of a source and moving offsets onto it.

A source is stored as canonical plain text: Unicode NFC, ``\\n`` line ends, no byte-order mark.
Every position in olievlek is a code-point offset into that text. REFI-QDA offsets count code
points of the source *as stored in the file* (a CRLF counts two, a BOM none), so an imported
selection is moved with :meth:`Canonical.move`, which keeps each quote the same text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

BOM = "\ufeff"


def decode(data: bytes, name: str = "") -> str:
    """The text of a file's bytes: UTF-8 (with or without BOM) or UTF-16 with a BOM.

    The BOM is not part of the text (REFI-QDA does not count it). Anything else is refused
    with an error naming the file, rather than guessed.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ValueError(f"{name or 'file'}: not UTF-8 text (byte {e.start})") from None


def _clusters(text: str) -> list[str]:
    """Split text into pieces that NFC normalises independently.

    A piece starts at a character of combining class 0; a following piece is joined on when
    normalising the two together differs from normalising them apart (Hangul jamo and the
    few compositions of two starters).
    """
    pieces: list[str] = []
    for ch in text:
        if pieces and unicodedata.combining(ch):
            pieces[-1] += ch
        else:
            pieces.append(ch)
    out: list[str] = []
    for p in pieces:
        if out:
            prev = out[-1]
            if unicodedata.normalize("NFC", prev + p) != (
                unicodedata.normalize("NFC", prev) + unicodedata.normalize("NFC", p)
            ):
                out[-1] = prev + p
                continue
        out.append(p)
    return out


@dataclass(frozen=True)
class Canonical:
    """A canonical text and, for each offset 0..len(original), where it lands in ``text``."""

    original: str
    text: str
    starts: tuple[int, ...]  # original offset -> canonical offset, rounding down
    ends: tuple[int, ...]  # original offset -> canonical offset, rounding up

    def move(self, start: int, end: int) -> tuple[int, int]:
        """A selection ``[start, end)`` of the original, as offsets into the canonical text.

        An offset inside a CRLF or a composed character rounds outwards, so the quote is never
        cut inside a character.
        """
        if not (0 <= start <= end <= len(self.original)):
            raise ValueError(
                f"selection {start}-{end} is outside the text (length {len(self.original)})"
            )
        return self.starts[start], self.ends[end]


def canonical(original: str) -> Canonical:
    """The canonical form of ``original`` (str as decoded, BOM not counted) with its offset map."""
    if original.startswith(BOM):
        original = original[1:]
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0  # canonical length so far
    i = 0
    n = len(original)
    # First line ends (CRLF and a lone CR become LF), then NFC piece by piece.
    segments: list[tuple[int, str]] = []  # (original length, replacement before NFC)
    buf_start = 0
    while i < n:
        ch = original[i]
        if ch == "\r":
            if buf_start < i:
                segments.append((i - buf_start, original[buf_start:i]))
            width = 2 if i + 1 < n and original[i + 1] == "\n" else 1
            segments.append((width, "\n"))
            i += width
            buf_start = i
        else:
            i += 1
    if buf_start < n:
        segments.append((n - buf_start, original[buf_start:n]))
    for width, seg in segments:
        if seg == "\n" and width:
            # "\r\n" (width 2) or "\r": the inside of a CRLF rounds outwards.
            starts.extend([pos] * width)
            ends.append(pos)
            ends.extend([pos + 1] * (width - 1))
            out.append("\n")
            pos += 1
            continue
        for piece in _clusters(seg):
            norm = unicodedata.normalize("NFC", piece)
            if len(norm) == len(piece):
                starts.extend(range(pos, pos + len(piece)))
                ends.extend(range(pos, pos + len(piece)))
            else:
                starts.extend([pos] * len(piece))
                ends.append(pos)
                ends.extend([pos + len(norm)] * (len(piece) - 1))
            out.append(norm)
            pos += len(norm)
    starts.append(pos)
    ends.append(pos)
    return Canonical(original, "".join(out), tuple(starts), tuple(ends))


def canonical_text(original: str) -> str:
    """Only the canonical text (see :func:`canonical`)."""
    return canonical(original).text


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The paragraphs of a canonical text as ``(start, end)`` offsets, newline excluded.

    A paragraph is a line with something on it, as ATLAS.ti counts paragraphs of a text
    document (documents are stored with one paragraph per line). Blank lines are no paragraph.
    """
    spans = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            spans.append((start, end))
        start = end + 1
    return spans
