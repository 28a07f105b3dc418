"""The value types of the files, each refusing bad input with the message the user reads."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, WithJsonSchema

from anju.engine.totals import SCALES
from anju.programmes.spec.base import fail

CODE_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
SLUG_RE = re.compile(r"^[A-Za-z0-9_-]+$")
# A code, or change.CODE (its change since last month), then the direction.
SORT_RE = re.compile(r"^((?:change\.)?[A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?$")


def _text(value: object) -> object:
    if isinstance(value, bool | list | dict):
        fail("应为文字")
    if isinstance(value, int | Decimal | datetime.date):
        return str(value)  # a title or a name may well be a number: 2017
    return value


def _code(value: str) -> str:
    if not CODE_RE.match(value):
        fail(f"“{value}”应以字母开头，只含字母、数字和 _")
    return value


def _slug(value: str) -> str:
    if not SLUG_RE.match(value):
        fail(f"“{value}”只能含字母、数字、- 和 _")
    return value


def _sort_key(value: str) -> str:
    if not SORT_RE.match(value):
        fail(f"“{value}”应写作“代码 desc”或“代码 asc”")
    return value


def _unit_code(value: object) -> object:
    # Unit codes are digits more often than not: 533401 and '533401' are the same code.
    if isinstance(value, int | str) and not isinstance(value, bool) and str(value).strip():
        return str(value).strip()
    fail("应为单位代码")


def _flag(value: object) -> object:
    if not isinstance(value, bool):
        fail("应为 true 或 false")
    return value


def _day(value: object) -> object:
    if isinstance(value, datetime.datetime):
        return value.date()
    if not isinstance(value, datetime.date):
        fail("应为日期，格式 YYYY-MM-DD")
    return value


def _number(value: object) -> object:
    if isinstance(value, Decimal) and value.is_finite():
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    fail(f"“{value}”不是数字")


def _normal(value: Decimal) -> Decimal:
    return value.normalize()  # 2000.0000 from the database is the file's 2000


def _plain(value: Decimal) -> str:
    return format(value, "f")


def whole(low: int, high: int) -> BeforeValidator:
    """An integer from low to high; a bool or a decimal is not one."""

    def check(value: object) -> object:
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return value
        fail(f"应为 {low} 到 {high} 之间的整数")

    return BeforeValidator(check)


def one_of(values: Sequence[str]) -> BeforeValidator:
    """A text that is one of ``values``."""

    def check(value: object) -> object:
        if isinstance(value, str) and value in values:
            return value
        fail(f"“{value}”不是可选值，可选：{'、'.join(values)}")

    return BeforeValidator(check)


def one_of_schema(values: Sequence[str]) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "enum": [*values]})


Text = Annotated[str, BeforeValidator(_text)]
Code = Annotated[str, BeforeValidator(_text), AfterValidator(_code)]
Slug = Annotated[str, BeforeValidator(_text), AfterValidator(_slug)]
SortKey = Annotated[str, BeforeValidator(_text), AfterValidator(_sort_key)]
UnitCode = Annotated[str, BeforeValidator(_unit_code)]
Flag = Annotated[bool, BeforeValidator(_flag)]
Day = Annotated[datetime.date, BeforeValidator(_day)]
# A figure: exact, never through float; over the wire plain positional text ("712.62").
Number = Annotated[
    Decimal,
    BeforeValidator(_number),
    AfterValidator(_normal),
    PlainSerializer(_plain, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$", "examples": ["712.62"]}),
]
Places4 = Annotated[int, Field(ge=0, le=4), whole(0, 4)]
Places6 = Annotated[int, Field(ge=0, le=6), whole(0, 6)]

# 万 or 亿: a column printed in them, or an element entered in them.
Scale = Annotated[str, one_of(tuple(SCALES)), one_of_schema(tuple(SCALES))]
