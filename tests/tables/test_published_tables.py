"""Tabel 5.1-5.3: which counts and which rounding reproduce every published cell.

Independent of the demo generator: for each sector column, search whole counts (allowing a
few respondents to leave the question open) whose percentages, as :func:`percent` rounds
them, equal the published ones; then build networks with exactly those answers and check
that the tables come out as published. This is the evidence behind docs/participants.md.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

from olievlek.tables import background_table, combine, percent

from .helpers import package
from .published import published_tables


def solutions(percents: list[int], n: int, rounding, max_missing: int = 5):
    """(missing, counts) with the fewest missing answers that reproduce ``percents``."""
    for missing in range(max_missing + 1):
        valid = n - missing
        options = [[k for k in range(valid + 1) if rounding(k, valid) == p] for p in percents]
        found = [c for c in itertools.product(*options) if sum(c) == valid]
        if found:
            return missing, found
    return None, []


def truncate(k, v):
    return 100 * k // v


def test_ordinary_rounding_reproduces_every_column_truncation_does_not():
    tables = published_tables()
    needs_missing = {}
    for item, table in tables.items():
        for sector, n in table["n"].items():
            percents = [row[sector] for row in table["rows"].values()]
            missing, found = solutions(percents, n, percent)
            assert found, (item, sector)
            assert len(found) == 1, (item, sector, found)  # the counts are determined
            # no exact half occurs, so half-up and half-even cannot be told apart
            assert not any(Fraction(200 * k, n - missing).denominator == 1 and (200 * k // (n - missing)) % 2
                           for k in found[0])
            if missing:
                needs_missing[(item, sector)] = missing
    # Only the two po columns need item non-response: 1 open answer in 5.1, 2 in 5.2.
    assert needs_missing == {("education_level", "po"): 1, ("involvement", "po"): 2}
    # Truncation fails for most columns with the published n (e.g. vo of Tabel 5.1).
    failing = [(i, s) for i, t in tables.items() for s, n in t["n"].items()
               if not solutions([r[s] for r in t["rows"].values()], n, truncate, max_missing=0)[1]]
    assert len(failing) >= 10


def test_networks_with_those_answers_give_the_published_tables():
    tables = published_tables()
    # one network per sector; person i answers every item from that item's count list
    answers: dict[str, dict[str, list[str]]] = {}
    for item, table in tables.items():
        for sector, n in table["n"].items():
            codes = list(table["rows"])
            missing, found = solutions([table["rows"][c][sector] for c in codes], n, percent)
            column = [code for code, k in zip(codes, found[0]) for _ in range(k)] + [""] * missing
            answers.setdefault(sector, {})[item] = column
    packages = []
    for sector, items in answers.items():
        n = len(next(iter(items.values())))
        people = [{item: items[item][i] for item in items} for i in range(n)]
        packages.append(package(f"net-{sector}", sector, people))
    study = combine(packages)
    for item, table in tables.items():
        df = background_table(study, item).set_index("category")
        for code, values in table["rows"].items():
            assert {s: df.at[code, s] for s in values} == values, (item, code)
        assert {s: df.at["n", s] for s in table["n"]} == table["n"]
