"""A :class:`~olievlek.reports.document.Document` as DOCX, XLSX and a standalone HTML file.

Reproducible: the same data and text give the same bytes. Zip entries get one fixed
timestamp and the documents' core properties (created, modified) the date of the data, so a
diff of two reports shows a real change and nothing else.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from . import markup
from .document import Document, citation_labels
from .parts import FIGURE, NOTE, TABLE, Part

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def fixed_moment(doc: Document) -> dt.datetime:
    day = doc.data_date or dt.date(2000, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def normalise_zip(data: bytes, moment: dt.datetime) -> bytes:
    """``data`` (a DOCX or XLSX) with fixed zip timestamps and core-property dates."""
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = body.decode()
                for tag in ("created", "modified"):
                    text = re.sub(rf"(<dcterms:{tag}[^>]*>)[^<]*(</dcterms:{tag}>)",
                                  rf"\g<1>{stamp}\g<2>", text)
                text = re.sub(r"<cp:lastPrinted>[^<]*</cp:lastPrinted>", "", text)
                body = text.encode()
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, body)
    return out.getvalue()


def caption(part: Part) -> str:
    return f"{part.label}. {part.title}" if part.label else part.title


def cell_text(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return str(value)


# -- HTML ----------------------------------------------------------------------------------------

def to_html(doc: Document) -> bytes:
    """A standalone HTML file (no script, styles inline in the head)."""
    return render_to_string("reports/standalone.html", {"doc": doc}).encode()


# -- DOCX ----------------------------------------------------------------------------------------

def _toc(paragraph) -> None:
    """A table-of-contents field; Word fills it in when the document is opened (updateFields)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def fld(kind: str):
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            el.set(qn("w:dirty"), "true")
        return el

    run = paragraph.add_run()
    run._r.append(fld("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = 'TOC \\o "1-3" \\h \\z \\u'
    run._r.append(instr)
    run._r.append(fld("separate"))
    text = OxmlElement("w:t")
    text.text = _("Right-click to update the table of contents.")
    run._r.append(text)
    run._r.append(fld("end"))


def _update_fields_on_open(document) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = document.settings.element
    el = OxmlElement("w:updateFields")
    el.set(qn("w:val"), "true")
    settings.append(el)


def _inline(paragraph, token) -> None:
    """The runs of one inline Markdown token: bold, italic and code kept."""
    bold = italic = False
    for child in token.children or []:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type in ("text", "code_inline"):
            run = paragraph.add_run(child.content)
            run.bold, run.italic = bold or None, italic or None
        elif child.type in ("softbreak", "hardbreak"):
            paragraph.add_run(" ")


def _markdown(document, text: str) -> None:
    """The researcher's Markdown as Word paragraphs: headings, lists, quotes, emphasis."""
    style = "Normal"
    level = 0
    for token in markup.tokens(text):
        if token.type == "heading_open":
            level = min(int(token.tag[1]) + 1, 4)
        elif token.type == "heading_close":
            level = 0
        elif token.type == "bullet_list_open":
            style = "List Bullet"
        elif token.type == "ordered_list_open":
            style = "List Number"
        elif token.type in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            style = "Normal"
        elif token.type == "blockquote_open":
            style = "Quote"
        elif token.type == "inline":
            if level:
                document.add_heading(token.content, level=level)
            else:
                _inline(document.add_paragraph(style=style), token)
        elif token.type in ("fence", "code_block"):
            document.add_paragraph(token.content.rstrip("\n"))


def _rows(table, rows: list[list]) -> None:
    """Append ``rows`` to a Word table: each a copy of one empty row python-docx made, its
    cells given a run of text. What ``table.add_row().cells[i].text = ...`` writes, without
    python-docx's per-cell lookups (most of a long report's DOCX time); text with a line break
    or tab goes through python-docx, which turns them into Word breaks and tabs."""
    import copy

    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if not rows:
        return
    empty = table.add_row()._tr
    tbl = empty.getparent()
    tbl.remove(empty)
    tc_tag, p_tag, space = qn("w:tc"), qn("w:p"), qn("xml:space")
    for row in rows:
        tr = copy.deepcopy(empty)
        tbl.append(tr)
        texts = [cell_text(v) for v in row]
        if any("\n" in t or "\t" in t for t in texts):
            for cell, text in zip(table.rows[-1].cells, texts):
                cell.text = text
            continue
        for tc, text in zip(tr.iterchildren(tc_tag), texts):
            if not text:
                continue
            run, t = OxmlElement("w:r"), OxmlElement("w:t")
            t.text = text
            if text != text.strip():
                t.set(space, "preserve")
            run.append(t)
            tc.find(p_tag).append(run)


def _part(document, part: Part) -> None:
    from docx.shared import Cm

    if part.kind == NOTE:
        document.add_paragraph().add_run(part.note).italic = True
        return
    if part.kind == FIGURE:
        from olievlek.pictures import png_for

        document.add_picture(io.BytesIO(png_for(part.svg, scale=1.0)), width=Cm(16))
        document.add_paragraph(caption(part), style="Caption")
    elif part.kind == TABLE:
        document.add_paragraph(caption(part), style="Caption")
        table = document.add_table(rows=1, cols=max(len(part.columns), 1))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, part.columns):
            cell.text = ""
            cell.paragraphs[0].add_run(str(text)).bold = True
        _rows(table, part.rows)
    if part.note:
        document.add_paragraph().add_run(part.note).italic = True


def to_docx(doc: Document) -> bytes:
    """Real Word headings (Heading 1 per section), a TOC field, Word tables, figures as PNG
    images with captions, the demo banner when the data is synthetic, the footer line."""
    import docx

    document = docx.Document()
    props = document.core_properties
    moment = fixed_moment(doc).replace(tzinfo=None)
    props.title, props.author, props.last_modified_by = doc.title, "olievlek", "olievlek"
    props.created = props.modified = moment
    props.revision = doc.version or 1
    if doc.demo:
        banner = document.add_paragraph()
        banner.add_run(_("Demo: every person, network member and answer shown here is "
                         "synthetic, generated from the study's published figures.")).bold = True
    document.add_heading(doc.title, level=0)
    document.add_paragraph(doc.footer)
    document.add_heading(_("Contents"), level=1)
    _toc(document.add_paragraph())
    _update_fields_on_open(document)
    labels = citation_labels(doc)
    for section in doc.sections:
        document.add_heading(f"{section.number}. {section.title}", level=1)
        for part in section.parts:
            _part(document, part)
        _markdown(document, markup.plain_citations(section.text, labels, doc.quotes))
    for sect in document.sections:
        sect.footer.paragraphs[0].text = doc.footer
    out = io.BytesIO()
    document.save(out)
    return normalise_zip(out.getvalue(), fixed_moment(doc))


# -- XLSX ----------------------------------------------------------------------------------------

def to_xlsx(doc: Document) -> bytes:
    """Every table of the report, one sheet each ("Tabel 3 ..."), and a first sheet listing
    them with the footer line."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from olievlek.spreadsheet import safe_cell

    wb = Workbook()
    index = wb.active
    index.title = _("Report")[:31]
    index.append([doc.title])
    index.append([doc.footer])
    index.append([])
    for part in doc.tables:
        title = f"{part.label} {part.title}"
        index.append([part.label, safe_cell(part.title)])
        ws = wb.create_sheet(re.sub(r"[\[\]:*?/\\]", " ", title)[:31])
        ws.append([safe_cell(title)])
        ws["A1"].font = Font(bold=True)
        ws.append([safe_cell(str(c)) for c in part.columns])
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in part.rows:
            ws.append([safe_cell(v) for v in row])
        if part.note:
            ws.append([])
            ws.append([safe_cell(part.note)])
        ws.append([])
        ws.append([doc.footer])
    moment = fixed_moment(doc).replace(tzinfo=None)
    wb.properties.creator = "olievlek"
    wb.properties.title = doc.title
    wb.properties.created = wb.properties.modified = moment
    out = io.BytesIO()
    wb.save(out)
    return normalise_zip(out.getvalue(), fixed_moment(doc))


# -- PDF -----------------------------------------------------------------------------------------

def to_pdf(doc: Document) -> bytes:
    """The DOCX converted by LibreOffice (``soffice``), when it is installed."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError(_("PDF needs LibreOffice (soffice), which is not installed here."))
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "report.docx"
        source.write_bytes(to_docx(doc))
        # A profile of its own per conversion: two at once would otherwise share (and lock)
        # the user's profile, and the server's user may have no writable home.
        profile = (Path(folder) / "profile").as_uri()
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", folder, str(source)], check=True, capture_output=True, timeout=300)
        return (Path(folder) / "report.pdf").read_bytes()


def write(doc: Document, fmt: str) -> bytes:
    if fmt == "docx":
        return to_docx(doc)
    if fmt == "xlsx":
        return to_xlsx(doc)
    if fmt == "html":
        return to_html(doc)
    if fmt == "pdf":
        return to_pdf(doc)
    raise ValueError(fmt)
