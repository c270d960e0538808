"""Re-anchoring codings by their quotes in a new version of a source's text."""

from olievlek.coding.anchor import AMBIGUOUS, MISSING, MOVED, NEAR, SAME, reanchor

OLD = "Één vraag: wat doet het netwerk? 🎉 Het café De Linde.\nTweede alinea: ritme."


def coding(key, quote, text=OLD):
    start = text.index(quote)
    return (key, start, start + len(quote), quote)


def test_same_place_moved_missing_and_ambiguous():
    new = "Nieuwe eerste zin.\n" + OLD.replace("ritme", "tempo") + "\nHet café De Linde."
    got = reanchor(new, [coding("a", "🎉 Het café"), coding("b", "ritme"),
                         coding("c", "Één vraag")])
    a, b, c = got
    assert (a.status, new[a.start:a.end]) == (MOVED, "🎉 Het café")
    assert b.status == MISSING and b.flagged and 0 <= b.start < b.end <= len(new)
    assert (c.status, new[c.start:c.end]) == (MOVED, "Één vraag")
    assert reanchor(OLD, [coding("x", "café De Linde")])[0].status == SAME


def test_near_the_old_place_wins_over_a_copy_elsewhere():
    far = " " * (NEAR * 3)
    new = OLD + far + "Het café De Linde."
    got = reanchor(new, [coding("a", "Het café De Linde")])[0]
    assert (got.status, got.start) == (SAME, OLD.index("Het café De Linde"))


def test_two_copies_neither_near_is_ambiguous_and_kept():
    far = " " * (NEAR * 3)
    new = far + "café" + far + "café"
    got = reanchor(new, [coding("a", "café")])[0]
    assert got.status == AMBIGUOUS and got.flagged and got.end > got.start


def test_the_shift_of_earlier_codings_carries_to_later_ones():
    # Everything moves NEAR*2 later; "ja" occurs twice, the second copy is where it now belongs.
    text = "Vraag één? ja.\n" + "x" * 50 + " ja."
    new = "y" * (NEAR * 2) + text
    first = coding("q", "Vraag één?", text)
    second = ("ja", text.rindex("ja"), text.rindex("ja") + 2, "ja")
    got = reanchor(new, [first, second])
    assert got[0].status == MOVED
    assert got[1].start == NEAR * 2 + text.rindex("ja")
