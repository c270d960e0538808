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
