"""Sharing a source with the coordinator, replacing a source's file (re-anchoring its codings),
the co-occurrence download, reactivating and ordering codes, and the margin bars."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from olievlek.accounts.models import AuditEntry
from olievlek.qda import actions
from olievlek.qda.models import Code, Source
from tests.coding.docs import pdf

pytestmark = pytest.mark.django_db


def as_(user):
    """A test client of its own logged in as ``user`` (``client_for`` shares one client)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client

TEXT = "Één vraag: wat doet het netwerk?\n🎉 Het café De Linde is de plek.\nRitme: maandelijks."


def _code(key="context_netwerk.geschiedenis.duur"):
    return Code.objects.get(key=key)


@pytest.fixture
def sources(network, other_network, users):
    shared = Source.objects.create(network=network, kind="interview", title="Casus", text=TEXT,
                                   original=b"x", original_name="casus.txt")
    hidden = Source.objects.create(network=network, kind="interview", title="Geheim", text=TEXT)
    elsewhere = Source.objects.create(network=other_network, kind="document", title="Ander",
                                      text=TEXT)
    for s in (shared, hidden, elsewhere):
        actions.add_coding(s, _code(), 0, 9, users["alice"], memo="analytische notitie")
    return shared, hidden, elsewhere


def test_researcher_shares_and_coordinator_sees_only_that_source(users, sources):
    shared, hidden, elsewhere = sources
    alice, bob = as_(users["alice"]), as_(users["bob"])
    base = "/networks/testnet/sources/"
    # Nothing shared: the coordinator sees nothing of coding, not even the list or the link.
    assert bob.get(base).status_code == 404
    assert b"/sources/" not in bob.get("/networks/testnet/").content
    assert bob.get(f"{base}{shared.guid}/").status_code == 404
    r = alice.post(f"{base}{shared.guid}/share/", {"share": "1"})
    assert r.status_code == 302
    shared.refresh_from_db()
    assert shared.shared_at is not None
    assert AuditEntry.objects.filter(action="source-share", object_key=shared.guid).exists()
    listing = bob.get(base).content.decode()
    assert "Casus" in listing and "Geheim" not in listing
    assert b"/networks/testnet/sources/" in bob.get("/networks/testnet/").content
    page = bob.get(f"{base}{shared.guid}/")
    text = page.content.decode()
    assert page.status_code == 200 and "café De Linde" in text and "Één vraag" in text
    assert "analytische notitie" not in text and 'name="codes"' not in text  # read-only
    assert AuditEntry.objects.filter(action="source-view", actor="bob",
                                     object_key=shared.guid).exists()
    assert bob.get(f"{base}{shared.guid}/original/").content == b"x"
    # Everything else stays closed to the coordinator.
    for url in (f"{base}{hidden.guid}/", f"{base}{hidden.guid}/original/", f"{base}new/",
                f"{base}matrix/", f"{base}{shared.guid}/replace/", f"{base}{shared.guid}/agreement/",
                "/coding/", "/coding/?format=csv", "/coding/quotes/", "/coding/quotes/?format=csv",
                "/coding/co-occurrence/", "/coding/co-occurrence/?format=xlsx",
                "/coding/exchange/?action=export-qdpx", "/coding/codebook/"):
        assert bob.get(url).status_code == 404, url
    for url in (f"{base}{shared.guid}/codings/", f"{base}{shared.guid}/memo/",
                f"{base}{shared.guid}/share/"):
        assert bob.post(url, {"start": 0, "end": 3, "share": "0"}).status_code == 404, url
    # Another network's coordinator and a participant never see it; nor the other network's.
    for who in ("carol", "dave", "eve"):
        c = as_(users[who])
        assert c.get(f"{base}{shared.guid}/").status_code == 404, who
        assert c.get(base).status_code == 404, who
    elsewhere.shared_at = shared.shared_at
    elsewhere.save()
    assert bob.get(f"/networks/othernet/sources/{elsewhere.guid}/").status_code == 404
    assert as_(users["carol"]).get(f"/networks/othernet/sources/{elsewhere.guid}/").status_code == 200
    assert as_(users["dave"]).get(f"{base}{shared.guid}/original/").status_code == 404
    # Unsharing closes it again, audited.
    alice.post(f"{base}{shared.guid}/share/", {"share": "0"})
    assert bob.get(f"{base}{shared.guid}/").status_code == 404
    assert AuditEntry.objects.filter(action="source-unshare", object_key=shared.guid).exists()


def upload_new(client, source, name, data):
    return client.post(f"/networks/testnet/sources/{source.guid}/replace/",
                       {"file": SimpleUploadedFile(name, data)})


def test_replace_reanchors_codings_and_shows_what_moved(users, network):
    alice = as_(users["alice"])
    s = Source.objects.create(network=network, kind="interview", title="i", text=TEXT)
    duur, ritme = _code(), _code("activiteiten_netwerk.frequentie.ritme")
    stays = actions.add_coding(s, duur, 0, 9, users["alice"])  # "Één vraag"
    moves = actions.add_coding(s, duur, TEXT.index("🎉"), TEXT.index(" is de"), users["alice"])
    gone = actions.add_coding(s, ritme, TEXT.index("maandelijks"), len(TEXT), users["alice"])
    new = ("Één vraag: wat doet het netwerk? Een toevoeging van ruim veertig tekens hier.\n"
           "🎉 Het café De Linde is de plek.\nRitme: elk kwartaal.")
    r = upload_new(alice, s, "versie 2.txt", new.encode("utf-8"))
    assert r.status_code == 200
    page = r.content.decode()
    assert 'data-same="1" data-moved="1" data-review="1"' in page
    assert "maandelijks" in page  # what could not be placed is shown with its text
    for c in (stays, moves, gone):
        c.refresh_from_db()
    s.refresh_from_db()
    assert s.text == new and s.original_name == "versie 2.txt"
    assert (stays.start, stays.review) == (0, "")
    assert new[moves.start:moves.end] == moves.quote == "🎉 Het café De Linde"
    assert gone.review == "missing" and gone.quote == "maandelijks."  # kept, not dropped
    assert 0 <= gone.start < gone.end <= len(new)
    assert AuditEntry.objects.filter(action="source-replace", object_key=s.guid,
                                     detail__contains="1 moved, 1 to review").exists()
    # The coding page lists it to review; placing it clears the flag, audited.
    source_page = alice.get(f"/networks/testnet/sources/{s.guid}/").content.decode()
    assert f'data-review="{gone.guid}"' in source_page
    at = new.index("elk kwartaal")
    alice.post(f"/networks/testnet/sources/{s.guid}/codings/{gone.guid}/place/",
               {"start": at, "end": at + len("elk kwartaal")})
    gone.refresh_from_db()
    assert (gone.quote, gone.review) == ("elk kwartaal", "")
    assert AuditEntry.objects.filter(action="coding-place", object_key=gone.guid).exists()
    alice.post(f"/networks/testnet/sources/{s.guid}/codings/{gone.guid}/place/",
               {"start": 5, "end": 99999})
    gone.refresh_from_db()
    assert gone.quote == "elk kwartaal"


def test_a_bad_replacement_changes_nothing(users, network):
    alice = as_(users["alice"])
    s = Source.objects.create(network=network, kind="interview", title="i", text=TEXT)
    c = actions.add_coding(s, _code(), 0, 9, users["alice"])
    for name, data in (("leeg.txt", b""), ("nep.docx", b"hello"), ("scan.pdf", pdf([]))):
        r = upload_new(alice, s, name, data)
        assert r.status_code == 400 and name in r.content.decode()
    s.refresh_from_db()
    c.refresh_from_db()
    assert s.text == TEXT and (c.start, c.end, c.review) == (0, 9, "")
    assert not AuditEntry.objects.filter(action="source-replace").exists()
    assert as_(users["bob"]).get(
        f"/networks/testnet/sources/{s.guid}/replace/").status_code == 404


def test_ambiguous_quote_is_flagged(users, network):
    s = Source.objects.create(network=network, kind="memo", title="m", text="ja\n" + "x" * 2000)
    c = actions.add_coding(s, _code(), 0, 2, users["alice"])
    new = "y" * 2000 + " ja " + "z" * 2000 + " ja"
    actions.replace_source(s, filename="n.txt", data=new.encode(), actor="alice")
    c.refresh_from_db()
    assert c.review == "ambiguous" and c.quote == "ja"


def test_cooccurrence_download(users, network):
    s = Source.objects.create(network=network, kind="memo", title="m", text=TEXT)
    duur, ritme = _code(), _code("activiteiten_netwerk.frequentie.ritme")
    actions.add_coding(s, duur, 0, 9, users["alice"])
    actions.add_coding(s, ritme, 4, 12, users["alice"])
    alice = as_(users["alice"])
    csv = alice.get("/coding/co-occurrence/?format=csv")
    assert csv["Content-Disposition"].endswith('code-co-occurrence.csv"')
    lines = csv.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("code,code path,code,code path,co-occurrences")
    assert len(lines) == 2 and lines[1].endswith(",1") and duur.name in lines[1]
    xlsx = alice.get("/coding/co-occurrence/?format=xlsx")
    assert xlsx.content[:2] == b"PK"
    empty = alice.get("/coding/co-occurrence/?format=csv&network=othernet")
    assert len(empty.content.decode("utf-8-sig").strip().splitlines()) == 1


def test_reactivate_and_order_codes(users, network):
    from olievlek.coding.codebook import import_qdc
    from olievlek.qda.actions import codebook_tree

    alice = as_(users["alice"])
    code = _code()
    actions.retire_code(code, actor="alice")
    alice.post(f"/coding/codes/{code.guid}/reactivate/")
    code.refresh_from_db()
    assert code.retired_at is None
    assert AuditEntry.objects.filter(action="code-reactivate", object_key=code.guid).exists()
    assert as_(users["bob"]).post(f"/coding/codes/{code.guid}/reactivate/").status_code == 404

    siblings = list(Code.objects.filter(parent=code.parent).order_by("position", "name"))
    assert len(siblings) >= 2
    last = siblings[-1]
    alice.post(f"/coding/codes/{last.guid}/order/", {"direction": "up"})
    now = [c.pk for c in Code.objects.filter(parent=code.parent).order_by("position", "name")]
    assert now == [c.pk for c in siblings[:-2]] + [last.pk, siblings[-2].pk]
    assert AuditEntry.objects.filter(action="code-order", object_key=last.guid).exists()
    # The first cannot go up, the last not down: nothing changes, nothing logged.
    first = Code.objects.filter(parent=code.parent).order_by("position", "name").first()
    assert not actions.order_code(first, -1, actor="alice")
    # The .qdc export keeps the new order.
    from olievlek.coding.codebook import export_qdc

    tree = import_qdc(export_qdc(codebook_tree()), "c.qdc")

    def find(nodes, guid):
        for n in nodes:
            if n.guid == guid:
                return nodes
            found = find(n.children, guid)
            if found:
                return found
        return None

    assert [n.guid for n in find(tree, last.guid)] == [
        c.guid for c in Code.objects.filter(parent=code.parent).order_by("position", "name")]


def test_margin_bar_runs_from_first_to_last_line(users, network):
    s = Source.objects.create(network=network, kind="memo", title="m", text=TEXT)
    c = actions.add_coding(s, _code(), 3, TEXT.index("Ritme") + 2, users["alice"])
    inner = actions.add_coding(s, _code(), TEXT.index("café"), TEXT.index("café") + 4,
                               users["alice"])
    page = as_(users["alice"]).get(f"/networks/testnet/sources/{s.guid}/").content.decode()
    lines = page.split('<div class="line"')[1:]
    assert len(lines) == 3
    bar = f'href="#c-{c.guid}"'
    assert all(bar in line for line in lines)  # on every line of its passage
    assert f'bar code-{c.code_id} top"' in lines[0] and " bottom" in lines[2]
    assert f'href="#c-{inner.guid}"' in lines[1] and f'href="#c-{inner.guid}"' not in lines[2]
    assert lines[0].count('class="mark ') == 1  # the name where it begins, once
