"""DOCX, XLSX and HTML of a case report: real headings in order, a TOC field, Word tables,
figures with captions, the demo banner, the footer; the same data and text give the same
bytes."""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest

from olievlek.accounts.access import Viewer
from olievlek.reports import actions, formats
from olievlek.reports.document import build

from .test_case_report import _PNG

RESEARCHER = Viewer("alice", "researcher")


@pytest.fixture(autouse=True)
def _english_and_fast_png(monkeypatch):
    from django.utils import translation

    monkeypatch.setattr("olievlek.pictures.png_for", lambda svg, scale=2.0: _PNG)
    with translation.override("en"):
        yield


@pytest.fixture
def doc(network):
    report = actions.report_for(network, 2025)
    actions.save_draft(report, "inleiding", "# Aanleiding\n\nHet netwerk *groeit*, zie "
                       "[[fig:sociogram]].\n\n- een\n- twee", actor="alice")
    report.refresh_from_db()
    return build(report, RESEARCHER)


def test_docx_headings_tables_figures(doc, settings):
    import docx

    settings.DEMO = True
    doc.demo = True
    body = formats.to_docx(doc)
    document = docx.Document(io.BytesIO(body))
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name.startswith("Heading")]
    assert [t for s, t in headings if s == "Heading 1"] == [
        "Contents", "1. Introduction", "2. Network: structure and organisation",
        "3. Participants: roles and role conceptions", "4. Activities", "5. Outcomes"]
    assert ("Heading 2", "Aanleiding") in headings
    assert len(document.tables) == len(doc.tables) > 3
    assert document.tables[0].rows[0].cells[0].text == doc.tables[0].columns[0]
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions[0].startswith("Figure 1. System picture")
    assert any(c.startswith("Table 1. ") for c in captions)
    texts = [p.text for p in document.paragraphs]
    assert texts[0].startswith("Demo: every person")
    assert "Het netwerk groeit, zie Figure 2." in texts
    xml = zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml").decode()
    assert 'TOC \\o "1-3"' in xml and "w:drawing" in xml
    footer = document.sections[0].footer.paragraphs[0].text
    assert footer == doc.footer and footer.startswith("Study year 2025 · version draft")


def test_same_data_and_text_give_the_same_bytes(network, doc):
    report = network.case_reports.get(year=2025)
    again = build(report, RESEARCHER)
    assert formats.to_docx(doc) == formats.to_docx(again)
    assert formats.to_xlsx(doc) == formats.to_xlsx(again)
    actions.save_draft(report, "inleiding", "Anders.", actor="alice")
    report.refresh_from_db()
    assert formats.to_docx(build(report, RESEARCHER)) != formats.to_docx(doc)


def test_xlsx_has_every_table(doc):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(formats.to_xlsx(doc)))
    assert len(wb.sheetnames) == len(doc.tables) + 1
    first = wb[wb.sheetnames[1]]
    assert first["A1"].value.startswith("Table 1")
    assert [c.value for c in first[2]] == doc.tables[0].columns


def test_html_file_and_downloads(network, users, client_for, doc):
    html = formats.to_html(doc).decode()
    assert "<script" not in html and doc.footer in html and "Figure 2" in html
    client = client_for(users["alice"])
    for fmt in ("docx", "xlsx", "html"):
        response = client.get(f"/networks/testnet/reports/2025/report.{fmt}")
        assert response.status_code == 200
        assert response["Content-Type"] == formats.CONTENT_TYPES[fmt]


def test_pdf_converts(doc):
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        with pytest.raises(RuntimeError, match="LibreOffice"):
            formats.to_pdf(doc)
        pytest.skip("PDF: LibreOffice (soffice) is not installed here")
    import io

    from pypdf import PdfReader

    pdf = formats.to_pdf(doc)
    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert doc.title.split()[0] in text  # the report itself, not an empty page
    assert doc.footer.split()[0] in text
