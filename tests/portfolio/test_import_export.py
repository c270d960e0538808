"""The portfolio files through the database: import, export round trip, the same measures."""

from __future__ import annotations

import pytest

from olievlek.accounts.models import AuditEntry
from olievlek.networks.actions import export_package, import_package
from olievlek.package import same_content
from olievlek.portfolio.data import portfolio_of
from olievlek.portfolio.models import BoundaryObject, Use
from olievlek.spread import analyze, portfolio_from_package
from tests.package.test_outcomes import package


@pytest.mark.django_db
def test_import_then_export_round_trips():
    pkg = package()
    network = import_package(pkg)
    assert network.boundary_objects.count() == 2
    o2 = BoundaryObject.objects.get(key="o2")
    assert [b.key for b in o2.based_on.all()] == ["o1"]
    assert [p.key for p in o2.makers.all()] == ["bob"]
    assert network.organisations.get(key="A").municipality == "GM0153"
    back = export_package(network)
    assert same_content(back, pkg)
    entry = AuditEntry.objects.get(action="import")
    assert "; portfolio 2 objects, 1 ratings, 2 uses" in entry.detail


@pytest.mark.django_db
def test_importing_twice_changes_nothing_and_keeps_proposed_uses():
    pkg = package()
    network = import_package(pkg)
    o1 = BoundaryObject.objects.get(key="o1")
    Use.objects.create(object=o1, date="2024-05-01", organisation=network.organisations.get(key="C"),
                       use="toegepast", proposed=True)
    import_package(pkg)
    assert Use.objects.filter(proposed=False).count() == 2
    assert Use.objects.filter(proposed=True).count() == 1
    assert same_content(export_package(network), pkg)   # proposed uses are not exported


@pytest.mark.django_db
def test_the_database_gives_the_same_measures_as_the_package():
    pkg = package()
    network = import_package(pkg)
    from_db = analyze(portfolio_of(network))
    from_file = analyze(portfolio_from_package(pkg))
    assert from_db.network == from_file.network
    assert from_db.objects.equals(from_file.objects)
    # Bob of the makers' school A (not a maker, not in u1); school C in Almelo, the region
    assert from_db.uses["ring"].tolist() == [1, 3]
