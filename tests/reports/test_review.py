"""Review: alice (researcher) sends the case report to bob (coordinator of testnet), who reads
it with a coordinator's privacy, comments per section, asks for changes or approves; every
version is kept and the approved one is frozen. carol (other network), dave (participant) and
eve (no role) see nothing."""

from __future__ import annotations

import io
import zipfile

import pytest

from olievlek.accounts.models import AuditEntry
from olievlek.reports import actions
from olievlek.reports.models import APPROVED, CHANGES, SENT, Comment

URL = "/networks/testnet/reports/2025/"
NAMES = ["Anna Aardeweg", "Bram Beukenhout", "Cato Cederveld", "Eva Essenrijk"]


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    from django.utils import translation

    with translation.override("en"):
        yield


def test_coordinator_sees_nothing_before_it_is_sent(network, users, client_for):
    client_for(users["alice"]).get(URL)  # the report exists as a draft
    assert client_for(users["bob"]).get(URL).status_code == 404
    assert client_for(users["bob"]).get("/networks/testnet/reports/").status_code == 200


def test_review_flow(network, users, client_for):
    alice = client_for(users["alice"])
    alice.post(URL + "autosave/", {"section": "inleiding", "text": "Versie een."})
    assert alice.post(URL + "send/").status_code == 302
    report = network.case_reports.get(year=2025)
    assert report.status == SENT and report.latest.number == 1

    bob = client_for(users["bob"])
    page = bob.get(URL)
    assert page.status_code == 200 and b"Versie een." in page.content
    assert b'name="decision" value="approve"' in page.content
    for name in NAMES:  # pseudonyms: the wave does not allow names to coordinators
        assert name.encode() not in page.content
    assert b"&lt;3" in page.content  # small groups suppressed for him
    for fmt in ("docx", "xlsx", "html"):  # and the downloads say no more than the page
        body = bob.get(f"{URL}report.{fmt}").content
        if body.startswith(b"PK"):
            with zipfile.ZipFile(io.BytesIO(body)) as z:
                body = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))
        for name in NAMES:
            assert name.encode() not in body, (fmt, name)
    bob.post(URL + "versions/1/comment/", {"section": "netwerk", "text": "Mis de PLG C."})
    bob.post(URL + "versions/1/decide/", {"decision": "changes"})
    report.refresh_from_db()
    assert report.status == CHANGES
    assert Comment.objects.get().section == "netwerk"

    alice = client_for(users["alice"])
    assert b"Mis de PLG C." in alice.get(URL + "?version=1").content
    alice.post(URL + "autosave/", {"section": "inleiding", "text": "Versie twee."})
    alice.post(URL + "send/")
    bob = client_for(users["bob"])
    bob.post(URL + "versions/2/decide/", {"decision": "approve"})
    report.refresh_from_db()
    assert report.status == APPROVED and report.approved.number == 2
    assert [v.texts["inleiding"] for v in report.versions.order_by("number")] == [
        "Versie een.", "Versie twee."]
    actions_logged = set(AuditEntry.objects.filter(object_type="case report")
                         .values_list("action", flat=True))
    assert actions_logged >= {"report-draft", "report-send", "report-comment", "report-changes",
                              "report-approve"}


def test_approved_version_is_frozen(network):
    report = actions.report_for(network, 2025)
    actions.save_draft(report, "inleiding", "Tekst.", actor="alice")
    version = actions.send(report, actor="alice")
    actions.decide(version, approve=True, actor="bob")
    frozen = list(version.parts)
    with pytest.raises(actions.ReportError):
        actions.comment(version, "inleiding", "Te laat.", actor="bob")
    with pytest.raises(actions.ReportError):
        actions.decide(version, approve=False, actor="bob")
    # New data and new draft text leave the approved version as it was.
    network.units.filter(key="u-b").update(name="PLG Nieuw")
    actions.save_draft(report, "inleiding", "Nieuwe tekst.", actor="alice")
    version.refresh_from_db()
    assert version.parts == frozen and version.texts["inleiding"] == "Tekst."
    assert "PLG B" in str(version.parts) and "PLG Nieuw" not in str(version.parts)


@pytest.mark.parametrize("who", ["carol", "dave", "eve"])
def test_others_get_404(network, users, client_for, who):
    report = actions.report_for(network, 2025)
    actions.send(report, actor="alice")
    client = client_for(users[who])
    for url in (URL, URL + "?version=1", URL + "report.docx?version=1",
                "/networks/testnet/reports/"):
        assert client.get(url).status_code == 404, url
    assert client.post(URL + "versions/1/decide/", {"decision": "approve"}).status_code == 404


def test_researcher_cannot_decide_and_coordinator_cannot_write(network, users, client_for):
    report = actions.report_for(network, 2025)
    actions.send(report, actor="alice")
    alice = client_for(users["alice"])
    assert alice.post(URL + "versions/1/decide/", {"decision": "approve"}).status_code == 404
    bob = client_for(users["bob"])
    assert bob.post(URL + "autosave/", {"section": "inleiding", "text": "x"}).status_code == 404
    assert bob.post(URL + "send/").status_code == 404


def test_erasure_removes_the_name_from_stored_reports(network):
    from olievlek.networks.actions import erase_person

    report = actions.report_for(network, 2025)
    actions.save_draft(report, "deelnemers", "Cato Cederveld trekt PLG A.", actor="alice")
    version = actions.send(report, actor="alice")
    assert "Cato Cederveld" in str(version.parts)
    erase_person(network.people.get(key="p3"), actor="test")
    version.refresh_from_db()
    report.refresh_from_db()
    assert "Cato Cederveld" not in str(version.parts) + str(version.texts) + str(report.texts)
    assert "[erased] trekt PLG A." == report.texts["deelnemers"]
