"""Derived results are cached per data version of their networks (olievlek.derived), and a
page never shows a result from before a change: row by row (forms, signals) or in bulk
(import, a deleted use)."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import transaction

from olievlek import derived
from olievlek.portfolio import actions as portfolio_actions
from olievlek.portfolio.models import BoundaryObject, Use
from olievlek.spread import maps
from tests.factories import small_package

pytestmark = pytest.mark.django_db

PARTICIPANTS = "/networks/testnet/participants/?wave=2024"
OLIEVLEK = "/networks/testnet/olievlek/"


def _respondents(client) -> int:
    page = client.get(PARTICIPANTS, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    return int(re.search(r"(\d+) respondents? \(a complete", page).group(1))


def _uses(client) -> str:
    page = client.get(OLIEVLEK).content.decode()
    return re.search(r'data-key="uses">(\d+)<', page).group(1)


@pytest.fixture
def portfolio(network):
    obj = BoundaryObject.objects.create(network=network, key="k1", title="Kaartenset", kind="product",
                                        status="gerealiseerd", date="2024-01-01")
    Use.objects.create(object=obj, date="2024-02-01", organisation=network.organisations.get(key="o2"),
                       use="toegepast")
    return obj


def test_a_reimport_in_bulk_changes_the_participants_page(users, client_for, network):
    from olievlek.networks.actions import import_package

    client = client_for(users["alice"])
    before = _respondents(client)
    assert _respondents(client) == before  # from the cache
    pkg = small_package()
    pkg.responses.loc[(pkg.responses["wave"] == "2024") & (pkg.responses["person"] == "p6"), "status"] = "complete"
    import_package(pkg, actor="test")  # statuses written with bulk_update: no signal
    assert _respondents(client) == before + 1


def test_the_participants_page_is_built_once_per_data_version(users, client_for, network):
    from olievlek.tables import consistency_checks

    client = client_for(users["alice"])
    with mock.patch("olievlek.participants.views.consistency_checks", side_effect=consistency_checks) as spy:
        client.get(PARTICIPANTS)
        client.get(PARTICIPANTS)
        assert spy.call_count == 1
        client.get(PARTICIPANTS, HTTP_ACCEPT_LANGUAGE="en")  # another language: its own tables
        assert spy.call_count == 2
        person = network.people.get(key="p3")
        person.education_level = "universiteit"
        person.save()  # a form's save: the signal marks the network changed
        client.get(PARTICIPANTS)
        assert spy.call_count == 3


def test_a_chart_follows_the_data(users, client_for, network):
    client = client_for(users["alice"])
    url = "/networks/testnet/participants/download/background_education_level.svg?wave=2024"
    first = client.get(url).content
    assert client.get(url).content == first
    person = network.people.get(key="p4")
    person.education_level = "phd"
    person.save()
    assert client.get(url).content != first


def test_a_recorded_or_deleted_use_changes_the_olievlek_page_and_map(users, client_for, network, portfolio):
    client = client_for(users["bob"])
    assert _uses(client) == "1"
    with mock.patch("olievlek.portfolio.views.oil_stain", side_effect=maps.oil_stain) as spy:
        map_before = client.get(OLIEVLEK + "download/map.svg").content
        assert client.get(OLIEVLEK + "download/map.svg").content == map_before
        assert spy.call_count == 1
    use = Use(object=portfolio, date="2024-06-01", organisation=network.organisations.get(key="o1"), use="toegepast")
    portfolio_actions.record_use(use, actor="test")
    assert _uses(client) == "2"
    assert client.get(OLIEVLEK + "download/map.svg").content != map_before
    portfolio_actions.delete_use(use, actor="test")  # no signal for a use's delete: the action says so
    assert _uses(client) == "1"
    assert client.get(OLIEVLEK + "download/map.svg").content == map_before
    assert client.get(OLIEVLEK + "download/map.png").content[:4] == b"\x89PNG"


def test_a_lost_version_is_a_new_one_never_an_old_one(network):
    first = derived.versions([network.pk])
    assert derived.versions([network.pk]) == first
    cache.clear()
    assert derived.versions([network.pk])[str(network.pk)] != first[str(network.pk)]


def test_one_commit_bump_per_network_per_transaction(db, django_capture_on_commit_callbacks):
    other = 987654  # a network no earlier callback of the test's transaction names
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            for _row in range(3):
                derived.changed(other)
            during = derived.versions([other])
    assert len(callbacks) == 1
    assert derived.versions([other]) != during  # the commit gave a newer one


def _all_uses(client) -> str:
    page = client.get("/olievlek/").content.decode()
    row = re.search(r'data-network="testnet">(.*?)</tr>', page).group(1)
    return re.findall(r'<td class="num">([^<]*)</td>', row)[2]


def test_the_all_networks_page_follows_the_data_and_outlives_a_restart(users, client_for, network, portfolio):
    client = client_for(users["alice"])
    assert _all_uses(client) == "1"
    use = Use(object=portfolio, date="2024-06-01", organisation=network.organisations.get(key="o1"), use="toegepast")
    portfolio_actions.record_use(use, actor="test")
    assert _all_uses(client) == "2"
    derived.forget_local()  # a restarted server: its memory is empty, the shared cache is not
    with mock.patch("olievlek.portfolio.data.analyze_many") as analyze:
        assert _all_uses(client) == "2"
        assert analyze.call_count == 0  # the page's figures came from the shared cache
