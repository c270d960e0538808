"""The cross-case report (researchers only) from the approved case reports; `olievlek
report`; a report written in the background with progress, for the user who asked."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from olievlek.reports import actions, crosscase, formats

from .test_case_report import _PNG


@pytest.fixture(autouse=True)
def _english_and_fast_png(monkeypatch, settings, tmp_path):
    from django.utils import translation

    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr("olievlek.pictures.png_for", lambda svg, scale=2.0: _PNG)
    with translation.override("en"):
        yield


def _approve(network, year=2025):
    report = actions.report_for(network, year)
    version = actions.send(report, actor="alice")
    return actions.decide(version, approve=True, actor="bob")


def test_crosscase_uses_approved_reports_only(network, other_network):
    assert [p.note for p in crosscase.build(2025, "en").parts] == [
        "No case report of this year is approved yet."]
    _approve(network)
    actions.report_for(other_network, 2025)  # a draft: not in the cross-case report
    doc = crosscase.build(2025, "en")
    titles = [p.title for p in doc.tables]
    assert titles[:3] == ["Networks and the years since their start",
                          "Networks per band of years since the start",
                          "Units per process, layers and practice teams"]
    assert [t[:9] for t in titles if t.startswith("Table 5.")] == [
        "Table 5.1", "Table 5.2", "Table 5.3"]
    history = doc.tables[0]
    assert history.rows == [["Testnetwerk", 2016, 9, "more than 8 years"]]
    assert doc.tables[1].rows == [["0 to 8 years", 0], ["more than 8 years", 1], ["unknown", 0]]
    leadership = next(p for p in doc.tables if p.key == "leadership")
    assert [r[0] for r in leadership.rows] == ["Testnetwerk"]
    # per network: core/periphery and islands, as the approved version froze the pages' tables
    version = network.case_reports.get(year=2025).approved
    frozen = {p["key"]: p for p in version.parts}
    core = next(p for p in doc.tables if p.key == "core")
    assert core.rows == [["Testnetwerk", *r] for r in frozen["leadership-core"]["rows"]]
    islands = next(p for p in doc.tables if p.key == "islands")
    assert islands.rows == [["Testnetwerk", *[r[1] for r in frozen["islands-figures"]["rows"]]]]
    assert formats.to_docx(doc) == formats.to_docx(crosscase.build(2025, "en"))


def test_history_bands_are_those_of_the_study_text():
    # 5.1: "langer dan 8 jaar", "0 tot 8 jaar", and networks whose start is not known
    assert [crosscase.band(y) for y in (0, 8, 9, 40, None)] == [
        "0 to 8 years", "0 to 8 years", "more than 8 years", "more than 8 years", "unknown"]


def test_crosscase_page_is_for_researchers(network, users, client_for):
    assert client_for(users["bob"]).get("/reports/2025/cross-case/").status_code == 404
    alice = client_for(users["alice"])
    assert alice.get("/reports/2025/cross-case/").status_code == 200
    saved = alice.post("/reports/2025/cross-case/", {"section": "geschiedenis", "text": "Oud."})
    assert saved.json()["ok"]
    assert crosscase.build(2025).sections[0].text == "Oud."
    assert alice.get("/reports/2025/cross-case/report.xlsx").status_code == 200


def test_command_writes_a_report(network, other_network, tmp_path, capsys):
    import docx

    from olievlek.cli import main

    out = tmp_path / "testnet.docx"
    assert main(["report", "testnet", "--year", "2025", "--format", "docx", "--out",
                 str(out), "--lang", "en"]) == 0
    document = docx.Document(io.BytesIO(out.read_bytes()))
    assert any(p.text == "1. Introduction" for p in document.paragraphs)
    assert main(["report", "--all", "--year", "2025", "--format", "xlsx", "--out",
                 str(tmp_path / "all")]) == 0
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == [
        "othernet-2025.xlsx", "testnet-2025.xlsx"]
    assert main(["report", "testnet", "--year", "2025", "--approved", "--out",
                 str(tmp_path / "x.docx")]) == 2


@pytest.mark.django_db(transaction=True)
def test_report_is_written_in_the_background(network, users, client_for):
    from olievlek.ops import jobs
    from olievlek.ops.models import Job

    alice = client_for(users["alice"])
    started = alice.post("/networks/testnet/reports/2025/generate/", {"format": "xlsx"})
    job = Job.objects.get(kind="report")
    assert started["Location"] == job.get_absolute_url()
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    job.refresh_from_db()
    assert job.status == Job.DONE, job.result
    assert jobs.progress_of(job)["done"] == jobs.progress_of(job)["total"] > 0
    url = job.result["url"]
    body = alice.get(url)
    assert body.status_code == 200 and body.content.startswith(b"PK")
    assert client_for(users["bob"]).get(url).status_code == 404  # not the one who asked


def test_tables_5_1_to_5_3_are_those_of_the_approved_versions_not_of_today(network):
    from olievlek.participants.actions import study_for
    from olievlek.surveys.models import Response
    from olievlek.tables.background import background_table

    _approve(network)
    doc = crosscase.build(2025, "en")
    frozen = {p.key: p.rows for p in doc.tables if p.key.startswith("table-5-")}
    assert list(frozen) == ["table-5-1", "table-5-2", "table-5-3"]
    live = crosscase._frame("x", "deelnemers", "x",
                            background_table(study_for([network], "2025"), "education_level"), "en")
    assert frozen["table-5-1"] == live.rows  # the same table as the tables library gives
    # data changed after approval: the cross-case tables stay those of the approved version
    Response.objects.filter(wave__network=network).delete()
    again = {p.key: p.rows for p in crosscase.build(2025, "en").tables if p.key.startswith("table-5-")}
    assert again == frozen
