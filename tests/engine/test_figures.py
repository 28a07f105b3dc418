"""The one grammar of a typed figure: what parses, what is refused, and the message's size."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from anju.engine.figures import (
    MAX_FIGURE,
    MAX_LENGTH,
    FigureError,
    figure_from_number,
    figure_from_text,
)

NAME, EXPECTED = "完成投资", "不小于0、最多2位小数的数（万元）"
CENT = Decimal("0.01")
MESSAGE_BOUND = 120  # name, expected text and the quoted prefix together
WIDE = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


def refusal(text: str, places: int = 2) -> tuple[str, str]:
    with pytest.raises(FigureError) as caught:
        figure_from_text(text, places=places)
    return caught.value.kind, caught.value.message(name=NAME, expected=EXPECTED)


def grouped(value: Decimal) -> str:
    return f"{value:,f}"


figures = st.decimals(
    min_value=0, max_value=MAX_FIGURE - Decimal("0.01"), places=2, allow_nan=False
)


@given(figures, st.booleans(), st.booleans())
def test_every_figure_in_range_reads_back_exactly(value: Decimal, group: bool, wide: bool) -> None:
    text = grouped(value) if group else format(value, "f")
    if wide:
        text = text.translate(WIDE)
    assert figure_from_text(f" {text} ", places=2) == value


@given(st.text() | st.text(min_size=MAX_LENGTH - 5, max_size=MAX_LENGTH + 200))
@example("1e-999999999")
@example("1" * 10_000)
@example("٣٤٥")
def test_any_text_is_a_figure_in_range_or_refused_with_a_short_message(text: str) -> None:
    try:
        value = figure_from_text(text, places=2)
    except FigureError as error:
        assert len(error.message(name=NAME, expected=EXPECTED)) < MESSAGE_BOUND
        return
    assert value is None or (0 <= value < MAX_FIGURE and value.quantize(CENT) == value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12,345.50", Decimal("12345.5")),
        ("1,000", Decimal(1000)),
        ("１２，３４５．６", Decimal("12345.6")),
        ("  712.62\t", Decimal("712.62")),
        (".5", Decimal("0.5")),
        ("0", Decimal(0)),
        ("999,999,999,999,999.99", Decimal("999999999999999.99")),
        ("   ", None),
        ("", None),
    ],
)
def test_figures_as_people_type_them(text: str, value: Decimal | None) -> None:
    assert figure_from_text(text, places=2) == value


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        (
            "1300,5",
            "grouping",
            "完成投资：“1300,5”的分隔符不对：小数点用“.”，千位分隔符“,”须每三位一组，",
        ),
        ("1,2,3,4", "grouping", "完成投资：“1,2,3,4”的分隔符不对"),
        ("12,34", "grouping", "完成投资：“12,34”的分隔符不对"),
        ("1_000", "grouping", "完成投资：“1_000”的分隔符不对"),
        ("５e３", "exponent", "完成投资：“５e３”是科学计数法，请直接写出数字"),
        ("1e-999999999", "too_many_places", "完成投资：“1e-999999999”小数位过多"),
        ("1e20", "too_large", "完成投资：“1e20”超出合理范围"),
        ("٣٤٥", "digits", "完成投资：“٣٤٥”含有无法识别的数字，请用0-9填写"),
        ("𝟏𝟐𝟑", "digits", "完成投资：“𝟏𝟐𝟑”含有无法识别的数字"),
        ("10²", "digits", "完成投资：“10²”含有无法识别的数字"),
        ("NaN", "not_a_number", "完成投资：“NaN”不是数字，请填写不小于0"),
        ("Infinity", "not_a_number", "完成投资：“Infinity”不是数字"),
        ("12a", "not_a_number", "完成投资：“12a”不是数字"),
        ("-5", "negative", "完成投资：不能为负数，请填写不小于0"),
        ("－5", "negative", "完成投资：不能为负数"),
        ("712.625", "too_many_places", "完成投资：“712.625”小数位过多，请填写不小于0、最多2位"),
        ("1,000,000,000,000,000", "too_large", "完成投资：“1,000,000,00…”超出合理范围"),
        ("1" * 41, "too_long", "完成投资：“111111111111…”太长，请填写不小于0"),
        ("1\x00", "not_a_number", "完成投资：“1\ufffd”不是数字"),
    ],
)
def test_what_is_refused_and_what_the_message_says(text: str, kind: str, message: str) -> None:
    refused_as, shown = refusal(text)
    assert refused_as == kind
    assert shown.startswith(message)


def test_a_negative_figure_where_negatives_are_allowed() -> None:
    assert figure_from_text("-1,234.5", places=1, negative=True) == Decimal("-1234.5")


def test_trailing_zeros_are_not_decimals_too_many() -> None:
    assert figure_from_text("1.50", places=1) == Decimal("1.5")


@pytest.mark.parametrize(
    ("number", "value"),
    [
        (1241, Decimal(1241)),
        (Decimal("712.62"), Decimal("712.62")),
        (Decimal("1.500"), Decimal("1.5")),
        (Decimal("-0"), Decimal(0)),
    ],
)
def test_numbers_that_arrive_as_numbers(number: int | Decimal, value: Decimal) -> None:
    assert figure_from_number(number, places=2) == value


@pytest.mark.parametrize(
    ("number", "kind", "raw"),
    [
        (Decimal("1E-999999999"), "too_many_places", "1E-999999999"),
        (Decimal("1E+3"), "exponent", "1E+3"),  # a JSON 1e3
        (Decimal("1E+999999999"), "too_large", "1E+999999999"),
        (Decimal("NaN"), "not_a_number", "NaN"),
        (Decimal("-Infinity"), "not_a_number", "-Infinity"),
        (10**15, "too_large", "100000000000…"),
        (-1, "negative", "-1"),
    ],
)
def test_numbers_held_to_the_same_rules(number: int | Decimal, kind: str, raw: str) -> None:
    with pytest.raises(FigureError) as caught:
        figure_from_number(number, places=2)
    assert (caught.value.kind, caught.value.params["raw"]) == (kind, raw)


@given(st.decimals(allow_nan=True, allow_infinity=True) | st.integers())
def test_any_number_is_a_figure_in_range_or_refused(number: Decimal | int) -> None:
    try:
        value = figure_from_number(number, places=2)
    except FigureError as error:
        assert len(error.message(name=NAME, expected=EXPECTED)) < MESSAGE_BOUND
        return
    assert 0 <= value < MAX_FIGURE and value.quantize(CENT) == value


def test_an_enormous_entry_is_refused_quoting_only_its_start() -> None:
    kind, message = refusal("  9" + " " * 10_000_000)
    assert (kind, message) == ("too_long", f"{NAME}：“9…”太长，请填写{EXPECTED}")
