"""The demo portfolios: the reference's 104 intended outputs, spreading outward plausibly."""

from __future__ import annotations

import pytest

from olievlek.demo.generator import generate, reference_networks
from olievlek.demo.portfolio import status_of
from olievlek.spread import analyze, municipalities, portfolio_from_package
from tests.factories import demo_packages


@pytest.fixture(scope="module")
def packages():
    return demo_packages()  # generate(), once per test process


def test_every_intended_output_is_in_a_portfolio(packages):
    assert sum(len(p.objects) for p in packages) == 104
    for pkg, net in zip(packages, reference_networks()):
        assert pkg.objects["title"].tolist() == [o["name"][:300] for o in net["intended_outputs"]]
        assert pkg.objects["kind"].tolist() == [o["type"] for o in net["intended_outputs"]]


def test_nothing_is_used_that_is_still_intended(packages):
    for pkg in packages:
        intended = set(pkg.objects.loc[pkg.objects["status"] == "beoogd", "id"])
        assert not intended & set(pkg.uses["object"])
        assert not intended & set(pkg.ratings["object"])


def test_organisations_sit_in_real_municipalities_of_their_region(packages):
    geo = municipalities()
    rotterdam = packages[1]
    members = rotterdam.organisations[rotterdam.organisations["member"]]
    assert {geo[c].name for c in members["municipality"]} <= {"Rotterdam", "Barendrecht", "Ridderkerk"}
    for pkg in packages:
        codes = [c for c in pkg.organisations["municipality"] if c]
        assert all(c in geo for c in codes)


def test_uses_spread_outward_and_some_stop_or_adapt(packages):
    results = [analyze(portfolio_from_package(p)) for p in packages]
    uses = [r.uses for r in results]
    rings = {ring for u in uses for ring in u["ring"]}
    assert rings == {0, 1, 2, 3, 4, 5}
    kinds = {k for u in uses for k in u["use"]}
    assert {"gestopt", "aangepast", "verankerd"} <= kinds
    for u in uses:
        assert all("2024-01-01" <= d.isoformat() <= "2026-12-31" for d in u["date"])
    # the makers come first: per object, the first use is the own team's
    first = uses[0].sort_values("date").groupby("object")["ring"].first()
    assert (first == 0).all()


def test_statuses_from_the_reference_wording():
    assert status_of("eerder (uit vorige periodes)") == "gerealiseerd"
    assert status_of("eerste opzet gerealiseerd; uitwerking beoogd in jaar 2") == "concept"
    assert status_of("beoogd; eerste voorbeeldlessen gedeeld") == "beoogd"
    assert status_of("concept ontwikkeld en in gebruik; evaluatie loopt") == "concept"
    assert status_of(None) == "beoogd"


def test_same_seed_same_portfolio(packages):
    again = generate()
    for a, b in zip(packages, again):
        assert a.uses.equals(b.uses) and a.objects.equals(b.objects)
