"""Reading an uploaded source file into canonical text.

``.txt`` and ``.md`` are decoded (:func:`olievlek.coding.text.decode`); ``.docx`` and ``.odt``
are zip archives read with the standard library (one paragraph per line: headings, paragraphs
and table cells in document order); ``.pdf`` is read with pypdf, text layer only. A file that
cannot give its text exactly is refused with a :class:`SourceFileError` naming the file and why:
empty, too large, not what its extension says, encrypted, a scan without a text layer, or text
that cannot be stored. Nothing here touches a database.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree as ET

from olievlek.package import text_problem

from .text import canonical_text, decode

__all__ = ["EXTENSIONS", "MAX_CHARS", "MAX_FILE_BYTES", "SourceFileError", "read_source"]

EXTENSIONS = (".txt", ".md", ".docx", ".odt", ".pdf")
MAX_FILE_BYTES = 20 * 2**20  # an interview report with pictures stays well under this
MAX_UNPACKED_BYTES = 50 * 2**20  # the XML of a .docx/.odt, unpacked
MAX_ZIP_MEMBERS = 2000
MAX_CHARS = 2_000_000  # about 600 pages of text: a single source larger than that is an error
MAX_PDF_PAGES = 2000

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE_NS = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


class SourceFileError(ValueError):
    """A file that cannot become a source; the message names the file and says why."""


def _refuse(name: str, why: str) -> SourceFileError:
    return SourceFileError(f"{name}: {why}")


def read_source(name: str, data: bytes) -> str:
    """The canonical text (NFC, ``\\n`` line ends, no BOM) of the file ``name`` with ``data``.

    >>> read_source("a.txt", "\\ufeffcafe\\u0301\\r\\nb".encode())
    'café\\nb'
    """
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if ext not in EXTENSIONS:
        raise _refuse(name, f"not a source file: use {', '.join(EXTENSIONS)}")
    if not data:
        raise _refuse(name, "the file is empty")
    if len(data) > MAX_FILE_BYTES:
        raise _refuse(name, f"{len(data):,} bytes; at most {MAX_FILE_BYTES:,}")
    if ext in (".txt", ".md"):
        raw = _plain(name, data)
    elif ext == ".docx":
        raw = _docx(name, data)
    elif ext == ".odt":
        raw = _odt(name, data)
    else:
        raw = _pdf(name, data)
    text = canonical_text(raw)
    # Trailing spaces and runs of blank lines carry nothing and differ between programs.
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
    if not text.strip():
        if ext == ".pdf":
            raise _refuse(name, "the PDF has no text layer (a scan?): run text recognition "
                                "(OCR) first or upload the text")
        raise _refuse(name, "the file holds no text")
    if len(text) > MAX_CHARS:
        raise _refuse(name, f"{len(text):,} characters; at most {MAX_CHARS:,} (split it)")
    problem = text_problem(text)
    if problem:
        raise _refuse(name, f"the text {problem}")
    return text


def _plain(name: str, data: bytes) -> str:
    if data.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")):
        raise _refuse(name, "this is not a text file (is the extension wrong?)")
    try:
        text = decode(data, name)
    except (ValueError, UnicodeDecodeError) as e:
        raise _refuse(name, "not UTF-8 text: save it as UTF-8") from e
    if "\x00" in text:
        raise _refuse(name, "this is not a text file (it contains NUL bytes)")
    return text


def _member(name: str, data: bytes, what: str, member: str) -> bytes:
    """One entry of a .docx/.odt archive, after checking the archive as a whole."""
    if not data.startswith(b"PK"):
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise _refuse(name, f"encrypted (password protected) or an old Word file: save it "
                                f"as {what} without a password")
        raise _refuse(name, f"not a {what} file (is the extension wrong?)")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as e:
        raise _refuse(name, f"not a readable {what} file (damaged?)") from e
    if len(infos) > MAX_ZIP_MEMBERS:
        raise _refuse(name, f"{len(infos)} entries; not a {what} file")
    if any(i.flag_bits & 0x1 for i in infos):
        raise _refuse(name, "encrypted (password protected): save it without a password")
    info = next((i for i in infos if i.filename == member), None)
    if info is None:
        if what == ".odt" and any(i.filename == "EncryptionInfo" for i in infos):
            raise _refuse(name, "encrypted (password protected): save it without a password")
        raise _refuse(name, f"not a {what} file (it has no {member})")
    if info.file_size > MAX_UNPACKED_BYTES:
        raise _refuse(name, f"{member} is {info.file_size:,} bytes unpacked; at most "
                            f"{MAX_UNPACKED_BYTES:,}")
    try:
        with zf.open(info) as stream:
            body = stream.read(info.file_size + 1)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as e:
        raise _refuse(name, f"not a readable {what} file (damaged?)") from e
    if len(body) > info.file_size:
        raise _refuse(name, f"not a readable {what} file (an entry is larger than it declares)")
    return body


def _xml(name: str, what: str, body: bytes) -> ET.Element:
    # Office files never declare a DTD; refusing one rules out entity expansion attacks.
    if b"<!DOCTYPE" in body[:4096].upper() or b"<!ENTITY" in body.upper():
        raise _refuse(name, f"not a {what} file (it declares entities)")
    try:
        return ET.fromstring(body)
    except ET.ParseError as e:
        raise _refuse(name, f"not a readable {what} file (damaged XML)") from e


def _docx(name: str, data: bytes) -> str:
    root = _xml(name, ".docx", _member(name, data, ".docx", "word/document.xml"))
    body = root.find(f"{W}body")
    if body is None:
        raise _refuse(name, "not a .docx file (no document body)")
    lines: list[str] = []
    for p in body.iter(f"{W}p"):
        parts: list[str] = []
        for el in p.iter():
            if el.tag == f"{W}t" and el.text:
                parts.append(el.text)
            elif el.tag == f"{W}tab":
                parts.append("\t")
            elif el.tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
        lines.append("".join(parts))
    return "\n".join(lines)


def _odt_text(el: ET.Element, out: list[str]) -> None:
    if el.text:
        out.append(el.text)
    for child in el:
        tag = child.tag
        if tag == f"{TEXT_NS}s":
            out.append(" " * int(child.get(f"{TEXT_NS}c", "1") or 1))
        elif tag == f"{TEXT_NS}tab":
            out.append("\t")
        elif tag == f"{TEXT_NS}line-break":
            out.append("\n")
        elif tag in (f"{TEXT_NS}note", f"{TEXT_NS}tracked-changes"):
            pass  # footnotes and deleted text are not the body's words
        else:
            _odt_text(child, out)
        if child.tail:
            out.append(child.tail)


def _odt(name: str, data: bytes) -> str:
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                if "META-INF/manifest.xml" in zf.namelist():
                    manifest = zf.read("META-INF/manifest.xml")
                    if b"encryption-data" in manifest:
                        raise _refuse(name, "encrypted (password protected): save it without "
                                            "a password")
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError):
            pass  # _member says what is wrong
    root = _xml(name, ".odt", _member(name, data, ".odt", "content.xml"))
    lines: list[str] = []

    def walk(el: ET.Element) -> None:
        for child in el:
            if child.tag in (f"{TEXT_NS}p", f"{TEXT_NS}h"):
                out: list[str] = []
                _odt_text(child, out)
                lines.append("".join(out))
            elif child.tag in (f"{TEXT_NS}tracked-changes",):
                continue
            else:
                walk(child)

    walk(root)
    return "\n".join(lines)


def _pdf(name: str, data: bytes) -> str:
    if not data.lstrip()[:1024].startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise _refuse(name, "not a PDF file (is the extension wrong?)")
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError as e:  # pragma: no cover - pypdf is a dependency
        raise _refuse(name, "PDF files cannot be read here (pypdf is missing)") from e
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise _refuse(name, "encrypted (password protected): save it without a password")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise _refuse(name, f"{len(reader.pages)} pages; at most {MAX_PDF_PAGES}")
        pages = []
        total = 0
        for page in reader.pages:
            text = page.extract_text() or ""
            total += len(text)
            if total > 2 * MAX_CHARS:
                raise _refuse(name, f"more than {MAX_CHARS:,} characters (split it)")
            pages.append(text)
    except SourceFileError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError, AssertionError, ZeroDivisionError, OverflowError) as e:
        raise _refuse(name, "not a readable PDF file (damaged?)") from e
    return "\n\n".join(pages)
