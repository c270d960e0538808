"""Under the small-cell mask (a coordinator without names) the turnover page lists nobody:
a row "pseudonym, PLG A, leraar, left" is a count of one beside the "<3" of the counts table;
turnover.csv (one row per event) answers 404 for them. Researchers and coordinators allowed
names keep the list and the file."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db
URL = "/networks/testnet/turnover/"
CSV = "/networks/testnet/activities/download/turnover.csv"


def test_a_coordinator_without_names_gets_no_list_of_who_left(users, client_for, network):
    bob = client_for(users["bob"])
    page = bob.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "data-events-masked" in page and "data-events>" not in page
    assert 'href="/networks/testnet/activities/download/turnover.csv"' not in page
    assert "turnover-counts.csv" in page and "&lt;3" in page
    assert bob.get(CSV).status_code == 404
    assert bob.get("/networks/testnet/activities/download/turnover-counts.csv").status_code == 200


def test_researchers_and_coordinators_with_names_keep_the_list(users, client_for, network):
    alice = client_for(users["alice"])
    page = alice.get(URL).content.decode()
    assert "data-events>" in page and "data-events-masked" not in page
    assert alice.get(CSV).status_code == 200
    network.coordinator_sees_names = True
    network.save()
    bob = client_for(users["bob"])
    assert "data-events>" in bob.get(URL).content.decode()
    assert bob.get(CSV).status_code == 200
