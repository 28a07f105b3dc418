"""The Excel round trip's test helpers: the month's template, filled in as a clerk would."""

from __future__ import annotations

import io
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook  # type: ignore[import-untyped]

from anju.programmes.models import Unit
from anju.reporting.excel import (
    SHEET,
    ImportCheck,
    check_workbook,
)
from anju.reporting.models import Period, ReportValue

PREFECTURE = "533400"
# Tree order: the order the programme lists the units in, not the order of their codes.
OFFICE_UNITS = ["533401", "533422", "533423", "533400-KFQ", "533400-BJ"]


def scope(code: str = PREFECTURE) -> Unit:
    return Unit.objects.get(code=code)


def sheet_of(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))[SHEET]


def cell(sheet: Any, unit: str, header: str) -> Any:
    """The cell of a unit's row under a header (an input header starts with the figure's name)."""
    row = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, 1).value == unit)
    column = next(
        c
        for c in range(1, sheet.max_column + 1)
        if str(sheet.cell(2, c).value).startswith(f"{header}（")
    )
    return sheet.cell(row, column)


def filled(data: bytes, figures: Mapping[tuple[str, str], object]) -> bytes:
    """The template with cells typed in, as a clerk would: (unit, figure name) → value."""
    workbook = load_workbook(io.BytesIO(data))
    for (unit, name), value in figures.items():
        cell(workbook[SHEET], unit, name).value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def check(user: Any, period: Period, data: bytes, code: str = PREFECTURE) -> ImportCheck:
    return check_workbook(user=user, scope=scope(code), period=period, data=data, filename="x.xlsx")


def stored(unit: str, period: Period) -> dict[str, Decimal]:
    return dict(
        ReportValue.objects.filter(report__unit__code=unit, report__period=period).values_list(
            "element__code", "value"
        )
    )


JULY_FIGURES: dict[tuple[str, str], object] = {
    ("533401", "棚户区改造开工数"): 1300,
    ("533401", "完成投资"): 10235.5,
    ("533422", "棚户区改造开工数"): 160,
    ("533422", "货币化安置征收面积"): "17200.25",
    ("533400-KFQ", "完成投资"): 812.62,
}
