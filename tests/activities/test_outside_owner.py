"""An action's free-text owner is only for someone outside the network: a name of a person of
the network is refused there (choose the person), erasure clears a person's name typed there
earlier, and the migration links old free-text owners that name exactly one person."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

import pytest

from olievlek.activities.models import Action, Score
from olievlek.networks.actions import erase_person, import_package

from .test_activities import with_activities

pytestmark = pytest.mark.django_db


@pytest.fixture
def activities(network):
    return import_package(with_activities(), actor="test")


@pytest.fixture
def red(activities):
    return Score.objects.get(round__label="2024-1", unit__key="u-a", factor__key="urgentie")


def _post(client, score, **fields):
    return client.post(f"/networks/testnet/monitor/score/{score.pk}/action/",
                       {"description": "begroting", "due": "2025-09-01", **fields})


@pytest.mark.parametrize("typed", ["Bram Beukenhout", "  bram beukenhout "])
def test_a_person_of_the_network_typed_as_outside_owner_is_refused(users, client_for, red, typed):
    response = _post(client_for(users["bob"]), red, owner=typed)
    assert response.status_code == 200 and not Action.objects.exists()


def test_someone_outside_the_network_and_a_person_chosen_are_saved(users, client_for, red,
                                                                  activities):
    bob = client_for(users["bob"])
    assert _post(bob, red, owner=" Wethouder Jansen ").status_code == 302
    assert Action.objects.get().owner == "Wethouder Jansen"
    Action.objects.all().delete()
    p2 = activities.people.get(key="p2")
    assert _post(bob, red, person=p2.pk).status_code == 302
    assert Action.objects.get().person == p2


def test_erasure_clears_a_name_typed_as_outside_owner(activities, red, other_network):
    p2 = activities.people.get(key="p2")
    typed = Action.objects.create(score=red, description="agenda", owner="bram beukenhout",
                                  due=dt.date(2025, 9, 1))
    other = Action.objects.create(score=red, description="zaal", owner="Wethouder Jansen",
                                  due=dt.date(2025, 9, 1))
    counts = erase_person(p2, actor="test")
    assert counts["monitor actions naming them"] == 1
    typed.refresh_from_db(), other.refresh_from_db()
    assert typed.owner == "" and typed.description == "agenda"
    assert other.owner == "Wethouder Jansen"


def test_the_migration_links_free_text_owners_naming_one_person(activities, red):
    from django.apps import apps

    migration = import_module("olievlek.activities.migrations.0003_link_free_text_owners")
    named = Action.objects.create(score=red, description="a", owner="Cato Cederveld",
                                  due=dt.date(2025, 9, 1))
    outside = Action.objects.create(score=red, description="b", owner="Wethouder Jansen",
                                    due=dt.date(2025, 9, 1))
    migration.link_owners(apps, None)
    named.refresh_from_db(), outside.refresh_from_db()
    assert named.person.key == "p3" and named.owner == ""
    assert outside.person is None and outside.owner == "Wethouder Jansen"
