"""An object's attached file: size and type checked, stored under a random name, served to
those who see the portfolio (or to all when public in the portal), replaced and removed,
every change audited."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from olievlek.accounts.models import AuditEntry
from olievlek.portfolio import actions
from olievlek.portfolio.models import BoundaryObject

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% a tiny pdf\n"
URL = "/networks/testnet/portfolio/k1/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def obj(network):
    return BoundaryObject.objects.create(network=network, key="k1", title="Kaartenset", kind="product",
                                         licence="CC-BY-4.0")


def _post(client, name, body):
    return client.post(URL, {"form": "file", "file": SimpleUploadedFile(name, body)})


def test_upload_serve_replace_remove(users, client_for, obj, media, django_capture_on_commit_callbacks):
    c = client_for(users["bob"])
    assert _post(c, "Kaartenset handleiding.pdf", PDF).status_code == 302
    obj.refresh_from_db()
    assert obj.file_name == "Kaartenset handleiding.pdf" and obj.file_type == "application/pdf"
    stored = list((media / "objects").iterdir())
    assert len(stored) == 1 and "Kaartenset" not in stored[0].name  # a random name
    got = c.get(URL + "file/")
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    assert "attachment" in got["Content-Disposition"] and got["Content-Type"] == "application/pdf"
    assert got["X-Content-Type-Options"] == "nosniff"
    assert "Kaartenset handleiding.pdf" in c.get(URL).content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # the old file goes at commit
        assert _post(c, "v2.txt", "versie 2, één".encode()).status_code == 302
    obj.refresh_from_db()
    assert obj.file_name == "v2.txt"
    assert len(list((media / "objects").iterdir())) == 1  # the old file is gone from the disk
    with django_capture_on_commit_callbacks(execute=True):
        c.post(URL, {"form": "remove-file"})
    obj.refresh_from_db()
    assert not obj.file and not list((media / "objects").iterdir())
    assert c.get(URL + "file/").status_code == 404
    actions_ = list(AuditEntry.objects.filter(object_key="k1").values_list("action", flat=True))
    assert {"attach file", "replace file", "remove file"} <= set(actions_)


@pytest.mark.parametrize("name, body", [
    ("script.html", b"<script>alert(1)</script>"),
    ("fake.pdf", b"<html>not a pdf</html>"),
    ("fake.png", PDF),
    ("binary.txt", b"abc\x00def"),
    ("noext", PDF),
])
def test_a_wrong_type_is_refused_and_nothing_stored(users, client_for, obj, media, name, body):
    page = client_for(users["bob"])
    _post(page, name, body)
    obj.refresh_from_db()
    assert not obj.file and not (media / "objects").exists()
    assert not AuditEntry.objects.filter(action="attach file").exists()


def test_size_limit_both_sides(obj, monkeypatch, media):
    monkeypatch.setattr(actions, "MAX_FILE_MB", 1)
    with pytest.raises(actions.FileRefused):
        actions.attach_file(obj, SimpleUploadedFile("big.pdf", PDF + b"x" * (1024 * 1024)), actor="t")
    exact = PDF + b"x" * (1024 * 1024 - len(PDF))
    actions.attach_file(obj, SimpleUploadedFile("exact.pdf", exact), actor="t")
    assert obj.file.size == 1024 * 1024


def test_who_may_download(users, client_for, obj, network):
    from olievlek.portal.models import PortalNetwork

    actions.attach_file(obj, SimpleUploadedFile("k.pdf", PDF), actor="t")
    assert client_for(users["alice"]).get(URL + "file/").status_code == 200  # researcher
    for who in ("carol", "dave", "eve"):  # other coordinator, participant, no role
        assert client_for(users[who]).get(URL + "file/").status_code == 404, who
    assert client_for(None).get(URL + "file/")["Location"].startswith("/accounts/login/")
    # public in the portal: everyone
    PortalNetwork.objects.update_or_create(network=network, defaults={"enabled": True})
    from olievlek.portal.actions import publish_object

    publish_object(obj, public=True, actor="t")
    assert client_for(None).get(URL + "file/").status_code == 200
    publish_object(obj, public=False, actor="t")
    assert client_for(None).get(URL + "file/").status_code == 302


def test_an_erased_network_leaves_no_file_behind(users, client_for, obj, media,
                                                 django_capture_on_commit_callbacks):
    from olievlek.networks.actions import erase_network

    other = BoundaryObject.objects.create(network=obj.network, key="k2", title="Ander", kind="product")
    assert _post(client_for(users["bob"]), "a.pdf", PDF).status_code == 302
    actions.attach_file(other, SimpleUploadedFile("b.pdf", PDF), actor="test")
    assert len(list((media / "objects").iterdir())) == 2
    with django_capture_on_commit_callbacks(execute=True):
        erase_network(obj.network, actor="test")
    assert not list((media / "objects").iterdir())
