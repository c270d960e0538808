"""Uploaded source files become canonical text exactly, or are refused naming file and reason."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from olievlek.coding.files import MAX_FILE_BYTES, SourceFileError, read_source
from tests.coding.docs import docx, odt, pdf


def test_text_file_is_made_canonical():
    data = "\ufeffcafe\u0301 ëmoji 🎉\r\nregel twee  \r\n\r\n\r\n\r\nslot".encode()
    assert read_source("interview.txt", data) == "café ëmoji 🎉\nregel twee\n\nslot"


def test_utf16_with_bom_and_markdown():
    assert read_source("notes.MD", "# Kop\nTekst".encode("utf-16")) == "# Kop\nTekst"


def test_docx_odt_pdf_give_their_paragraphs():
    paras = ["Interview met de coördinator", "Wat is het doel van het netwerk?", "Samen leren."]
    expected = "\n".join(paras)
    assert read_source("a.docx", docx(paras)) == expected
    assert read_source("a.odt", odt(paras)) == expected
    assert read_source("a.pdf", pdf(["Hallo wereld", "Tweede regel, café"])) == (
        "Hallo wereld\nTweede regel, café")


@pytest.mark.parametrize(
    ("name", "data", "why"),
    [
        ("scan.pdf", pdf([]), "no text layer"),
        ("secret.pdf", pdf(["geheim"], password="pw"), "encrypted"),
        ("empty.txt", b"", "empty"),
        ("blank.docx", docx(["", "  "]), "no text"),
        ("fake.docx", b"just text", "not a .docx file"),
        ("fake.pdf", b"just text", "not a PDF"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj <<", "not a readable PDF"),
        ("real-pdf.txt", pdf(["x"]), "not a text file"),
        ("word.odt", docx(["a"]), "not a .odt file"),
        ("latin1.txt", "café".encode("latin-1"), "not UTF-8"),
        ("nul.txt", b"a\x00b", "NUL"),
        ("control.txt", b"a\x07b", "control character"),
        ("picture.png", b"\x89PNG", "not a source file"),
        ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "encrypted"),
    ],
)
def test_bad_files_are_refused_with_the_reason(name, data, why):
    with pytest.raises(SourceFileError) as e:
        read_source(name, data)
    assert str(e.value).startswith(f"{name}: ")
    assert why in str(e.value)


def test_too_large_file_is_refused_before_reading():
    with pytest.raises(SourceFileError, match="at most"):
        read_source("big.txt", b"a" * (MAX_FILE_BYTES + 1))


def test_entity_expansion_is_refused():
    bomb = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("word/document.xml", bomb)
    with pytest.raises(SourceFileError, match="entities"):
        read_source("bomb.docx", out.getvalue())


def test_zip_bomb_entry_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b" " * (60 * 2**20))
    with pytest.raises(SourceFileError, match="unpacked"):
        read_source("bomb.docx", out.getvalue())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ext=st.sampled_from([".txt", ".md", ".docx", ".odt", ".pdf"]),
    data=st.binary(max_size=400),
    prefix=st.sampled_from([b"", b"PK\x03\x04", b"%PDF-1.7\n", b"\xef\xbb\xbf", b"\xff\xfe"]),
)
def test_hostile_bytes_give_text_or_a_clear_error(ext, data, prefix):
    """Whatever the bytes, the reader answers canonical, storable text or a SourceFileError."""
    try:
        text = read_source("f" + ext, prefix + data)
    except SourceFileError as e:
        assert str(e).startswith("f" + ext + ": ")
        return
    assert text.strip() and "\r" not in text and "\x00" not in text and "\ufeff" not in text[:1]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_damaged_office_files_give_a_clear_error(data):
    """Cut or flipped bytes of a real .docx/.odt/.pdf never raise anything but SourceFileError."""
    name, good = data.draw(st.sampled_from([
        ("a.docx", docx(["Een", "Twee"])), ("a.odt", odt(["Een", "Twee"])),
        ("a.pdf", pdf(["Een", "Twee"])),
    ]))
    cut = data.draw(st.integers(1, len(good) - 1))
    flip = data.draw(st.integers(0, cut - 1))
    bad = bytearray(good[:cut])
    bad[flip] ^= 0xFF
    try:
        read_source(name, bytes(bad))
    except SourceFileError:
        pass
