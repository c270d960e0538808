"""Sources in the browser: upload (good and bad files), the coding page, codings and memos."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from olievlek.accounts.models import AuditEntry
from olievlek.qda.models import Code, Coding, Source
from tests.coding.docs import docx, pdf

pytestmark = pytest.mark.django_db


def upload(client, name, data, **fields):
    post = {"kind": "interview", "title": "", "date": "2025-03-01", "study_year": "2",
            "event": "", "memo": "", **fields, "file": SimpleUploadedFile(name, data)}
    return client.post("/networks/testnet/sources/new/", post)


def test_researcher_uploads_a_docx_with_its_facts(client_for, users, network):
    client = client_for(users["alice"])
    p1 = network.people.get(key="p1")
    r = upload(client, "Interview coördinator.docx", docx(["Vraag: wat doet u?", "Antwoord."]),
               participants=[p1.pk], title="Oriënterend interview")
    assert r.status_code == 302
    s = Source.objects.get()
    assert (s.title, s.kind, str(s.date), s.study_year) == (
        "Oriënterend interview", "interview", "2025-03-01", 2)
    assert s.text == "Vraag: wat doet u?\nAntwoord."
    assert bytes(s.original)[:2] == b"PK" and s.original_name == "Interview coördinator.docx"
    assert list(s.participants.all()) == [p1]
    assert AuditEntry.objects.filter(action="source-add", object_key=s.guid).exists()
    page = client.get(r.url)
    assert page.status_code == 200
    assert b'data-start="19"' in page.content  # second line starts after 18 characters + \n
    assert client.get(f"{r.url}original/").content == bytes(s.original)


@pytest.mark.parametrize(("name", "data", "why"), [
    ("scan.pdf", pdf([]), "no text layer"),
    ("secret.pdf", pdf(["x"], password="pw"), "encrypted"),
    ("empty.txt", b"", "empty"),
    ("fake.docx", b"hello", "not a .docx file"),
])
def test_bad_file_is_refused_and_nothing_stored(client_for, users, network, name, data, why):
    r = upload(client_for(users["alice"]), name, data)
    assert r.status_code == 400
    assert why in r.content.decode()
    assert not Source.objects.exists()
    assert not AuditEntry.objects.filter(action="source-add").exists()


def test_only_researchers_see_sources(client_for, users, network):
    s = Source.objects.create(network=network, kind="memo", title="m", text="tekst")
    for who in ("bob", "dave", "eve"):
        client = client_for(users[who])
        for url in ("/networks/testnet/sources/", f"/networks/testnet/sources/{s.guid}/",
                    "/networks/testnet/sources/new/"):
            assert client.get(url).status_code == 404, (who, url)
    assert client_for(users["alice"]).get("/networks/testnet/").content.count(
        b"/networks/testnet/sources/") == 1
    assert b"/sources/" not in client_for(users["bob"]).get("/networks/testnet/").content


def test_empty_network_says_no_sources_yet(client_for, users, network):
    r = client_for(users["alice"]).get("/networks/testnet/sources/")
    assert r.status_code == 200 and b'class="empty"' in r.content


def test_apply_change_and_remove_codings(client_for, users, network):
    client = client_for(users["alice"])
    s = Source.objects.create(network=network, kind="interview", title="i",
                              text="Één 🎉 twee\ndrie vier")
    a = Code.objects.get(key="context_netwerk.geschiedenis.duur")
    b = Code.objects.get(key="activiteiten_netwerk.frequentie.ritme")
    url = f"/networks/testnet/sources/{s.guid}/"
    r = client.post(url + "codings/", {"start": 4, "end": 10, "codes": [a.pk, b.pk], "memo": "m"})
    assert r.status_code == 302
    assert sorted(Coding.objects.values_list("quote", "code__key")) == sorted([
        ("🎉 twee", a.key), ("🎉 twee", b.key)])
    page = client.get(url).content.decode()
    assert page.count('class="mark code-') == 2 and "🎉 twee" in page
    c = Coding.objects.get(code=b)
    client.post(url + f"codings/{c.guid}/", {"code": a.pk, "memo": "anders"})
    c.refresh_from_db()
    assert (c.code, c.memo) == (a, "anders")
    client.post(url + f"codings/{c.guid}/remove/")
    assert Coding.objects.count() == 1
    # a selection outside the text or without a code changes nothing
    client.post(url + "codings/", {"start": 4, "end": 999, "codes": [a.pk]})
    client.post(url + "codings/", {"start": 4, "end": 6})
    assert Coding.objects.count() == 1
    assert {"coding-add", "coding-change", "coding-remove", "source-view"} <= set(
        AuditEntry.objects.values_list("action", flat=True))


def test_memos_on_source_and_code(client_for, users, network):
    client = client_for(users["alice"])
    s = Source.objects.create(network=network, kind="memo", title="m", text="tekst")
    client.post(f"/networks/testnet/sources/{s.guid}/memo/", {"memo": "eerste indruk"})
    s.refresh_from_db()
    assert s.memo == "eerste indruk"
    code = Code.objects.get(key="context_netwerk.geschiedenis.duur")
    client.post(f"/coding/codes/{code.guid}/", {"memo": "let op: twee codes duur"})
    code.refresh_from_db()
    assert code.memo == "let op: twee codes duur"
    assert client_for(users["bob"]).get(f"/coding/codes/{code.guid}/").status_code == 404


def test_codes_css_gives_each_code_its_category_colour(client_for, users):
    css = client_for(users["alice"]).get("/coding/codes.css").content.decode()
    code = Code.objects.get(key="context_netwerk.geschiedenis.duur")
    assert f".code-{code.pk}{{--code:#" in css


def test_person_page_lists_their_sources_for_researchers_only(client_for, users, network):
    p1 = network.people.get(key="p1")
    s = Source.objects.create(network=network, kind="interview", title="Gesprek met Anna",
                              text="tekst")
    s.participants.add(p1)
    page = client_for(users["alice"]).get("/networks/testnet/people/p1/").content.decode()
    assert "Gesprek met Anna" in page and f"/sources/{s.guid}/" in page
    page = client_for(users["bob"]).get("/networks/testnet/people/p1/").content.decode()
    assert "Gesprek met Anna" not in page and 'id="h-sources"' not in page
