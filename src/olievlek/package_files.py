"""Reading the files of a network package into raw text tables, within fixed limits.

This is the file half of :mod:`olievlek.package` (which knows the format's columns and rules):
it turns a folder, a .zip or an .xlsx into one table of text cells per file, indexed by the
row number a spreadsheet shows (header = row 1). Everything that could make reading slow or
large is checked before the work starts, and every refusal is a :class:`Problem` naming file,
row or cell. Pure Python, no Django. The limits are documented in ``docs/formats.md``.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

import numpy as np
import pandas as pd

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_COMPRESSION_RATIO",
    "MAX_PACKAGE_BYTES",
    "MAX_ROWS",
    "MAX_XLSX_ROWS",
    "MAX_ZIP_MEMBERS",
    "Problem",
    "parse_csv",
    "read_tables",
]

# Limits, checked before any work is done (a package beyond them is refused, not cut).
MAX_PACKAGE_BYTES = 200 * 2**20  # uncompressed bytes of all files read, together
MAX_ZIP_MEMBERS = 1000  # entries in a .zip or .xlsx (an .xlsx has ~10 plus one per sheet)
MAX_COMPRESSION_RATIO = 200  # uncompressed / compressed, for entries above RATIO_FROM bytes
RATIO_FROM = 2**20
MAX_ROWS = 2_000_000  # data rows per file (the analysis bench reads 1,000,000 ties)
MAX_XLSX_ROWS = 200_000  # rows per sheet: workbooks are made by hand (use CSV for more)
MAX_COLUMNS = 100  # header cells per file or sheet
# Characters in any one CSV cell: the csv module's own default limit, which enforces it (a
# workbook cell holds at most 32,767). Known columns have lower limits (package.MAX_LENGTHS).
MAX_CELL_CHARS = 131_072


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a package: where it is and why."""

    file: str
    row: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.reason}"


class _Refused(Exception):
    """Reading stops: the problem is already noted."""


def as_date(value: object) -> dt.date | None:
    """A cell value as a date: a ``datetime.date`` as it is, ISO text parsed, anything else
    (empty, ``None``, not a date) None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def membership_active(start: object, end: object, on: dt.date) -> bool:
    """Whether a membership from ``start`` to ``end`` is active on the day ``on``: the study's
    one rule (``olievlek.package`` exports it; the database mirrors it in
    ``Membership.objects.active_on``).

    Both ends are inclusive (``end`` is the last day someone is a member); an empty start
    means "since always", an empty end "still a member". Dates may be ``datetime.date``,
    ISO text or empty (``None`` or "").
    """
    first, last = as_date(start), as_date(end)
    return (first is None or first <= on) and (last is None or last >= on)


def as_text(value: object) -> str:
    """A cell value as the package's text: whole floats without ``.0``, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is pd.NA:
        return ""
    return str(value).strip()


def read_tables(path: Path, problems: list[Problem], names: Iterable[str]) -> dict[str, pd.DataFrame] | None:
    """The raw tables ``names`` found in a folder, .zip or .xlsx, noting every problem in
    ``problems``; None when ``path`` is none of those."""
    names = tuple(names)
    if not path.exists():
        problems.append(Problem(str(path), None, None, "no such file or folder"))
        return {}
    try:
        if path.is_dir():
            return _read_folder(path, problems, names)
        if path.suffix.lower() == ".zip":
            return _read_zip(path, problems, names)
        if path.suffix.lower() in {".xlsx", ".xlsm"}:
            return _read_xlsx(path, problems, names)
    except _Refused:
        return {}
    return None


# ---------------------------------------------------------------------------------------------
# Folders and zips of CSV files


def _read_folder(path: Path, problems: list[Problem], names: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    files = {name: path / f"{name}.csv" for name in names if (path / f"{name}.csv").is_file()}
    if not files and any((sub / "people.csv").is_file() for sub in path.iterdir() if sub.is_dir()):
        problems.append(Problem(path.name, None, None,
                                "holds packages in subfolders, not one package: import one subfolder"))
        raise _Refused
    total = sum(f.stat().st_size for f in files.values())
    if total > MAX_PACKAGE_BYTES:
        problems.append(Problem(path.name, None, None, _too_big(total)))
        raise _Refused
    raw = {}
    for name, file in files.items():
        df = parse_csv(file.name, file.read_bytes(), problems)
        if df is not None:
            raw[name] = df
    return raw


def _too_big(size: int) -> str:
    return f"{size:,} bytes uncompressed; at most {MAX_PACKAGE_BYTES:,} (split the package)"


def _open_zip(path: Path, problems: list[Problem], what: str) -> zipfile.ZipFile:
    """The archive, its entries checked (encryption, count, sizes, ratio) before any is read."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        with open(path, "rb") as f:
            ole = f.read(4) == b"\xd0\xcf\x11\xe0"  # Office's older container, also used for encryption
        hint = (": a password-protected workbook or an old .xls; save as .xlsx without a password"
                if ole else "")
        problems.append(Problem(path.name, None, None, f"not a readable {what}{hint}"))
        raise _Refused from None
    infos = zf.infolist()
    reason = None
    if len(infos) > MAX_ZIP_MEMBERS:
        reason = f"{len(infos)} entries; at most {MAX_ZIP_MEMBERS}"
    elif any(i.flag_bits & 0x1 for i in infos):
        reason = "encrypted (password protected): save it without a password"
    elif sum(i.file_size for i in infos) > MAX_PACKAGE_BYTES:
        reason = _too_big(sum(i.file_size for i in infos))
    else:
        for i in infos:
            if i.file_size > RATIO_FROM and i.file_size > MAX_COMPRESSION_RATIO * max(i.compress_size, 1):
                reason = (f"entry {i.filename} would grow {i.file_size // max(i.compress_size, 1)} times "
                          f"when unpacked; at most {MAX_COMPRESSION_RATIO} (not a package, or a zip bomb)")
                break
    if reason:
        zf.close()
        problems.append(Problem(path.name, None, None, reason))
        raise _Refused
    return zf


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The entry's bytes, never more than it declares (checked against the limits)."""
    with zf.open(info) as stream:
        data = stream.read(info.file_size + 1)
    if len(data) > info.file_size:
        raise zipfile.BadZipFile(f"{info.filename} is larger than it declares")
    return data


def _read_zip(path: Path, problems: list[Problem], names: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    wanted = {f"{name}.csv": name for name in names}
    with _open_zip(path, problems, ".zip file") as zf:
        found: dict[str, zipfile.ZipInfo] = {}
        folders: set[str] = set()
        for info in zf.infolist():
            p = PurePosixPath(info.filename)
            if info.is_dir() or p.parts[:1] == ("__MACOSX",) or p.name.startswith("."):
                continue
            if p.name not in wanted:
                continue
            if len(p.parts) > 2:
                problems.append(Problem(path.name, None, None,
                                        f"{info.filename} is in a nested folder: put the CSV files at the "
                                        "top of the zip or in one folder"))
                raise _Refused
            folders.add(str(p.parent))
            found[p.name] = info
        if len(folders) > 1:
            shown = ", ".join(sorted(f if f != "." else "(top)" for f in folders))
            problems.append(Problem(path.name, None, None,
                                    f"ambiguous: holds package files in more than one folder ({shown}); "
                                    "zip one package at a time"))
            raise _Refused
        raw = {}
        try:
            for filename, info in found.items():
                df = parse_csv(filename, _read_member(zf, info), problems)
                if df is not None:
                    raw[wanted[filename]] = df
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
            problems.append(Problem(path.name, None, None, f"not a readable .zip file ({exc})"))
            raise _Refused from None
    return raw


# ---------------------------------------------------------------------------------------------
# CSV


def decode(filename: str, data: bytes, problems: list[Problem]) -> str | None:
    """UTF-8 (with or without byte-order mark); Windows-1252 (Excel's "CSV" on a Dutch
    Windows) only when the bytes are not valid UTF-8."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        problems.append(Problem(filename, None, None, "UTF-16 text; save as CSV UTF-8"))
        return None
    bom = data.startswith(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if not bom:
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:
                pass
        row = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(filename, row, None,
                                f"not UTF-8 (byte 0x{data[exc.start]:02x}) nor Windows-1252; save as CSV UTF-8"))
        return None


def separator(text: str) -> str:
    """The separator the header line uses: ``,`` unless it has more ``;`` (Excel with Dutch
    settings) or tabs. Header names never hold these, so the header line decides safely."""
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count) if header else ","


def parse_csv(filename: str, data: bytes, problems: list[Problem]) -> pd.DataFrame | None:
    """The file as text cells, indexed by spreadsheet row number (header = row 1).

    Every record must have exactly as many cells as the header (a blank line is skipped): a
    separator too many or too few would shift values into the wrong columns.
    """
    if len(data) > MAX_PACKAGE_BYTES:
        problems.append(Problem(filename, None, None, _too_big(len(data))))
        return None
    text = decode(filename, data, problems)
    if text is None:
        return None
    sep = separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    found = len(problems)
    try:
        header = next(reader, None)
        if not header or not "".join(header).strip():
            problems.append(Problem(filename, 1, None, "empty file: a header row is needed"))
            return None
        width = len(header)
        if width > MAX_COLUMNS:
            problems.append(Problem(filename, 1, None, f"{width} columns; at most {MAX_COLUMNS}"))
            return None
        plain = _plain_body(text, sep, width)
        if plain is not None:
            return _frame(header, plain)
        rows, index = [], []
        for i, r in enumerate(reader, start=2):
            if not "".join(r).strip():
                continue  # a blank line, or a row of empty cells
            if len(r) != width:
                problems.append(Problem(filename, i, None, _ragged(len(r), width, sep)))
                if len(problems) - found >= 20:
                    break  # enough to see the pattern
                continue
            rows.append(r)
            index.append(i)
            if len(rows) > MAX_ROWS:
                problems.append(Problem(filename, i, None, f"more than {MAX_ROWS:,} rows"))
                return None
    except csv.Error as exc:
        problems.append(Problem(filename, reader.line_num, None, f"unreadable CSV: {exc}"))
        return None
    if len(problems) > found:
        return None
    return _table(header, rows, index)


def _ragged(cells: int, width: int, sep: str) -> str:
    shown = {",": "comma", ";": "semicolon", "\t": "tab"}[sep]
    return (f"{cells} cells, the header has {width}: a {shown} too many or too few "
            "(values would land in the wrong columns)")


def _plain_body(text: str, sep: str, width: int) -> pd.DataFrame | None:
    """The data rows of a plain file, read by pandas' C parser; None when the file is not plain.

    Plain: no quote, no NUL, no line break but ``\n`` or ``\r\n``, every line holding exactly
    ``width - 1`` separators and at most :data:`MAX_CELL_CHARS` bytes, at most :data:`MAX_ROWS`
    rows and more than one column. Such a
    file has one reading (a line is a row, a separator ends a cell), so the result is exactly
    what the row-by-row reader in :func:`parse_csv` gives, only about ten times faster on a
    large file; every other file (and every file with a problem to report, with its row
    number) goes through that reader. Rows whose cells are all blank are left out, as there;
    the index is the spreadsheet row number.
    """
    if width < 2 or '"' in text or "\x00" in text:
        return None
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None
        text = text.replace("\r\n", "\n")
    end = text.find("\n")
    body = text[end + 1:] if end >= 0 else ""
    if not body:
        return pd.DataFrame(columns=range(width), dtype=object)
    data = np.frombuffer(body.encode("utf-8"), dtype=np.uint8)  # ASCII bytes are characters
    breaks = np.flatnonzero(data == 10)
    if len(breaks) == 0 or breaks[-1] != len(data) - 1:
        breaks = np.append(breaks, len(data))  # a last line without a line break
    if len(breaks) > MAX_ROWS or np.diff(breaks, prepend=-1).max() > MAX_CELL_CHARS:
        return None  # the reader below reports those (a line this long may hold a cell too long)
    seps = np.flatnonzero(data == ord(sep))
    per_line = np.diff(np.searchsorted(seps, breaks), prepend=0)
    if (per_line != width - 1).any():
        return None  # ragged lines or blank lines: the row-by-row reader reports or skips them
    df = pd.read_csv(io.StringIO(body), sep=sep, header=None, names=range(width), dtype=str,
                     keep_default_na=False, na_filter=False, quoting=csv.QUOTE_NONE,
                     skip_blank_lines=False, engine="c", index_col=False)
    if len(df) != len(breaks):
        return None
    df.index = np.arange(2, len(df) + 2)
    # A row is blank when all its cells are: only rows whose first cell is blank can be.
    first = df[0].to_numpy()
    maybe = np.flatnonzero(np.fromiter((not c.strip() for c in first), dtype=bool, count=len(first)))
    if len(maybe):
        blank = [i for i in maybe.tolist() if not "".join(df.iloc[i].tolist()).strip()]
        if blank:
            df = df.drop(index=df.index[blank])
    return df


def _table(header: list[str], rows: list[list[str]], index: list[int]) -> pd.DataFrame:
    """The data rows (text cells, none of them all blank) under their header names; columns
    without a header name are left out (unknown columns are ignored anyway). Cells are
    stripped later, with the types (package._normalise)."""
    df = pd.DataFrame(rows, columns=range(len(header)), dtype=object)
    df.index = index
    return _frame(header, df)


def _frame(header: list[str], df: pd.DataFrame) -> pd.DataFrame:
    """:func:`_table` of the rows in ``df`` (columns numbered, index the row numbers)."""
    header = [as_text(h) for h in header]
    keep = [j for j, h in enumerate(header) if h]
    df = df[keep] if keep != list(range(len(header))) else df
    df.columns = [header[j] for j in keep]
    if len(df.columns) < len(header) and len(df.columns):  # what is left may be blank now
        df = df[~df.apply(lambda col: col.str.strip() == "").all(axis=1)]
    return df


# ---------------------------------------------------------------------------------------------
# XLSX workbooks: a zip too, so its entries are checked first; then each sheet's XML is
# scanned (size, formulas, merged cells) before openpyxl reads values from it.

_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _sheet_paths(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> its XML entry, from the workbook's own index."""
    infos = {i.filename: i for i in zf.infolist()}
    book = ElementTree.fromstring(_read_member(zf, infos["xl/workbook.xml"]))
    rels = ElementTree.fromstring(_read_member(zf, infos["xl/_rels/workbook.xml.rels"]))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for el in book.iter():
        if _local(el.tag) == "sheet":
            target = targets.get(el.get(_NS_REL), "")
            target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            out[el.get("name", "")] = str(PurePosixPath(target))
    return out


def _scan_sheet(zf: zipfile.ZipFile, member: str, sheet: str, problems: list[Problem]) -> tuple[int, int]:
    """Check the sheet before reading it: declared and real size within the limits, no
    formulas, no merged cells. Returns the last row and column that hold a value."""
    found = len(problems)
    last_row = last_col = 0
    with zf.open(member) as stream:
        for _event, el in ElementTree.iterparse(stream, events=("end",)):
            tag = _local(el.tag)
            if tag == "c":
                ref = el.get("r", "")
                m = _CELL_REF.fullmatch(ref)
                if m and any(_local(ch.tag) in ("v", "is") for ch in el):
                    last_col = max(last_col, _col_number(m.group(1)))
                    if last_col > MAX_COLUMNS:
                        problems.append(Problem(f"{sheet} (sheet)", None, None,
                                                f"{sheet}!{ref}: more than {MAX_COLUMNS} columns"))
                        raise _Refused
                if any(_local(ch.tag) == "f" for ch in el):
                    problems.append(Problem(f"{sheet} (sheet)", int(m.group(2)) if m else None, None,
                                            f"{sheet}!{ref} holds a formula: the package takes values only "
                                            "(copy and paste as values)"))
            elif tag == "row":
                last_row = max(last_row, int(el.get("r") or last_row + 1))
                el.clear()
                if last_row > MAX_XLSX_ROWS + 1:
                    problems.append(Problem(f"{sheet} (sheet)", None, None,
                                            f"more than {MAX_XLSX_ROWS:,} rows (save larger tables as CSV)"))
                    raise _Refused
            elif tag == "mergeCell":
                ref = el.get("ref", "")
                m = _CELL_REF.match(ref)
                problems.append(Problem(f"{sheet} (sheet)", int(m.group(2)) if m else None, None,
                                        f"{sheet}!{ref} is a merged cell: unmerge it and fill in every cell"))
            elif tag == "dimension":
                ref = el.get("ref", "")
                end = _CELL_REF.fullmatch(ref.rsplit(":", 1)[-1])
                if end and (int(end.group(2)) > MAX_XLSX_ROWS + 1 or _col_number(end.group(1)) > MAX_COLUMNS):
                    problems.append(Problem(f"{sheet} (sheet)", None, None,
                                            f"the sheet declares its size as {ref}; at most {MAX_COLUMNS} "
                                            f"columns and {MAX_XLSX_ROWS:,} rows (delete the empty rows and "
                                            "columns beyond the data)"))
                    raise _Refused
            if len(problems) - found >= 20:
                raise _Refused
    return last_row, last_col


def _read_xlsx(path: Path, problems: list[Problem], names: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    import openpyxl  # imported here: only workbook users pay for it

    with _open_zip(path, problems, ".xlsx workbook") as zf:
        try:
            sheets = _sheet_paths(zf)
        except (KeyError, ElementTree.ParseError, zipfile.BadZipFile):
            problems.append(Problem(path.name, None, None, "not a readable .xlsx workbook"))
            raise _Refused from None
        chosen: dict[str, str] = {}
        for title in sheets:
            name = title.strip().lower().removesuffix(".csv")
            if name in names:
                if name in chosen:
                    problems.append(Problem(path.name, None, None,
                                            f"ambiguous: sheets '{chosen[name]}' and '{title}' are both {name}"))
                    raise _Refused
                chosen[name] = title
        last_rows = {}
        try:
            for name, title in chosen.items():
                last_rows[name] = _scan_sheet(zf, sheets[title], title, problems)
        except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, EOFError) as exc:
            problems.append(Problem(path.name, None, None, f"not a readable .xlsx workbook ({exc})"))
            raise _Refused from None
        if len(problems):
            raise _Refused from None
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        problems.append(Problem(path.name, None, None, f"not a readable .xlsx workbook: {exc}"))
        raise _Refused from None
    raw = {}
    try:
        for name, title in chosen.items():
            df = _sheet_table(wb[title], title, last_rows[name], problems)
            if df is not None:
                raw[name] = df
    finally:
        wb.close()
    return raw


def _sheet_table(ws: Any, title: str, size: tuple[int, int], problems: list[Problem]) -> pd.DataFrame | None:
    ws.reset_dimensions()  # the scan found the real size; the declared one may lie
    last_row, last_col = size
    rows = [list(r) for r in ws.iter_rows(max_row=max(last_row, 1), max_col=max(last_col, 1),
                                          values_only=True)]
    while rows and all(v is None or as_text(v) == "" for v in rows[-1]):
        rows.pop()
    if not rows:
        problems.append(Problem(f"{title} (sheet)", 1, None, "empty sheet: a header row is needed"))
        return None
    header = [as_text(h) for h in rows[0]]
    while header and header[-1] == "":
        header.pop()
    width = len(header)
    kept, index, found = [], [], len(problems)
    for i, r in enumerate(rows[1:], start=2):
        cells = [as_text(v) for v in r]
        beyond = [j for j in range(width, len(cells)) if cells[j]]
        if beyond:
            ref = f"{title}!{_col_letters(beyond[0] + 1)}{i}"
            problems.append(Problem(f"{title} (sheet)", i, None,
                                    f"{ref} is to the right of the last column with a header"))
            continue
        cells = (cells + [""] * width)[:width]
        if any(cells):
            kept.append(cells)
            index.append(i)
    if len(problems) > found:
        return None
    return _table(header, kept, index)


def _col_letters(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out

