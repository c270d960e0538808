"""The demo's activities follow each network's meeting rhythm, the observed ones Bijlage 4."""

from __future__ import annotations

import datetime as dt

import pytest

from olievlek.analysis.turnover import rhythm
from olievlek.demo import generate
from olievlek.demo.generator import reference_networks
from olievlek.package_activities import split_list
from olievlek.package_files import membership_active


@pytest.fixture(scope="module")
def packages():
    return generate()


def test_observed_activities_match_bijlage_4(packages):
    for pkg, net in zip(packages, reference_networks()):
        observed = pkg.activities[pkg.activities["observed"] == "1"]
        assert len(observed) == net["observations_year1"]["count"], pkg.network["id"]
        assert (observed["date"] < "2024-08-01").all()


def test_units_hold_about_what_they_planned(packages):
    for pkg in packages:
        planned = {u: int(n) for u, n in zip(pkg.rhythms["unit"], pkg.rhythms["per_year"])}
        held = [(d, split_list(u)) for d, u in zip(pkg.activities["date"], pkg.activities["units"])]
        for r in rhythm(planned, held).itertuples(index=False):
            if r.unit in planned:
                assert 0.6 * r.planned <= r.held <= r.planned, (pkg.network["id"], r)


def test_people_attend_only_while_they_are_members(packages):
    pkg = packages[1]
    dates = {a: dt.date.fromisoformat(d) for a, d in zip(pkg.activities["id"], pkg.activities["date"])}
    ms = list(zip(pkg.memberships["person"], pkg.memberships["start"], pkg.memberships["end"]))
    for activity, person in zip(pkg.attendance["activity"], pkg.attendance["person"]):
        if person:
            assert any(p == person and membership_active(s, e, dates[activity]) for p, s, e in ms)


def test_network_08_has_two_monitor_rounds_for_its_miecs_and_the_kennispact(packages):
    scores = packages[7].scores
    assert sorted(set(scores["round"])) == ["2024-najaar", "2025-voorjaar"]
    units = set(scores["unit"])
    assert len(units) == 4 and sum("miec" in u for u in units) == 3
    assert (scores["explanation"] != "").all()
    assert all(p.scores.empty for i, p in enumerate(packages) if i != 7)
