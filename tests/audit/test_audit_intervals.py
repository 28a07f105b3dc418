"""Every printed figure stands for the interval its digits allow."""

from __future__ import annotations

from decimal import Decimal

import pytest

from anju.audit.intervals import Interval, ratio
from anju.audit.numbers import find_figures, read_cell


@pytest.mark.parametrize(
    ("printed", "lo", "hi"),
    [
        ("24.4", "24.35", "24.45"),
        ("1.39万", "13850", "13950"),
        ("95%", "94.5", "95.5"),
        ("61.20%", "61.195", "61.205"),
        ("16,267.62", "16267.615", "16267.625"),
    ],
)
def test_printed_precision(printed: str, lo: str, hi: str) -> None:
    cell = read_cell(printed)
    assert cell is not None
    assert cell.interval() == Interval(Decimal(lo), Decimal(hi))


def test_a_count_is_exact() -> None:
    cell = read_cell("2074")
    assert cell is not None
    assert cell.interval(exact_integer=True) == Interval.exact(Decimal(2074))


def test_a_cell_of_new_and_withdrawn_units_is_its_net_change() -> None:
    assert [read_cell(t).value for t in ("新增40套退出95套", "净增19套", "新增34套")] == [  # type: ignore[union-attr]
        Decimal(-55),
        Decimal(19),
        Decimal(34),
    ]


def test_a_rate_over_rounded_inputs_spans_what_they_allow() -> None:
    computed = ratio(
        Interval(Decimal("13850"), Decimal("13950")), Interval(Decimal("23050"), Decimal("23150"))
    )
    assert computed is not None
    assert computed.meets(Interval(Decimal("60.255"), Decimal("60.265")))


def test_years_dates_and_document_numbers_are_not_figures() -> None:
    found = find_figures("2017年1—6月，云建保[2016]505号，开工2294套")
    assert [f.printed.text for f in found] == ["2294"]
