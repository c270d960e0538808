"""Uploading a network package in the browser: every problem or a preview, then all or nothing."""

from __future__ import annotations

import pytest
from django.conf import settings

from olievlek.accounts.models import AuditEntry
from olievlek.networks.actions import import_package, plan_import
from olievlek.networks.models import Membership, Network, Person
from olievlek.package import PackageError, frame, write_package
from tests.factories import small_package


def changed_package():
    """testnet with one new person, p3 renamed, p4's memberships changed, wave 2025 cut."""
    pkg = small_package()
    people = pkg.people.to_dict("records")
    people[2]["name"] = "Cato Cederveld-Eik"
    people.append({**people[5], "id": "p7", "name": "Gijs Goudsbloem", "email": ""})
    pkg.people = frame("people", people)
    memberships = [m for m in pkg.memberships.to_dict("records") if m["person"] != "p4"]
    memberships.append({"person": "p4", "unit": "u-b", "role": "leraar", "start": "2024-09-01", "end": ""})
    pkg.memberships = frame("memberships", memberships)
    pkg.ties = pkg.ties[pkg.ties["wave"] == "2024"].reset_index(drop=True)
    pkg.responses = pkg.responses[pkg.responses["wave"] == "2024"].reset_index(drop=True)
    return pkg


def zipped(pkg, tmp_path, name="testnet.zip"):
    return write_package(pkg, tmp_path / name)


def uploads_left():
    folder = settings.MEDIA_ROOT / "uploads"
    return sorted(p.name for p in folder.glob("*")) if folder.exists() else []


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_plan_of_the_same_package_changes_nothing(network):
    plan = plan_import(small_package())
    assert plan.network_exists and plan.network_changes == []
    assert (plan.people_added, plan.people_updated, plan.memberships_replaced) == ([], [], [])
    assert [(w.label, w.ties_before, w.ties_after) for w in plan.waves] == [("2024", 4, 4), ("2025", 3, 3)]


def test_plan_predicts_what_the_import_does(network):
    pkg = changed_package()
    plan = plan_import(pkg)
    assert plan.people_added == ["p7"]
    assert plan.people_updated == ["p3"]
    assert plan.memberships_replaced == ["p4"]
    assert [w.label for w in plan.waves] == ["2024"]
    entries = AuditEntry.objects.count()
    assert Person.objects.filter(network=network).count() == 6  # the plan wrote nothing
    assert AuditEntry.objects.count() == entries

    import_package(pkg, actor="test")
    after = plan_import(pkg)
    assert (after.people_added, after.people_updated, after.memberships_replaced) == ([], [], [])
    assert Membership.objects.get(person__key="p4", person__network=network).unit.key == "u-b"


def test_plan_of_a_new_network(db):
    plan = plan_import(small_package("nieuw", "Nieuw netwerk"))
    assert not plan.network_exists and plan.network_slug == "nieuw"
    assert len(plan.people_added) == 6 and not Network.objects.filter(slug="nieuw").exists()


def test_plan_refuses_what_the_import_refuses(network):
    pkg = small_package()
    memberships = pkg.memberships.to_dict("records")
    memberships[0]["unit"] = "u-nowhere"
    pkg.memberships = frame("memberships", memberships)
    with pytest.raises(PackageError) as plan_error:
        plan_import(pkg)
    with pytest.raises(PackageError) as import_error:
        import_package(pkg, actor="test")
    assert plan_error.value.problems == import_error.value.problems


def test_upload_preview_then_import(client_for, users, network, tmp_path):
    client = client_for(users["alice"])
    with open(zipped(changed_package(), tmp_path), "rb") as f:
        response = client.post("/networks/import/", {"package": f})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-item="people-added">1<' in body and "p7" in body
    assert 'data-item="people-updated">1<' in body
    assert 'data-item="memberships-replaced">1<' in body
    assert not network.people.filter(key="p7").exists()
    [stored] = uploads_left()
    assert stored != "testnet.zip"  # a random name, not the user's

    response = client.post("/networks/import/", {"upload": stored, "confirm": "1"})
    assert response.status_code == 302 and response["Location"] == "/networks/testnet/"
    assert network.people.get(key="p7").name == "Gijs Goudsbloem"
    assert uploads_left() == []
    assert AuditEntry.objects.filter(action="import", actor="alice").exists()


@pytest.mark.django_db(transaction=True)
def test_a_large_upload_is_imported_by_the_worker(client_for, users, network, tmp_path, settings):
    from django.core.management import call_command

    settings.BACKGROUND_IMPORT_BYTES = 0  # every package counts as large
    client = client_for(users["alice"])
    with open(zipped(changed_package(), tmp_path), "rb") as f:
        client.post("/networks/import/", {"package": f})
    [stored] = uploads_left()
    response = client.post("/networks/import/", {"upload": stored, "confirm": "1"})
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    assert not network.people.filter(key="p7").exists()  # not yet: the worker does it

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    assert network.people.get(key="p7").name == "Gijs Goudsbloem"
    assert client.get(response["Location"]).status_code == 200


def test_upload_with_problems_shows_each_and_writes_nothing(client_for, users, network, tmp_path):
    pkg = changed_package()
    people = pkg.people.to_dict("records")
    people[0]["sector"] = "kleuterschool"
    pkg.people = frame("people", people)
    memberships = pkg.memberships.to_dict("records")
    memberships[1]["start"] = "gisteren"
    pkg.memberships = frame("memberships", memberships)
    with open(zipped(pkg, tmp_path), "rb") as f:
        response = client_for(users["alice"]).post("/networks/import/", {"package": f})
    body = response.content.decode()
    assert response.status_code == 400
    assert "<td>people.csv</td><td class=\"num\">2</td><td>sector</td>" in body
    assert "<td>memberships.csv</td><td class=\"num\">3</td><td>start</td>" in body
    assert "nothing was imported" in body.lower() or "niets" in body.lower()
    assert not network.people.filter(key="p7").exists()
    assert uploads_left() == []


def test_not_a_package(client_for, users, network, tmp_path):
    bad = tmp_path / "notes.zip"
    bad.write_bytes(b"not a zip at all")
    with open(bad, "rb") as f:
        response = client_for(users["alice"]).post("/networks/import/", {"package": f})
    assert response.status_code == 400 and "notes.zip" in response.content.decode()
    text = tmp_path / "notes.txt"
    text.write_text("hallo")
    with open(text, "rb") as f:
        response = client_for(users["alice"]).post("/networks/import/", {"package": f})
    assert response.status_code == 200 and "id_package" in response.content.decode()
    assert uploads_left() == []


def test_cancel_removes_the_upload(client_for, users, network, tmp_path):
    client = client_for(users["alice"])
    with open(zipped(changed_package(), tmp_path), "rb") as f:
        client.post("/networks/import/", {"package": f})
    [stored] = uploads_left()
    client.post("/networks/import/", {"upload": stored, "cancel": "1"})
    assert uploads_left() == [] and not network.people.filter(key="p7").exists()


def test_someone_elses_upload_cannot_be_confirmed(client_for, users, network, tmp_path):
    """The upload waiting for confirmation belongs to the session that uploaded it."""
    client = client_for(users["alice"])
    with open(zipped(changed_package(), tmp_path), "rb") as f:
        client.post("/networks/testnet/import/", {"package": f})
    [stored] = uploads_left()
    other = client_for(users["bob"])  # testnet's coordinator, another session
    response = other.post("/networks/testnet/import/", {"upload": stored, "confirm": "1"})
    assert response.status_code == 302
    assert not network.people.filter(key="p7").exists()


def test_coordinator_uploads_into_own_network_only(client_for, users, network, other_network, tmp_path):
    client = client_for(users["bob"])
    path = zipped(changed_package(), tmp_path)
    with open(path, "rb") as f:
        assert client.post("/networks/othernet/import/", {"package": f}).status_code == 404
    with open(path, "rb") as f:
        assert client.post("/networks/import/", {"package": f}).status_code == 403
    with open(path, "rb") as f:
        response = client.post("/networks/testnet/import/", {"package": f})
    assert response.status_code == 200
    [stored] = uploads_left()
    client.post("/networks/testnet/import/", {"upload": stored, "confirm": "1"})
    assert network.people.filter(key="p7").exists()
    assert not other_network.people.filter(key="p7").exists()


def test_participant_cannot_upload(client_for, users, network):
    assert client_for(users["dave"]).get("/networks/testnet/import/").status_code == 403


def test_xlsx_upload_previews_like_the_zip(client_for, users, network, tmp_path):
    client = client_for(users["alice"])
    with open(write_package(changed_package(), tmp_path / "testnet.xlsx"), "rb") as f:
        body = client.post("/networks/testnet/import/", {"package": f}).content.decode()
    assert 'data-item="people-added">1<' in body and 'data-item="memberships-replaced">1<' in body
    [stored] = uploads_left()
    assert stored.endswith(".xlsx")


@pytest.mark.django_db(transaction=True)
def test_cli_dry_run_prints_the_plan_and_writes_nothing(tmp_path, capsys):
    from olievlek.cli import main

    import_package(small_package(), actor="test")
    entries = AuditEntry.objects.count()
    assert main(["import", str(write_package(changed_package(), tmp_path / "p")), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "people added: 1 (p7)" in out and "people whose memberships are replaced: 1 (p4)" in out
    assert "wave 2024: ties 4 -> 4" in out and "nothing was imported" in out
    assert not Person.objects.filter(key="p7").exists() and AuditEntry.objects.count() == entries


def test_a_package_cannot_take_a_reserved_address(db):
    pkg = small_package("import", "Importnetwerk")
    for attempt in (plan_import, import_package):
        with pytest.raises(PackageError, match=r"network\.csv, row 2, column id: 'import' is reserved"):
            attempt(pkg)
    assert not Network.objects.exists()
