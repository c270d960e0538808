"""Turnover and vulnerable moments on small hand-checked cases."""

from __future__ import annotations

import datetime as dt

from olievlek.analysis.graph import network_from_edges
from olievlek.analysis.turnover import (
    departure_cost,
    left_network,
    rhythm,
    school_year,
    turnover_events,
    units_cut_off,
    units_without_role,
    vacancies,
)

D = dt.date


def test_a_vacancy_filled_after_30_days():
    rows = [("ann", "u", "Projectleider", "2024-01-01", "2024-03-31"),
            ("bob", "u", "projectleider", "2024-05-01", "")]
    v = vacancies(rows)
    assert v.values.tolist() == [["u", "projectleider", D(2024, 4, 1), D(2024, 5, 1), 30]]


def test_no_vacancy_when_a_successor_overlaps_and_an_open_one_stays_open():
    rows = [("ann", "u", "bruggenbouwer", "2024-01-01", "2024-03-31"),
            ("bob", "u", "bruggenbouwer", "2024-03-15", "2024-06-30"),
            ("cas", "u", "leraar", "2024-01-01", "2024-02-01")]  # not a key role
    v = vacancies(rows, today=D(2024, 9, 1))
    assert len(v) == 1 and v.iloc[0]["vacated"] == D(2024, 7, 1)
    assert v.iloc[0]["filled"] is None and v["days"].isna().all()
    assert vacancies(rows, today=D(2024, 6, 30)).empty  # not ended yet on that day


def test_units_without_a_role_holder():
    rows = [("ann", "u", "schoolleider", "2024-01-01", "2024-03-31"),
            ("bob", "v", "schoolleider", "2024-01-01", ""),
            ("cas", "w", "leraar", "2024-01-01", "")]
    assert units_without_role(rows, D(2024, 4, 1)) == ["u"]
    assert units_without_role(rows, D(2024, 3, 31)) == []


def test_every_ending_membership_is_a_departure_and_every_start_an_arrival():
    rows = [("ann", "u", "leraar", "2024-01-01", "2024-03-31"),
            ("bob", "u", "leraar", "2024-05-01", "")]
    events = turnover_events(rows, since=D(2024, 2, 1))
    assert events[["date", "person", "event"]].values.tolist() == [
        [D(2024, 3, 31), "ann", "left"], [D(2024, 5, 1), "bob", "joined"]]
    assert left_network(rows, D(2024, 6, 1)) == ["ann"]


def test_a_departure_that_cuts_a_unit_off():
    # team t reaches the rest only through b; b leaves; the stuurgroep still reaches team x
    net = network_from_edges(["a", "b", "c", "d", "e"], [("c", "b"), ("d", "c"), ("b", "a"), ("e", "a")],
                             units={"a": "stuur", "b": "stuur", "c": "t", "d": "t", "e": "x"})
    assert units_cut_off(net, ["b"]) == ["t"]
    assert units_cut_off(net, ["d"]) == []
    cost = departure_cost(net, ["b", "d"])
    assert cost["id"].tolist() == ["b", "d"]
    assert cost.iloc[0]["reachability_loss"] == 4  # c-a, c-e, d-a, d-e; c-d stays


def test_rhythm_counts_per_school_year_against_the_plan():
    df = rhythm({"u": 6, "w": None}, [("2024-07-31", ["u"]), ("2024-09-10", ["u", "v"])],
                today=D(2025, 9, 1))
    assert df[["unit", "year", "held"]].values.tolist() == [
        ["u", "2023-2024", 1], ["u", "2024-2025", 1], ["u", "2025-2026", 0], ["v", "2024-2025", 1]]
    assert df["planned"].tolist()[:3] == [6, 6, 6] and df["planned"].isna().tolist()[3]
    assert school_year(D(2024, 7, 31)) == "2023-2024" and school_year(D(2024, 8, 1)) == "2024-2025"
    assert rhythm({}, []).empty
