"""The solver that turns published percentages into whole answer counts."""

from olievlek.demo.background import round_percent, rounding_report, solve_column, solve_tables


def test_round_percent_is_exact_at_the_half():
    assert round_percent(1, 8) == 13  # 12.5 goes up
    assert round_percent(1, 8, "half-even") == 12
    assert round_percent(33, 93) == 35 and round_percent(34, 93) == 37


def test_a_column_that_fits_whole_people_needs_no_missing_answers():
    # Tabel 5.1 vo, n=48: exactly one solution
    assert solve_column([2, 46, 42, 8, 2], 48) == [(0, (1, 22, 20, 4, 1))]


def test_po_columns_need_item_non_response():
    # 36% 'universiteit' is not reachable with 93 answers; with 92 it is
    assert solve_column([1, 39, 36, 20, 4], 93, max_missing=0) == []
    assert solve_column([1, 39, 36, 20, 4], 93) == [(1, (1, 36, 33, 18, 4))]
    # 7% '3-6 maanden' needs 91 valid answers
    assert solve_column([3, 7, 47, 31, 9, 3], 93) == [(2, (3, 6, 43, 28, 8, 3))]


def test_columns_adding_to_101_are_solvable():
    tables = solve_tables()
    assert tables["years_in_education"]["po"].counts == {"<1": 7, "1-15": 34, "15+": 52}
    assert tables["involvement"]["mbo"].missing == 0


def test_rounding_rule_cannot_be_told_apart_but_truncation_is_ruled_out():
    report = rounding_report()
    assert report["same_solutions"] and report["halves"] == []
    assert report["truncation_fits"] is False
