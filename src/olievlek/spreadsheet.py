"""CSV and XLSX downloads that cannot run imported text as formulas.

Names of units, roles, organisations and topics come from imported packages and
questionnaires; a spreadsheet would run a cell such as ``=HYPERLINK(...)`` as a formula. Every
download that holds such text is written through here (pure, no Django).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

import pandas as pd

__all__ = ["NUMBER", "csv_bytes", "safe_cell", "safe_frame", "xlsx_bytes"]

# Text that is a number as written ("+2", "-0.5", "1,5"): shown as such, never escaped.
NUMBER = re.compile(r"[+-]?\d[\d.,]*")


def safe_cell(value):
    """A value for a spreadsheet cell: text a spreadsheet would run as a formula gets a
    leading apostrophe; numbers, and text that is a signed number, are left alone.

    >>> safe_cell("=1+1"), safe_cell("+2"), safe_cell("PLG 1"), safe_cell(3)
    ("'=1+1", '+2', 'PLG 1', 3)
    """
    if value is None:
        return ""
    risky = isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r")
    if risky and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells and headers are :func:`safe_cell`."""
    out = df.copy()
    for col in out.columns:
        if not (out[col].dtype == object or pd.api.types.is_string_dtype(out[col])):
            continue
        # Only the risky cells change: mapping the whole column would re-infer its dtype
        # (whole numbers with gaps would be written as 4.0).
        risky = out[col].map(lambda v: isinstance(v, str) and safe_cell(v) != v).astype(bool)
        if risky.any():
            out.loc[risky, col] = out.loc[risky, col].map(safe_cell)
    out.columns = [safe_cell(c) if isinstance(c, str) else c for c in out.columns]
    return out


def csv_bytes(header: Sequence, rows: Iterable[Sequence], *, bom: bool = False) -> bytes:
    """UTF-8 CSV (with a byte-order mark when ``bom``, so Excel reads accents right)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([safe_cell(str(c)) for c in header])
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return buf.getvalue().encode("utf-8-sig" if bom else "utf-8")


def xlsx_bytes(sheets: Iterable[tuple[str, Sequence, Iterable[Sequence]]]) -> bytes:
    """An .xlsx workbook with one sheet per ``(title, header, rows)``."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, header, rows in sheets:
        ws = wb.create_sheet(title[:31] or "sheet")
        ws.append([safe_cell(str(c)) for c in header])
        for row in rows:
            ws.append([safe_cell(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
