"""A network on the portal: PLG A published, two boundary objects (one public), Anna (p1)
invited."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture
def portal_net(network):
    from olievlek.portal import actions
    from olievlek.portfolio.models import BoundaryObject

    actions.set_portal(network, enabled=True, province="Overijssel", actor="test")
    unit = network.units.get(key="u-a")
    actions.publish_unit(unit, theme="Lezen en leergemeenschappen", goal="Samen beter leesonderwijs",
                         how_to_join="Mail de coördinator", actor="test")
    kaart = BoundaryObject.objects.create(
        network=network, key="b1", title="Kaartenset begrijpend lezen", kind="product",
        form="kaartenset", licence="CC-BY-4.0", url="https://example.org/kaarten",
        themes="lezen;didactiek", description="Kaarten voor de professionele leergemeenschap",
        date=dt.date(2024, 5, 1))
    kaart.makers.set([network.people.get(key="p1"), network.people.get(key="p3")])
    kaart.units.set([unit])
    secret = BoundaryObject.objects.create(network=network, key="b2", title="Intern verslag",
                                           kind="product", licence="CC-BY-4.0")
    actions.publish_object(kaart, actor="test")
    del secret
    return network
