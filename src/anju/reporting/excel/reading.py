"""An uploaded workbook opened safely: measured before it is read, and only the template's area
read.

A .xlsx file is a zip of XML parts, and a 2 MB upload can unpack to gigabytes, declare a sheet
a million rows tall or carry millions of shared strings; openpyxl reads whatever it is given.
So the zip's own directory is checked first (what each part unpacks to, how many sheets), then
the sheet's declared dimension, all against the template's area (a row per unit in scope plus
spare lines, the layout's columns). Only then are cells read, and only inside that area.
"""

from __future__ import annotations

import gc
import re
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl import load_workbook  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet._reader import WorkSheetParser  # type: ignore[import-untyped]

from anju.programmes.models import Unit
from anju.reporting.excel.common import (
    HEADER_ROW,
    MAX_UPLOAD_BYTES,
    NOT_A_WORKBOOK,
    NOT_THIS_TEMPLATE,
    SHEET,
    TOO_LARGE,
    Refused,
    Sheet,
)
from anju.reporting.models import Period

OUTSIDE_TEMPLATE = _lazy(
    "文件的内容超出了填报模板的范围（{area}）：{why}；请在本月下载的模板中填写，"
    "不要在模板以外添加行、列、工作表或大段文字，然后重新上传"
)

# Generous sizes for a template's XML, per cell of its area: a cell (address, style, type,
# value) takes about 40 bytes and a row's own element about 80 spread over its cells; a
# shared string (a unit's name, a header) well under 60.
SHEET_BYTES_PER_CELL = 100
STRING_BYTES_PER_CELL = 60
# Everything else a template holds (styles, theme, the hidden sheet, the title, validations)
# is some 30 KB; Excel, WPS or LibreOffice saving it again adds a little.
FIXED_BYTES = 2 * 1024 * 1024
MAX_PARTS = 64
MAX_SHEETS = 4  # the template has two; an office suite may add a third when saving
IDENTITY_ROWS = 1000  # the hidden sheet: a few lines and one per figure
SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
UNIQUE_COUNT = re.compile(rb'uniqueCount="(\d+)"')
# An error cell reads as its code, a formula cell (data_only off) as its formula.
FORMULA, ERROR = "f", "e"


@dataclass(frozen=True)
class Area:
    """The part of the sheet a template may use: rows 1..rows, columns A..columns."""

    rows: int
    columns: int

    @property
    def cells(self) -> int:
        return self.rows * self.columns

    def __str__(self) -> str:
        return f"{SHEET}!A1:{get_column_letter(self.columns)}{self.rows}"


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A cell that holds no figure of its own: a formula, or an error value such as #DIV/0!."""

    text: str  # as the formula bar shows it
    reason: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Identity:
    """What the hidden sheet says the template was made for."""

    values: dict[str, str]
    columns: list[tuple[str, str]]  # (column letter, element code)


Row = tuple[int, tuple[object, ...]]  # (row number, the cells' values from column A)


@contextmanager
def workbook_opened(data: bytes, *, area: Area) -> Iterator[Any]:
    """The workbook (read-only, formulas as formulas), once the file's size, its zip and its
    sheet's declared dimension fit ``area``; otherwise Refused with one message."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise Refused(TOO_LARGE.format(limit=MAX_UPLOAD_BYTES // (1024 * 1024)))
    _check_zip(data, area)
    try:
        # openpyxl warns about features it drops (extensions, unknown styles), which do not
        # matter for reading values; a file it cannot read at all raises one of a dozen
        # exception types (zip, XML, key, value errors): to the clerk they all mean the same.
        # data_only is off so that a formula is seen as one (see ``Unreadable``).
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(BytesIO(data), read_only=True, keep_links=False)
    except Exception:
        raise Refused(NOT_A_WORKBOOK) from None
    try:
        if SHEET in workbook.sheetnames:
            _check_dimension(workbook[SHEET], area)
        yield workbook
    finally:
        workbook.close()


def _check_zip(data: bytes, area: Area) -> None:
    """The zip's directory against the area: what each part unpacks to is declared there, and
    Python's zip reader never unpacks a part beyond its declared size."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            parts = archive.infolist()
            strings = next((p for p in parts if p.filename.endswith("sharedStrings.xml")), None)
            declared = _unique_strings(archive, strings) if strings else 0
    except Exception:  # not a zip, a damaged one, an encrypted or unknown compression
        raise Refused(NOT_A_WORKBOOK) from None
    sheet_limit = area.cells * SHEET_BYTES_PER_CELL + FIXED_BYTES
    string_limit = area.cells * STRING_BYTES_PER_CELL + FIXED_BYTES
    sheets = sum(1 for part in parts if SHEET_PART.fullmatch(part.filename))
    if len(parts) > MAX_PARTS:
        _refuse(area, _("文件由 %(count)s 个部分组成") % {"count": len(parts)})
    if sheets > MAX_SHEETS:
        _refuse(area, _("文件中有 %(count)s 个工作表") % {"count": sheets})
    if strings and strings.file_size > string_limit:
        size = _megabytes(strings.file_size)
        _refuse(area, _("其中的文字解压后有 %(size)s MB") % {"size": size})
    if declared > area.cells + IDENTITY_ROWS:
        _refuse(area, _("文件中有 %(count)s 段不同的文字") % {"count": declared})
    # Any part, whatever its name: the workbook's own index may point anywhere in the zip.
    unpacked = sum(part.file_size for part in parts)
    if unpacked > sheet_limit + string_limit + FIXED_BYTES or any(
        part.file_size > sheet_limit for part in parts
    ):
        _refuse(area, _("解压后有 %(size)s MB") % {"size": _megabytes(unpacked)})


def _unique_strings(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> int:
    # The count is an attribute of the root element, within the part's first few hundred bytes.
    with archive.open(part) as stream:
        found = UNIQUE_COUNT.search(stream.read(1024))
    return int(found.group(1)) if found else 0


def _check_dimension(sheet: Sheet, area: Area) -> None:
    # The dimension Excel, WPS, LibreOffice and openpyxl write covers every cell they store;
    # a file whose dimension understates its cells is still read only inside the area.
    rows, columns = sheet.max_row or 0, sheet.max_column or 0
    if rows > area.rows or columns > area.columns:
        declared = f"A1:{get_column_letter(min(max(columns, 1), 16384))}{rows}"
        _refuse(area, _("工作表声明的范围是 %(range)s") % {"range": declared})


def _refuse(area: Area, why: str) -> None:
    raise Refused(OUTSIDE_TEMPLATE.format(area=area, why=why))


def _megabytes(size: int) -> str:
    return str(max(1, round(size / (1024 * 1024))))


# --- reading inside the area -------------------------------------------------------------


def identity_read(meta: Sheet) -> Identity:
    values: dict[str, str] = {}
    columns: list[tuple[str, str]] = []
    for row in meta.iter_rows(max_row=IDENTITY_ROWS, max_col=3, values_only=True):
        key, first, second = (cell_text(value) for value in (*row, None, None, None)[:3])
        if key == "column":
            columns.append((first, second))
        elif key:
            values[key] = first
    return Identity(values, columns)


def identity_check(
    values: dict[str, str], *, expected: str, scope: Unit, period: Period, why: str
) -> None:
    """Refused unless the hidden sheet names the ``expected`` format (``why`` says what it
    is otherwise), this programme, this month and this scope."""
    if values.get("format") != expected:
        raise Refused(NOT_THIS_TEMPLATE.format(why=why))
    if values.get("programme") != period.programme.code:
        why = _("文件属于另一项计划（%(file)s），本页是%(page)s") % {
            "file": values.get("programme"),
            "page": period.programme.name,
        }
        raise Refused(NOT_THIS_TEMPLATE.format(why=why))
    if values.get("period") != period.key:
        why = _("文件是 %(file)s 的模板，本页是 %(key)s（%(page)s）") % {
            "file": values.get("period"),
            "key": period.key,
            "page": period,
        }
        raise Refused(NOT_THIS_TEMPLATE.format(why=why))
    if values.get("scope") != scope.code:
        owner = Unit.objects.filter(code=values.get("scope")).first()
        why = _("文件是%(file)s的模板，本页是%(page)s") % {
            "file": owner or values.get("scope"),
            "page": scope.name,
        }
        raise Refused(NOT_THIS_TEMPLATE.format(why=why))


def sheet_rows(sheet: Sheet, area: Area) -> tuple[tuple[object, ...], list[Row]]:
    """The header and every row with something in it, inside the area. The line just below
    the area is read too: a filled one there means the file is not this scope's template."""
    header: tuple[object, ...] = ()
    rows: list[Row] = []
    for number, values in _parsed_rows(sheet, HEADER_ROW, area.rows + 1, area.columns):
        if number == HEADER_ROW:
            header = values
        elif filled(values):
            if number > area.rows:
                _refuse(area, _("第%(row)s行也有内容") % {"row": number})
            rows.append((number, values))
    return header, rows


def _parsed_rows(
    sheet: Sheet, first: int, last: int, columns: int
) -> Iterator[tuple[int, tuple[object, ...]]]:
    """The rows first..last that the sheet stores, columns A..``columns`` of each, as
    openpyxl's own parser reads them (the same values ``iter_rows`` gives, shared strings,
    dates and all) without making a cell object of each: on a national file those objects
    cost as much as all the rules. A row stored twice or out of order counts once, at its
    first place, as ``iter_rows`` has it."""
    workbook = sheet.parent
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=workbook.data_only,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        following = first
        for number, cells in parser.parse():
            if number > last:
                break
            if number < following:
                continue
            following = number + 1
            values: list[object] = [None] * columns
            for cell in cells:
                column = cell["column"]
                if column <= columns:
                    kind = cell["data_type"]
                    value = cell["value"]
                    values[column - 1] = (
                        value if kind not in (FORMULA, ERROR) else _unreadable(kind, value)
                    )
            yield number, tuple(values)


def _unreadable(kind: str, value: object) -> Unreadable:
    # A formula is refused even when the file carries its last result: that result is only
    # as fresh as the last program that recalculated it (files written by scripts or
    # converters carry none, or a stale one), and one pointing at another workbook gives a
    # figure nobody can check from this file. The figure stored is the one the clerk sees
    # typed in; pasting as values is one step.
    if kind == ERROR:
        text = str(value)
        reason = _("单元格是错误值 %(error)s，请改为数字或清空后再上传") % {"error": text}
        return Unreadable(text, reason)
    text = _shortened(str(getattr(value, "text", value)))
    reason = _(
        "单元格是公式 %(formula)s，上传只接受数值；请复制这些单元格后"
        "用“选择性粘贴 → 数值”粘贴为数值，再上传"
    ) % {"formula": text}
    return Unreadable(text, reason)


def _shortened(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a code retyped as a number: 533422.0 → "533422"
    return str(value).strip()


def filled(values: Sequence[object]) -> bool:
    return any(
        value is not None and (not isinstance(value, str) or bool(value.strip()))
        for value in values
    )


@contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cycle collector paused while a whole workbook is read and checked: it would
    walk every object still alive again and again as the cells' values and the rows' checks
    are made (about a third of a national check), though they are freed by reference counting
    as soon as they are done with. The previous setting is restored afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
