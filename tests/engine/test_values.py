from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anju.engine.values import (
    NA,
    NotApplicable,
    divide,
    explain_rounding,
    format_value,
    round_half_up,
    sum_values,
)

HUNDRED = Decimal(100)


def percent(numerator: int, denominator: int, places: int) -> str:
    return format_value(divide(Decimal(numerator), Decimal(denominator), HUNDRED), places)


@pytest.mark.parametrize(
    ("numerator", "denominator", "places", "printed"),
    [
        (1241, 2000, 2, "62.05"),
        (900, 1475, 2, "61.02"),
        (2294, 3725, 2, "61.58"),
        (172, 3725, 1, "4.6"),
        (2074, 2180, 2, "95.14"),  # 95.1376...: half-up, not truncation
        (2226, 4242, 2, "52.48"),
        (200, 644, 2, "31.06"),
        (1332, 3584, 2, "37.17"),
        (9384, 14680, 2, "63.92"),
        (153, 250, 2, "61.20"),
        (3552, 4030, 2, "88.14"),
    ],
)
def test_bulletin_rates_read_as_printed(
    numerator: int, denominator: int, places: int, printed: str
) -> None:
    assert percent(numerator, denominator, places) == printed


def test_rate_with_suffix_keeps_fixed_places() -> None:
    rate = divide(Decimal(153), Decimal(250), HUNDRED)
    assert format_value(rate, 2, suffix="%") == "61.20%"


def test_na_is_a_single_explicit_marker() -> None:
    assert NA is NotApplicable.NA
    assert repr(NA) == "NA"


@pytest.mark.parametrize(
    ("numerator", "denominator"),
    [(Decimal(5), Decimal(0)), (NA, Decimal(3)), (Decimal(3), NA), (Decimal(0), Decimal(0))],
)
def test_division_without_a_figure_is_na(
    numerator: Decimal | NotApplicable, denominator: Decimal | NotApplicable
) -> None:
    assert divide(numerator, denominator) is NA


def test_na_renders_empty_and_takes_no_suffix() -> None:
    assert format_value(NA, 2) == ""
    assert format_value(NA, None, suffix="%") == ""


@pytest.mark.parametrize(
    ("value", "places", "trim", "text"),
    [
        ("4.60", None, True, "4.6"),
        ("0.0", None, True, "0"),
        ("0.0", 1, True, "0"),
        ("10135", 2, True, "10135"),
        ("10135.00", None, True, "10135"),
        ("712.62", 2, True, "712.62"),
        ("712.62", 2, False, "712.62"),
        ("10135", 2, False, "10135.00"),
        ("1E+5", None, False, "100000"),
        ("1.5E-7", None, False, "0.00000015"),
        ("-0.001", 2, False, "0.00"),
        ("-0.004", 2, True, "0"),
        ("2000", None, False, "2000"),
        ("120", None, True, "120"),
    ],
)
def test_format_value(value: str, places: int | None, trim: bool, text: str) -> None:
    assert format_value(Decimal(value), places, trim=trim) == text


def test_round_half_up_rejects_negative_places() -> None:
    with pytest.raises(ValueError, match="places"):
        round_half_up(Decimal(1), -1)


def test_round_half_up_handles_values_wider_than_the_default_context() -> None:
    wide = Decimal("123456789012345678901234567890.125")
    assert round_half_up(wide, 2) == Decimal("123456789012345678901234567890.13")


def test_sum_of_parts_skips_na_and_is_na_only_when_all_are() -> None:
    assert sum_values([Decimal(10135), NA, Decimal("712.62")]) == Decimal("10847.62")
    assert sum_values([NA, NA]) is NA
    assert sum_values([]) is NA


class TestExplainRounding:
    def test_truncated_print_is_identified(self) -> None:
        line = explain_rounding(Decimal(2074), Decimal(2180), 2, printed="95.13")
        assert line == (
            "2074 ÷ 2180 × 100 = 95.1376…；按四舍五入保留2位小数为95.14；"
            "原表印作95.13，系直接截断所致。"
        )

    def test_exact_quotient_is_shown_without_ellipsis(self) -> None:
        line = explain_rounding(Decimal(1241), Decimal(2000), 2)
        assert line == "1241 ÷ 2000 × 100 = 62.05；按四舍五入保留2位小数为62.05。"

    def test_other_precision_is_identified(self) -> None:
        line = explain_rounding(Decimal(2074), Decimal(2180), 2, printed="95.1")
        assert line.endswith("原表印作95.1，系保留位数不同所致。")

    def test_unexplained_difference(self) -> None:
        line = explain_rounding(Decimal(2074), Decimal(2180), 2, printed="95.2")
        assert line.endswith("原表印作95.2，与计算结果不符。")

    def test_unreadable_print_does_not_match(self) -> None:
        line = explain_rounding(Decimal(2074), Decimal(2180), 2, printed="九五")
        assert line.endswith("原表印作九五，与计算结果不符。")

    def test_matching_print_and_percent_sign(self) -> None:
        line = explain_rounding(Decimal(153), Decimal(250), 2, printed="61.20%")
        assert (
            line == "153 ÷ 250 × 100 = 61.2；按四舍五入保留2位小数为61.20；"
            "原表印作61.20%，与计算结果一致。"
        )

    def test_whole_units_and_no_scale(self) -> None:
        line = explain_rounding(Decimal(575), Decimal(4), 0, scale=Decimal(1))
        assert line == "575 ÷ 4 = 143.75；按四舍五入取整为144。"

    def test_zero_divisor(self) -> None:
        line = explain_rounding(Decimal(172), Decimal(0), 1)
        assert line == "172 ÷ 0 × 100：除数为0，该指标不适用。"


# --- properties -------------------------------------------------------------------------------


def integer_half_up(numerator: int, denominator: int, places: int) -> Decimal:
    """Reference: half away from zero using integers only."""
    sign = -1 if (numerator < 0) != (denominator < 0) else 1
    quotient, remainder = divmod(abs(numerator) * 10**places, abs(denominator))
    if 2 * remainder >= abs(denominator):
        quotient += 1
    return Decimal(sign * quotient).scaleb(-places)


@settings(max_examples=300, deadline=None)
@given(
    numerator=st.integers(min_value=-(10**9), max_value=10**9),
    denominator=st.integers(min_value=1, max_value=10**6),
    places=st.integers(min_value=0, max_value=6),
)
def test_round_half_up_matches_integer_reference(
    numerator: int, denominator: int, places: int
) -> None:
    exact = divide(Decimal(numerator), Decimal(denominator))
    assert exact is not NA
    assert round_half_up(exact, places) == integer_half_up(numerator, denominator, places)


@settings(max_examples=200, deadline=None)
@given(
    digits=st.integers(min_value=-(10**12), max_value=10**12),
    exponent=st.integers(min_value=0, max_value=8),
    places=st.integers(min_value=0, max_value=6),
)
def test_round_half_up_of_literals_matches_integer_reference(
    digits: int, exponent: int, places: int
) -> None:
    value = Decimal(digits).scaleb(-exponent)
    rounded = round_half_up(value, places)
    assert rounded == integer_half_up(digits, 10**exponent, places)
    assert rounded.as_tuple().exponent == -places


@settings(max_examples=200, deadline=None)
@given(whole=st.integers(min_value=0, max_value=10**6), places=st.integers(0, 5))
def test_ties_go_up_where_bankers_rounding_goes_down(whole: int, places: int) -> None:
    even = 2 * whole
    tie = (Decimal(even) + Decimal("0.5")).scaleb(-places)
    assert round_half_up(tie, places) == Decimal(even + 1).scaleb(-places)
    assert round_half_up(-tie, places) == -Decimal(even + 1).scaleb(-places)
    # Python's own round() rounds such ties to the even neighbour; ours never does.
    assert round(tie, places) != round_half_up(tie, places)


def test_documented_tie() -> None:
    assert round_half_up(Decimal("0.125"), 2) == Decimal("0.13")
    assert format_value(Decimal("0.125"), 2) == "0.13"


@settings(max_examples=200, deadline=None)
@given(
    value=st.decimals(min_value=-(10**9), max_value=10**9, places=4),
    places=st.integers(0, 4),
)
def test_trim_only_removes_zeros(value: Decimal, places: int) -> None:
    fixed = format_value(value, places)
    trimmed = format_value(value, places, trim=True)
    assert Decimal(trimmed) == Decimal(fixed)
    assert fixed.startswith(trimmed)
    assert not trimmed.endswith(".")
    assert "." not in trimmed or not trimmed.endswith("0")
    assert "E" not in fixed


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (Decimal("1E-200"), None, "1E-200"),
        (Decimal("1E+200"), 2, "1E+200"),
        (Decimal("1E+200"), None, "1E+200"),
        (Decimal("-1E-200"), 2, "0"),  # rounding it is cheap and exact
        (Decimal("1." + "1" * 80), None, "1.111111…E+0"),
    ],
)
def test_a_value_too_long_to_print_is_shown_short(
    value: Decimal, places: int | None, shown: str
) -> None:
    assert format_value(value, places, trim=True) == shown


def test_explaining_an_absurd_ratio_stays_short() -> None:
    line = explain_rounding(Decimal("1E+200"), Decimal(3), 2, scale=Decimal(1))
    assert line == "1E+200 ÷ 3 = 3.333333…E+199，数值超出合理范围。"


def test_an_absurd_printed_figure_is_not_rounded_to() -> None:
    line = explain_rounding(Decimal(1241), Decimal(2000), 2, printed="1E-200")
    assert line.endswith("；原表印作1E-200，与计算结果不符。")
