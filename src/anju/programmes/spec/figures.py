"""The figures file: one month's reported figures for several units, each kept as written."""

from __future__ import annotations

import datetime
import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, PrivateAttr

from anju.periodkey import PERIOD_REGEX
from anju.programmes.spec.base import Spec, fail
from anju.programmes.spec.fields import Text, one_of, one_of_schema

FIGURES_FORMAT = "figures/1"
STATUSES = ("draft", "submitted", "approved")
AS_OF_WORDS = ("上月末", "previous")


def _period(value: str) -> str:
    # The month as everything else in anju writes it (PeriodKey's shape: YYYY-MM, 01–12).
    if re.fullmatch(PERIOD_REGEX, value) is None:
        fail(f"“{value}”应为月份，格式 YYYY-MM")
    return value


def _figure(value: object) -> object:
    # The figure's own text goes to the reporting checks, which say what a figure must be.
    if not isinstance(value, str):
        fail("应为数字")
    return value


def _as_of(value: object) -> object:
    # A date (2019-05-31), or 上月末 for the previous month's end.
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date) or value in AS_OF_WORDS:
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        fail(f"“{value}”应为日期（YYYY-MM-DD）或“上月末”")


Period = Annotated[Text, AfterValidator(_period)]
AsOf = Annotated[datetime.date | str, BeforeValidator(_as_of)]
Status = Annotated[str, one_of(STATUSES), one_of_schema(STATUSES)]
FigureText = Annotated[str, BeforeValidator(_figure)]


class FiguresSpec(Spec):
    programme: Text
    period: Period
    status: Status = "draft"
    reports: dict[str, dict[str, FigureText]]  # unit code → element code → the figure's text
    # unit code → the date its figures run to, when earlier than the month's end
    as_of: dict[str, AsOf] = {}
    notes: dict[str, Text] = {}  # unit code → its report's 填报说明

    # (unit, element) → "file:line: field: ", for the checks' messages about a figure; a
    # unit's code alone → the same for the unit.
    _places: dict[tuple[str, str], str] = PrivateAttr(default_factory=dict)
    # Problems found while reading the file whose other parts could still be checked: the
    # import names them with its own, in the order of the file's lines.
    _found: list[str] = PrivateAttr(default_factory=list)

    @property
    def year(self) -> int:
        return int(self.period[:4])

    @property
    def month(self) -> int:
        return int(self.period[5:])

    def where(self, unit: str, element: str) -> str:
        return self._places.get((unit, element), "")

    def locate(self, places: dict[tuple[str, str], str], found: list[str] | None = None) -> None:
        self._places = places
        self._found = found or []

    @property
    def found(self) -> list[str]:
        return list(self._found)

    def where_unit(self, unit: str) -> str:
        return self._places.get((unit, ""), "")

    def where_key(self, key: str) -> str:
        return self._places.get(("", key), "")

    def where_note(self, unit: str) -> str:
        return self.where_key(f"notes.{unit}") or self.where_unit(unit)
