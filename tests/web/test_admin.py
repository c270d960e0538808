"""The admin opens for staff, and every change of a person made there is audited."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from olievlek.accounts.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, network):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "password")
    client.force_login(admin)
    return client


def test_admin_lists_and_opens_network_records(admin_client, network):
    person = network.people.get(key="p2")
    for url in ("/admin/networks/network/", "/admin/networks/person/",
                "/admin/networks/unit/", "/admin/networks/membership/",
                "/admin/networks/organisation/", f"/admin/networks/person/{person.pk}/change/"):
        assert admin_client.get(url).status_code == 200, url


def test_editing_a_person_in_the_admin_is_audited(admin_client, network):
    person = network.people.get(key="p6")  # no memberships: a plain form
    response = admin_client.post(f"/admin/networks/person/{person.pk}/change/", {
        "network": network.pk, "key": "p6", "name": "Fenna Fazant", "email": "",
        "organisation": "", "organisation_name": "", "function": "onderzoeker", "sector": "",
        "education_level": "", "years_in_education": "", "involvement": "", "expertise": "",
        "pseudonym": person.pseudonym,
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.name == "Fenna Fazant"
    entry = AuditEntry.objects.get(action="admin_change", object_type="person")
    assert (entry.actor, entry.network_slug, entry.object_key) == ("root", "testnet", "p6")
    assert "name" in entry.detail


def test_the_admin_is_not_for_roles(client_for, users):
    response = client_for(users["alice"]).get("/admin/networks/person/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def _colleague_names_p2(network):
    """p3's saved answers name p2 (Bram) as an advisor."""
    from olievlek.surveys.models import Response, Wave

    wave = Wave.objects.get(network=network, label="2025")
    p2 = network.people.get(key="p2")
    Response.objects.filter(wave=wave, person__key="p3").update(answers={"advice": {str(p2.pk): {"frequency": 4}}})
    return wave, str(p2.pk)


def test_deleting_a_person_in_the_admin_erases_them(admin_client, network):
    from django.contrib.admin.models import LogEntry

    from olievlek.surveys.models import Response

    wave, _p2_id = _colleague_names_p2(network)
    person = network.people.get(key="p2")
    page = admin_client.get(f"/admin/networks/person/{person.pk}/delete/")
    assert page.status_code == 200
    response = admin_client.post(f"/admin/networks/person/{person.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not network.people.filter(key="p2").exists()
    assert Response.objects.get(wave=wave, person__key="p3").answers["advice"] == {}  # colleagues forget the id
    entry = AuditEntry.objects.get(action="erase")
    assert (entry.actor, entry.object_key) == ("root", "p2")
    assert "1 answer sets" in entry.detail and "ties" in entry.detail
    assert not LogEntry.objects.filter(object_repr__contains="Bram").exists()  # not even the deletion's entry
    assert LogEntry.objects.filter(object_repr="person p2").exists()


def test_the_bulk_delete_action_erases_each_person(admin_client, network):
    ids = [str(network.people.get(key=k).pk) for k in ("p2", "p4")]
    response = admin_client.post("/admin/networks/person/", {
        "action": "delete_selected", "_selected_action": ids, "post": "yes"})
    assert response.status_code == 302
    assert not network.people.filter(key__in=["p2", "p4"]).exists()
    assert sorted(AuditEntry.objects.filter(action="erase").values_list("object_key", flat=True)) == ["p2", "p4"]


def test_deleting_a_network_in_the_admin_erases_its_people(admin_client, network, users,
                                                           django_capture_on_commit_callbacks):
    from olievlek.networks.models import Network

    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # as after a real commit
        response = admin_client.post(f"/admin/networks/network/{network.pk}/delete/", {"post": "yes"})
    assert len(callbacks) == 6  # one cache clean-up per person erased
    assert response.status_code == 302
    assert not Network.objects.filter(slug="testnet").exists()
    assert AuditEntry.objects.filter(action="erase", network_slug="testnet").count() == 6
    assert AuditEntry.objects.filter(action="network-delete", object_key="testnet").exists()
    assert not get_user_model().objects.filter(username="dave").exists()  # p3's login account
