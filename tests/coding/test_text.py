"""Canonical text and offsets: every imported quote stays the same text."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from olievlek.coding.text import canonical, canonical_text, decode, paragraphs


def test_crlf_bom_and_nfd_become_canonical():
    original = "\ufeffCafe\u0301\r\nTweede regel\rDerde"
    c = canonical(original)
    assert c.text == "Café\nTweede regel\nDerde"
    assert unicodedata.is_normalized("NFC", c.text)


def test_offsets_after_a_crlf_move_back_one_per_line_end():
    original = "Eén\r\ntwee\r\ndrie"  # offsets count CRLF as two, as REFI-QDA says
    c = canonical(original)
    s, e = original.index("drie"), len(original)
    assert (s, e) == (11, 15)
    assert c.move(s, e) == (9, 13)
    assert c.text[9:13] == "drie"


def test_bom_is_not_counted():
    c = canonical("\ufeffbeëindigd")
    assert c.move(0, 3) == (0, 3)
    assert c.text[0:3] == "beë"


def test_emoji_is_one_code_point():
    original = "Top 👍\r\nwerk é"
    c = canonical(original)
    s = original.index("werk")
    assert c.text[slice(*c.move(s, s + 6))] == "werk é"
    assert c.text[slice(*c.move(4, 5))] == "👍"


def test_decomposed_letter_shrinks_and_quote_stays():
    original = "ree\u0308el en daarna"  # ë written as e + combining diaeresis
    c = canonical(original)
    assert c.text == "reëel en daarna"
    s = original.index("en daarna")
    assert c.text[slice(*c.move(s, len(original)))] == "en daarna"
    # A selection ending inside the composed letter rounds outwards, keeping the whole letter.
    assert c.text[slice(*c.move(0, 3))] == "reë"


def test_selection_outside_text_is_refused():
    with pytest.raises(ValueError, match="outside"):
        canonical("abc").move(2, 4)


def test_decode_utf8_bom_utf16_and_refuses_latin1():
    assert decode("\ufeffé".encode("utf-8")) == "é"
    assert decode("é\r\n".encode("utf-16")) == "é\r\n"
    with pytest.raises(ValueError, match=r"interview\.txt: not UTF-8"):
        decode("café".encode("latin-1"), "interview.txt")


text_chars = st.sampled_from(list("ab é\r\n\u0301\u0308👍ë\ufeff"))


@given(st.lists(text_chars, max_size=30).map("".join), st.data())
def test_any_selection_keeps_its_quote(original, data):
    c = canonical(original)
    body = c.original
    s = data.draw(st.integers(0, len(body)))
    e = data.draw(st.integers(s, len(body)))
    cs, ce = c.move(s, e)
    # Where the selection does not cut a CRLF or a combining sequence, the quote is the same
    # text, canonicalised.
    cut = any(
        0 < k < len(body)
        and (
            (body[k - 1] == "\r" and body[k] == "\n")
            or unicodedata.combining(body[k])
        )
        for k in (s, e)
    )
    if not cut and "\ufeff" not in body:
        assert c.text[cs:ce] == canonical_text(body[s:e])
    assert 0 <= cs <= ce <= len(c.text)


def test_paragraphs_are_non_blank_lines():
    text = "Eerste alinea.\n\n  \nTweede 👍\nDerde"
    assert [text[s:e] for s, e in paragraphs(text)] == ["Eerste alinea.", "Tweede 👍", "Derde"]
    assert paragraphs("") == []
