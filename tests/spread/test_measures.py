"""Every spread measure on the hand-built Twente portfolio (see conftest.py)."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from olievlek.spread import (
    analyze,
    days_to_region,
    depth,
    exposure,
    olievlek_index,
    place_uses,
    reach,
    sustained,
    table,
)


def test_each_use_falls_in_the_smallest_ring_that_applies(twente):
    placed = place_uses(twente)
    rings = dict(zip(zip(placed["person"].where(placed["person"] != "", placed["organisation"]),
                         placed["date"].astype(str)), placed["ring"]))
    assert rings[("ann", "2024-01-10")] == 0   # a maker
    assert rings[("bob", "2024-02-01")] == 0   # sits in the object's unit
    assert rings[("cas", "2024-02-15")] == 1   # left the unit before: own organisation only
    assert rings[("dirk", "2024-03-01")] == 2  # another member organisation
    assert rings[("C", "2024-04-01")] == 3     # Almelo: Twente, where the members are
    assert rings[("D", "2024-05-01")] == 4     # Amsterdam
    assert rings[("E", "2024-06-01")] == 5     # Belgium
    assert rings[("A", "2024-07-15")] == 1     # no person: the makers' organisation


def test_a_maker_abroad_is_still_the_own_team(twente):
    twente.uses = table("uses", [{"object": "o1", "date": "2024-02-01", "organisation": "E",
                                  "person": "ann", "country": "be", "use": "toegepast"}])
    placed = place_uses(twente)
    assert placed["ring"].tolist() == [0]
    assert placed["country"].tolist() == ["BE"]


def test_the_uses_own_municipality_decides_the_region(twente):
    twente.uses = table("uses", [
        {"object": "o1", "date": "2024-02-01", "organisation": "D", "use": "toegepast"},
        {"object": "o1", "date": "2024-02-02", "organisation": "D", "municipality": "GM0141",
         "use": "toegepast"},
    ])
    placed = place_uses(twente)
    assert placed["ring"].tolist() == [4, 3]
    assert placed["municipality"].tolist() == ["GM0363", "GM0141"]


def test_object_figures(twente):
    result = analyze(twente)
    row = result.objects.set_index("id").loc["o1"]
    assert row["uses"] == 11
    assert row["organisations"] == 5         # A B C D E
    assert row["municipalities"] == 4        # E is abroad, without a municipality
    assert row["ring_max"] == 5
    # rings 1-5: A (Cas), B, C, D, E; rings 3-5: C, D, E
    assert row["olievlek_index"] == 3 / 5
    assert row["days_to_region"] == 91       # 2024-01-01 to C's use on 2024-04-01
    # deepest use: A verankerd, B toegepast, C aangepast (its stop is no depth), D ontvangen, E kennisgenomen
    assert row["depth"] == 3 / 5
    # C's `aangepast` use, and o2 by Eva of school C; not o3 by Ann's own school
    assert row["adaptations"] == 2
    # A: toegepast 01-10, verankerd 07-15 (187 days); B: 03-01 and 10-01 (214 days);
    # C stopped after applying, so its later use does not count
    assert row["sustained"] == 2
    o2 = result.objects.set_index("id").loc["o2"]
    assert o2["uses"] == 0 and o2["organisations"] == 0
    assert pd.isna(o2["ring_max"]) and pd.isna(o2["depth"])


def test_sustained_needs_180_days(twente):
    placed = place_uses(twente)
    b = placed[placed["organisation"] == "B"]
    assert sustained(b) == 1
    assert sustained(b, date=dt.date(2024, 9, 1)) == 0    # the later use has not happened yet
    assert sustained(b, days=215) == 0


def test_measures_respect_the_analysis_date(twente):
    placed = place_uses(twente)
    march = dt.date(2024, 3, 31)
    assert olievlek_index(placed, march) == 0.0            # A and B, both inside the network
    assert days_to_region(placed, dt.date(2024, 1, 1), march) is None
    assert depth(placed, march) == 1.0                     # A and B both applied it
    result = analyze(twente, date=march)
    assert result.network["uses"] == 4
    assert result.network["organisations_reached"] == 2


def test_reach_per_ring_and_quarter(twente):
    table_ = reach(place_uses(twente), period="quarter")
    assert len(table_) == 4 * 6                            # 2024-Q1..Q4, rings 0-5
    r = table_.set_index(["period", "ring"])
    assert r.loc[("2024-Q1", 0)].tolist() == [1, 1, 1, 1]  # school A in Enschede
    assert r.loc[("2024-Q2", 3)].tolist() == [1, 1, 1, 1]  # C in Almelo (use and stop)
    assert r.loc[("2024-Q2", 5)].tolist() == [1, 0, 1, 0]  # abroad: no municipality
    assert r.loc[("2024-Q3", 2)].tolist() == [0, 0, 1, 1]  # nothing new, B still counted
    assert r.loc[("2024-Q4", 3)].tolist() == [1, 1, 1, 1]  # C again: no double count
    assert r.loc[("2024-Q4", 1)].tolist() == [0, 0, 1, 1]


def test_reach_by_month_and_year(twente):
    placed = place_uses(twente)
    assert reach(placed, period="year")["period"].unique().tolist() == ["2024"]
    months = reach(placed, period="month", date=dt.date(2024, 12, 31))
    assert months["period"].unique().tolist()[0] == "2024-01"
    assert len(months["period"].unique()) == 12


def test_exposure_with_known_alters(twente):
    table_ = exposure(twente, place_uses(twente)).set_index(["object", "person"])
    # Bob (first use 02-01): wave w1 (2023-11-01); asks Ann (used 01-10) and Cas (02-15)
    assert table_.loc[("o1", "bob"), ["alters", "alters_used_before"]].tolist() == [2, 1]
    assert table_.loc[("o1", "bob"), "exposure"] == 0.5
    # Dirk (03-01): wave w2 (2024-02-10); Ann and Cas; Bob is asked "nooit", Eva is motivation
    assert table_.loc[("o1", "dirk"), ["alters", "alters_used_before"]].tolist() == [2, 2]
    assert table_.loc[("o1", "dirk"), "exposure"] == 1.0
    # Ann names nobody: no exposure
    assert table_.loc[("o1", "ann"), "alters"] == 0
    assert math.isnan(table_.loc[("o1", "ann"), "exposure"])
    assert str(table_.loc[("o1", "dirk"), "date"]) == "2024-03-01"
    # organisations without a person are not in the questionnaire network
    assert len(table_) == 4


def test_network_summary(twente):
    net = analyze(twente).network
    assert net == {
        "objects": 3, "realised": 1, "uses": 11, "organisations_reached": 5,
        "municipalities_reached": 4, "olievlek_index": 0.6, "median_days_to_region": 91,
    }


def test_empty_portfolio():
    from olievlek.spread import Portfolio

    result = analyze(Portfolio())
    assert result.objects.empty and result.reach.empty and result.exposure.empty
    assert result.network["olievlek_index"] is None


def test_ratings_per_rater_mean_and_disagreement():
    from olievlek.spread import rating_summary, ratings_vs_reach

    ratings = table("ratings", [
        {"object": "o1", "rater": "x", "visibility": "2", "accessibility": "4", "usability": "3", "transfer": "5"},
        {"object": "o1", "rater": "y", "visibility": "3", "accessibility": "2", "usability": "3", "transfer": "5"},
        {"object": "o2", "rater": "x", "visibility": "1", "accessibility": "1", "usability": "1", "transfer": "1"},
    ])
    s = rating_summary(ratings).set_index("object")
    assert s.loc["o1", "raters"] == 2
    assert s.loc["o1", "visibility_mean"] == 2.5
    assert not s.loc["o1", "visibility_disagree"]        # 2 vs 3
    assert s.loc["o1", "accessibility_disagree"]         # 4 vs 2
    assert not s.loc["o2", "transfer_disagree"]          # one rater
    objects = pd.DataFrame({"id": ["o1", "o2", "o3"], "organisations": [5, 1, 3],
                            "olievlek_index": [0.6, 0.0, None]})
    three = pd.concat([rating_summary(ratings), rating_summary(table("ratings", [
        {"object": "o3", "rater": "x", "visibility": "2", "accessibility": "3", "usability": "2", "transfer": "3"}]))])
    corr = ratings_vs_reach(three, objects).set_index("dimension")
    assert corr.loc["accessibility", "n"] == 3
    assert corr.loc["usability", "organisations"] == 1.0   # 3, 1, 2 vs 5, 1, 3: same order
    assert corr.loc["usability", "n"] == 3


def test_one_rule_for_an_adaptation_by_other_organisations():
    from olievlek.spread.measures import by_other_organisations

    orgs = {"o1": {"A"}, "o2": {"C"}, "o3": {"A"}, "o4": {"A", "C"}, "o5": set()}
    assert by_other_organisations("o2", "o1", orgs)           # made elsewhere
    assert not by_other_organisations("o3", "o1", orgs)       # the makers' own organisation
    assert not by_other_organisations("o4", "o1", orgs)       # one maker from the source's side
    assert not by_other_organisations("o5", "o1", orgs)       # makers unknown: not counted
    assert by_other_organisations("o1", "unknown", orgs)      # a source without makers
