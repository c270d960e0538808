"""Agreement figures: hand-computed cases and, when installed, the `krippendorff` package."""

import math

import pytest

from olievlek.coding.agreement import agreement, binary_alpha, cu_alpha
from olievlek.coding.text import paragraphs


def test_binary_alpha_hand_computed():
    # 10 units: both coded 3, only A 1, only B 1, neither 5.
    # n = 20, n1 = 2*3 + 2 = 8, n0 = 12: alpha = 1 - 19 * 2 / (12 * 8)
    assert binary_alpha(10, 1, 1, 3) == pytest.approx(1 - 38 / 96)
    assert binary_alpha(4, 0, 0, 2) == 1.0
    assert binary_alpha(4, 0, 0, 0) is None  # no variation: undefined, not 1 or 0


def test_cu_alpha_on_characters_hand_computed():
    # Text of 10 characters. A codes 0-4 with X, B codes 2-6 with X.
    # Positions: both 2-4 (2), only A 0-2 (2), only B 4-6 (2), neither 4.
    a = [("X", 0, 4)]
    b = [("X", 2, 6)]
    # n = 20, n1 = 2*2 + 4 = 8, n0 = 12, D = 4: 1 - 19*4 / (12*8)
    assert cu_alpha(a, b, 10) == pytest.approx(1 - 76 / 96)
    # Overlapping codings of one coder count each position once.
    assert cu_alpha([("X", 0, 3), ("X", 1, 4)], b, 10) == pytest.approx(1 - 76 / 96)


def test_identical_codings_agree_perfectly():
    a = [("X", 0, 4), ("Y", 5, 9)]
    assert cu_alpha(a, list(a), 12) == 1.0


def test_coding_outside_text_is_refused():
    with pytest.raises(ValueError, match="outside"):
        cu_alpha([("X", 0, 20)], [], 10)


def test_agreement_per_code_over_paragraphs():
    text = "een é\ntwee 👍\n\ndrie\nvier"
    paras = paragraphs(text)
    assert len(paras) == 4
    a = [("X", 0, 3), ("X", text.index("drie"), text.index("drie") + 2), ("Y", 0, 1)]
    b = [("X", 1, 2), ("Y", text.index("vier"), len(text))]
    result = agreement(a, b, len(text), paras)
    x, y = result.codes
    assert (x.code, x.paragraphs_a, x.paragraphs_b, x.paragraphs_both) == ("X", 2, 1, 1)
    assert x.paragraph_percent == 75.0
    # paragraphs: both 1, only A 1, neither 2: n = 8, n1 = 3, n0 = 5, alpha = 1 - 7*1/(5*3)
    assert x.paragraph_alpha == pytest.approx(1 - 7 / 15)
    assert y.paragraph_percent == 50.0
    assert result.cu_alpha == pytest.approx(cu_alpha(a, b, len(text)))


def _per_position(codings, length, codes):
    return [
        int(any(c == code and s <= i < e for c, s, e in codings))
        for code in codes
        for i in range(length)
    ]


@pytest.mark.parametrize(
    "a,b,length",
    [
        ([("X", 0, 4)], [("X", 2, 6)], 10),
        ([("X", 0, 4), ("Y", 3, 9)], [("X", 1, 5), ("Y", 0, 2), ("Z", 7, 8)], 12),
        ([("X", 0, 30)], [("X", 5, 25), ("X", 26, 40)], 50),
    ],
)
def test_matches_krippendorff_package(a, b, length):
    kd = pytest.importorskip("krippendorff")
    codes = sorted({c for c, _, _ in a + b})
    data = [_per_position(a, length, codes), _per_position(b, length, codes)]
    expected = kd.alpha(reliability_data=data, level_of_measurement="nominal")
    assert math.isclose(cu_alpha(a, b, length), expected, rel_tol=1e-9)
