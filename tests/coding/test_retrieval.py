"""Counting codings: the matrix and co-occurrence on hand-checked cases."""

from olievlek.coding.retrieval import cooccurrence, matrix
from olievlek.coding.text import paragraphs


def test_matrix_counts_codings_and_distinct_sources():
    rows = [("a", "n1", 1), ("a", "n1", 1), ("a", "n1", 2), ("b", "n2", 3)]
    assert matrix(rows) == {("a", "n1"): (3, 2), ("b", "n2"): (1, 1)}
    assert matrix([]) == {}


def test_cooccurrence_by_overlap_or_shared_paragraph():
    text = "één twee\ndrie\n\nvier vijf"
    paras = {1: paragraphs(text), 2: paragraphs("x")}
    codings = [
        (1, "a", 0, 3),    # één
        (1, "b", 4, 8),    # twee: same paragraph as a
        (1, "c", 2, 12),   # overlaps a and b, runs into "drie"
        (1, "d", 15, 19),  # vier: its own paragraph
        (1, "a", 20, 24),  # vijf: shares a paragraph with d
        (1, "a", 1, 2),    # same code as the first: never counted with itself
        (2, "b", 0, 1),    # another source
    ]
    assert dict(cooccurrence(codings, paras)) == {
        ("a", "b"): 2, ("a", "c"): 2, ("b", "c"): 1, ("a", "d"): 1}
    assert not cooccurrence([], {})
