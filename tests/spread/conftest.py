"""A small hand-built portfolio whose every figure is worked out in the tests' comments.

Network: member schools A (Enschede) and B (Hengelo), both in COROP Twente. Outside it:
school C (Almelo, Twente: the region), school D (Amsterdam: elsewhere), E (Belgium: abroad).
Object o1 is made by Ann (school A) and unit u1 (Bob sits in it; Cas left it before 2024).
"""

from __future__ import annotations

import datetime as dt

import pytest

from olievlek.spread import Portfolio, table


def portfolio() -> Portfolio:
    return Portfolio(
        objects=table("objects", [
            {"id": "o1", "title": "Kaartenset", "kind": "product", "status": "gerealiseerd",
             "date": "2024-01-01", "makers": "ann", "units": "u1"},
            # adapted by another organisation: counts as an adaptation of o1
            {"id": "o2", "title": "Kaartenset Almelo", "kind": "product", "status": "concept",
             "date": "2024-09-01", "makers": "eva", "based_on": "o1"},
            # a new version by the makers' own school: not an adaptation by others
            {"id": "o3", "title": "Kaartenset 2", "kind": "product", "status": "beoogd",
             "date": "2024-09-01", "makers": "ann", "based_on": "o1"},
        ]),
        organisations=table("organisations", [
            {"id": "A", "municipality": "GM0153", "member": True},
            {"id": "B", "municipality": "GM0164", "member": True},
            {"id": "C", "municipality": "GM0141", "member": False},
            {"id": "D", "municipality": "GM0363", "member": False},
            {"id": "E", "municipality": "", "member": False},
        ]),
        people=table("people", [
            {"id": "ann", "organisation": "A"}, {"id": "bob", "organisation": "A"},
            {"id": "cas", "organisation": "A"}, {"id": "dirk", "organisation": "B"},
            {"id": "eva", "organisation": "C"},
        ]),
        memberships=table("memberships", [
            {"person": "bob", "unit": "u1", "start": "2023-09-01"},
            {"person": "cas", "unit": "u1", "start": "2023-01-01", "end": "2023-12-31"},
        ]),
        uses=table("uses", [
            {"object": "o1", "date": "2024-01-10", "organisation": "A", "person": "ann", "use": "toegepast"},
            {"object": "o1", "date": "2024-02-01", "organisation": "A", "person": "bob", "use": "uitgeprobeerd"},
            {"object": "o1", "date": "2024-02-15", "organisation": "A", "person": "cas", "use": "kennisgenomen"},
            {"object": "o1", "date": "2024-03-01", "organisation": "B", "person": "dirk", "use": "toegepast"},
            {"object": "o1", "date": "2024-04-01", "organisation": "C", "use": "aangepast"},
            {"object": "o1", "date": "2024-05-01", "organisation": "D", "use": "ontvangen"},
            {"object": "o1", "date": "2024-06-01", "organisation": "E", "country": "BE", "use": "kennisgenomen"},
            {"object": "o1", "date": "2024-06-01", "organisation": "C", "use": "gestopt"},
            {"object": "o1", "date": "2024-07-15", "organisation": "A", "use": "verankerd"},
            {"object": "o1", "date": "2024-10-01", "organisation": "B", "use": "toegepast"},
            {"object": "o1", "date": "2024-11-01", "organisation": "C", "use": "kennisgenomen"},
        ]),
        ties=table("ties", [
            {"wave": "w1", "source": "bob", "target": "ann", "relation": "advice", "frequency": 3},
            {"wave": "w1", "source": "bob", "target": "cas", "relation": "advice", "frequency": 3},
            {"wave": "w2", "source": "dirk", "target": "ann", "relation": "advice", "frequency": 4},
            {"wave": "w2", "source": "dirk", "target": "cas", "relation": "advice", "frequency": 2},
            # "nooit": not an adviser
            {"wave": "w2", "source": "dirk", "target": "bob", "relation": "advice", "frequency": 1},
            {"wave": "w2", "source": "dirk", "target": "eva", "relation": "motivation", "frequency": 5},
        ]),
        waves={"w1": dt.date(2023, 11, 1), "w2": dt.date(2024, 2, 10)},
        name="Twente",
    )


@pytest.fixture
def twente() -> Portfolio:
    return portfolio()
