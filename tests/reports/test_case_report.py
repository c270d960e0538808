"""Case reports: generated parts numbered per section, each saying so without data; written
text sanitised with citations; autosave; the researcher's report of one network per year."""

from __future__ import annotations

import pytest

from olievlek.accounts.access import Viewer
from olievlek.accounts.models import AuditEntry
from olievlek.reports import actions, markup
from olievlek.reports.document import build
from olievlek.reports.models import SECTION_KEYS
from olievlek.reports.parts import FIGURE, NOTE, TABLE, Context, generate


@pytest.fixture(autouse=True)
def _english_and_fast_png(monkeypatch):
    from django.utils import translation

    monkeypatch.setattr("olievlek.pictures.png_for", lambda svg, scale=2.0: _PNG)
    with translation.override("en"):
        yield


def _png() -> bytes:
    """A 1x1 PNG: the DOCX embeds it; rasterising itself is tested with the insight pages."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


_PNG = _png()
RESEARCHER = Viewer("alice", "researcher")


def test_every_section_with_data_is_numbered(network):
    parts = generate(Context(network, 2025, RESEARCHER))
    keys = [p.key for p in parts]
    assert keys[:2] == ["system", "units"]
    assert "sociogram" in keys and "participants-roles" in keys and "change" in keys
    figures = [p.number for p in parts if p.kind == FIGURE]
    tables = [p.number for p in parts if p.kind == TABLE]
    assert figures == list(range(1, len(figures) + 1))
    assert tables == list(range(1, len(tables) + 1))
    sociogram = next(p for p in parts if p.key == "sociogram")
    assert sociogram.svg.startswith("<svg") and sociogram.label == "Figure 2"


def test_without_data_each_part_says_so(db):
    from olievlek.networks.models import Network

    empty = Network.objects.create(slug="leeg", name="Leeg netwerk")
    parts = generate(Context(empty, 2024, RESEARCHER))
    notes = {p.key: p.note for p in parts if p.kind == NOTE}
    assert notes["participants"] == "No questionnaire this year."
    assert notes["sociogram"] == "No questionnaire this year."
    assert set(notes) >= {"system", "units", "participants", "sociogram", "change", "activities",
                          "portfolio", "codes"}
    assert all(p.kind == NOTE for p in parts)


def test_activities_of_the_year_and_the_rhythm_per_unit(network):
    import datetime as dt

    from olievlek.activities import actions as activity_actions
    from olievlek.activities.models import Activity

    unit = network.units.get(key="u-stuur")
    people = list(network.people.all()[:3])
    for key, day, kind, observed in [("a1", dt.date(2025, 3, 4), "bijeenkomst", True),
                                     ("a2", dt.date(2025, 5, 6), "bijeenkomst", False),
                                     ("a3", dt.date(2025, 9, 9), "studiedag", False),
                                     ("old", dt.date(2024, 3, 3), "studiedag", False)]:
        activity_actions.save_activity(
            Activity(network=network, key=key, date=day, kind=kind, observed=observed),
            units=[unit], people=people, guests=["Gast BV"], actor="alice")
    activity_actions.save_rhythm(unit, 6, actor="alice")
    before = actions_data_hash(network)
    parts = {p.key: p for p in generate(Context(network, 2025, RESEARCHER))}
    table = parts["activities"]
    assert table.kind == TABLE
    # 2025 only; each activity had 3 people and 1 guest.
    assert table.rows == [["meeting", 2, 8, 1], ["study day", 1, 4, 0]]
    rhythm = {(row[0], row[1]): row[2:] for row in parts["rhythm"].rows}
    assert rhythm[(unit.name, "2024-2025")] == [6, 2]  # a1 and a2; "old" is of 2023-2024
    assert rhythm[(unit.name, "2025-2026")] == [6, 1]
    assert (unit.name, "2023-2024") not in rhythm  # not a school year of the study year
    Activity.objects.get(key="a3").delete()
    assert actions_data_hash(network) != before  # the report's footer hash follows the data


def actions_data_hash(network) -> str:
    from olievlek.reports.parts import data_hash

    return data_hash(network, 2025)


def test_first_year_has_no_change(network):
    notes = {p.key: p.note for p in generate(Context(network, 2024, RESEARCHER))
             if p.kind == NOTE}
    assert "change" in notes and "sociogram" not in notes


def test_markdown_is_sanitised_and_citations_resolve():
    html = markup.render("# Kop\n\n<script>alert(1)</script> [x](javascript:alert(1)) "
                         "zie [[fig:sociogram]] en [[table:nope]] en [[quote:7]]",
                         {"sociogram": ("Figuur 2", "part-sociogram")},
                         {"7": markup.Quote("We <leren> samen", "Interview 1")})
    assert "<script" not in html and "href=\"javascript" not in html
    assert '<a href="#part-sociogram" rel="noopener noreferrer">Figuur 2</a>' in html
    assert '<span class="cite-missing">[[table:nope]]</span>' in html
    assert "<q>We &lt;leren&gt; samen</q> (<cite>Interview 1</cite>)" in html
    assert "<h3>Kop</h3>" in html


def test_save_draft_checks_and_audits(network):
    report = actions.report_for(network, 2025)
    actions.save_draft(report, "inleiding", "Het netwerk **groeit**.", actor="alice")
    report.refresh_from_db()
    assert report.texts == {"inleiding": "Het netwerk **groeit**."}
    assert AuditEntry.objects.filter(action="report-draft", actor="alice").count() == 1
    with pytest.raises(actions.ReportError):
        actions.save_draft(report, "inleiding", "x" * 50_001, actor="alice")
    with pytest.raises(actions.ReportError):
        actions.save_draft(report, "inleiding", "a\x00b", actor="alice")
    with pytest.raises(actions.ReportError):
        actions.save_draft(report, "elders", "x", actor="alice")


def test_document_cites_by_number(network):
    report = actions.report_for(network, 2025)
    actions.save_draft(report, "deelnemers", "Zie [[fig:sociogram]].", actor="alice")
    report.refresh_from_db()
    doc = build(report, RESEARCHER)
    assert [s.key for s in doc.sections] == list(SECTION_KEYS)
    section = next(s for s in doc.sections if s.key == "deelnemers")
    assert ">Figure 2</a>" in section.html
    assert doc.footer.startswith("Study year 2025 · version draft · data of ")


def test_autosave_page(network, users, client_for):
    client = client_for(users["alice"])
    page = client.get("/networks/testnet/reports/2025/")
    assert page.status_code == 200
    assert b'data-autosave="inleiding"' in page.content and b"reports/autosave.js" in page.content
    answer = client.post("/networks/testnet/reports/2025/autosave/",
                         {"section": "inleiding", "text": "Eerste zin."})
    assert answer.status_code == 200 and answer.json()["ok"]
    assert b"Eerste zin." in client.get("/networks/testnet/reports/2025/").content
    refused = client.post("/networks/testnet/reports/2025/autosave/",
                          {"section": "inleiding", "text": "x" * 50_001})
    assert refused.status_code == 400 and not refused.json()["ok"]


def test_generated_parts_are_cached_per_data_version_and_follow_changes(network, monkeypatch):
    import datetime as dt

    from django.utils import translation

    from olievlek.activities import actions as activity_actions
    from olievlek.activities.models import Activity
    from olievlek.reports import parts as parts_mod

    calls = []
    real = parts_mod.generate
    monkeypatch.setattr(parts_mod, "generate",
                        lambda ctx, progress=None: calls.append(ctx.viewer.role) or real(ctx, progress))
    report = actions.report_for(network, 2025)
    first = build(report, RESEARCHER)
    again = build(report, RESEARCHER)
    assert len(calls) == 1  # the second view reads the cache
    assert [p.as_dict() for p in again.parts] == [p.as_dict() for p in first.parts]
    again.parts[0].rows.append(["changed by a caller"])
    assert [p.as_dict() for p in build(report, RESEARCHER).parts] == [p.as_dict() for p in first.parts]
    # another privacy (a coordinator under pseudonyms) and another language: their own parts
    bob = Viewer("bob", "coordinator", network.pk)
    build(report, bob)
    assert calls == ["researcher", "coordinator"]
    with translation.override("nl"):
        build(report, RESEARCHER)
    assert len(calls) == 3
    # data the version token follows (a name) and data it does not (activities) both show up
    person = network.people.get(key="p1")
    person.name = "Zz Nieuwe Naam"
    person.save()
    assert "Zz Nieuwe Naam" in repr([p.as_dict() for p in build(report, RESEARCHER).parts])
    assert len(calls) == 4
    activity_actions.save_activity(
        Activity(network=network, key="nieuw", date=dt.date(2025, 3, 4), kind="symposium"),
        units=[], people=[person], guests=[], actor="alice")
    table = next(p for p in build(report, RESEARCHER).parts if p.key == "activities")
    assert len(calls) == 5 and table.rows == [["symposium", 1, 1, 0]]


def test_the_current_study_years_parts_are_new_each_day(network, monkeypatch):
    """The current year counts up to today (``Context.end``): the same data viewed the next
    day gives parts up to that day, not yesterday's from the cache."""
    from freezegun import freeze_time

    from olievlek.reports import parts as parts_mod

    calls = []
    real = parts_mod.generate
    monkeypatch.setattr(parts_mod, "generate",
                        lambda ctx, progress=None: calls.append(ctx.end) or real(ctx, progress))
    report = actions.report_for(network, 2025)
    with freeze_time("2025-06-01 12:00"):
        build(report, RESEARCHER)
        build(report, RESEARCHER)
    with freeze_time("2025-06-02 12:00"):
        build(report, RESEARCHER)
    assert [str(d) for d in calls] == ["2025-06-01", "2025-06-02"]
