"""Hostile and odd uploads: refused with one message before they are read, nothing stored.

The files are made here from a real template, by editing its zip the way a crafted file
would be (a sheet declaring a million rows, a zip bomb, huge shared strings), or with openpyxl
as a clerk's spreadsheet program would (a formula, an error value).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from anju.programmes.models import Programme, Unit
from anju.reporting.excel import SHEET, ImportCheck, check_workbook, template_workbook
from anju.reporting.models import ExcelImport, Period, ReportValue
from anju.reporting.services import period_open, report_set_values
from anju.reporting.workflow import report_for

pytestmark = pytest.mark.django_db

PREFECTURE, DEQIN = "533400", "533422"
SHEET_PART = "xl/worksheets/sheet1.xml"  # "填报", the first sheet openpyxl writes
# 迪庆州 has five reporting units: rows 3..7, then 500 spare lines; 13 figures, C..AB, and
# the 填报说明 in AC.
AREA = "填报!A1:AC508"
ADVICE = "；请在本月下载的模板中填写，不要在模板以外添加行、列、工作表或大段文字，然后重新上传"


@pytest.fixture
def july(db: None) -> Period:
    return period_open(programme=Programme.objects.get(code="diqing-2017"), month=7)


@pytest.fixture
def template(people: Any, july: Period) -> bytes:
    return template_workbook(user=people["office"], scope=unit(PREFECTURE), period=july)


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def check(user: Any, period: Period, data: bytes) -> ImportCheck:
    return check_workbook(
        user=user, scope=unit(PREFECTURE), period=period, data=data, filename="x.xlsx"
    )


def messages(result: ImportCheck) -> list[str]:
    return [str(problem) for problem in result.problems]


def outside(why: str) -> list[str]:
    return [f"文件的内容超出了填报模板的范围（{AREA}）：{why}{ADVICE}"]


def rezipped(data: bytes, edit: Callable[[str, bytes], bytes], extra: dict[str, bytes]) -> bytes:
    """The workbook's zip with every part passed through ``edit`` and ``extra`` parts added."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for part in source.infolist():
            target.writestr(part.filename, edit(part.filename, source.read(part)))
        for name, content in extra.items():
            target.writestr(name, content)
    return buffer.getvalue()


def sheet_edited(data: bytes, change: Callable[[bytes], bytes]) -> bytes:
    return rezipped(data, lambda name, xml: change(xml) if name == SHEET_PART else xml, {})


def typed(data: bytes, cells: dict[str, object]) -> bytes:
    """The template with cells typed in through openpyxl, as a spreadsheet program saves them."""
    workbook = load_workbook(io.BytesIO(data))
    for address, value in cells.items():
        workbook[SHEET][address] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def nothing_stored() -> bool:
    return not ExcelImport.objects.exists()


# --- refused before anything is read ---------------------------------------------------------


def test_a_sheet_declaring_a_million_rows_is_refused(
    people: Any, july: Period, template: bytes
) -> None:
    data = sheet_edited(
        template,
        lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:AB1048576"', xml),
    )
    assert messages(check(people["office"], july, data)) == outside(
        "工作表声明的范围是 A1:AB1048576"
    )
    assert nothing_stored()


def test_a_figure_typed_far_below_the_units_is_refused(
    people: Any, july: Period, template: bytes
) -> None:
    data = typed(template, {"C5": 12, "C509": 1})
    assert messages(check(people["office"], july, data)) == outside("工作表声明的范围是 A1:AC509")
    assert nothing_stored()


def test_a_column_beyond_the_figures_is_refused(people: Any, july: Period, template: bytes) -> None:
    data = typed(template, {"C5": 12, "AD5": "备注"})
    assert messages(check(people["office"], july, data)) == outside("工作表声明的范围是 A1:AD7")


def test_a_row_below_the_area_is_refused_even_when_the_dimension_hides_it(
    people: Any, july: Period, template: bytes
) -> None:
    row = b'<row r="509"><c r="A509" t="inlineStr"><is><t>533422</t></is></c></row>'
    data = sheet_edited(template, lambda xml: xml.replace(b"</sheetData>", row + b"</sheetData>"))
    assert messages(check(people["office"], july, data)) == outside("第509行也有内容")
    assert nothing_stored()


def test_millions_of_blank_rows_are_refused(people: Any, july: Period, template: bytes) -> None:
    # What a 1.8 MB upload tied a worker up with: rows that hold nothing, each to be walked.
    blank = b"<row/>" * 4_000_000
    data = sheet_edited(template, lambda xml: xml.replace(b"</sheetData>", blank + b"</sheetData>"))
    assert len(data) < 2 * 1024 * 1024
    assert messages(check(people["office"], july, data)) == outside("解压后有 23 MB")
    assert nothing_stored()


def test_a_zip_bomb_is_refused(people: Any, july: Period, template: bytes) -> None:
    data = rezipped(template, lambda name, xml: xml, {"xl/media/image1.png": bytes(64 << 20)})
    assert len(data) < 2 * 1024 * 1024
    assert messages(check(people["office"], july, data)) == outside("解压后有 64 MB")
    assert nothing_stored()


def test_a_million_shared_strings_are_refused(people: Any, july: Period, template: bytes) -> None:
    strings = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        b' count="1000000" uniqueCount="1000000">'
        + b"<si/>" * 100_000  # fewer than declared: the declaration alone is refused
        + b"</sst>"
    )
    data = rezipped(template, lambda name, xml: xml, {"xl/sharedStrings.xml": strings})
    assert messages(check(people["office"], july, data)) == outside("文件中有 1000000 段不同的文字")
    assert nothing_stored()


def test_huge_shared_strings_are_refused_whatever_they_declare(
    people: Any, july: Period, template: bytes
) -> None:
    strings = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        b' count="1" uniqueCount="1"><si><t>' + b"x" * (8 << 20) + b"</t></si></sst>"
    )
    data = rezipped(template, lambda name, xml: xml, {"xl/sharedStrings.xml": strings})
    assert messages(check(people["office"], july, data)) == outside("其中的文字解压后有 8 MB")
    assert nothing_stored()


def test_a_workbook_of_many_sheets_is_refused(people: Any, july: Period, template: bytes) -> None:
    sheet = zipfile.ZipFile(io.BytesIO(template)).read(SHEET_PART)
    extra = {f"xl/worksheets/sheet{n}.xml": sheet for n in range(3, 9)}
    data = rezipped(template, lambda name, xml: xml, extra)
    assert messages(check(people["office"], july, data)) == outside("文件中有 8 个工作表")


# --- formulas and error values -----------------------------------------------------------------


def deqin_started_155(july: Period) -> None:
    report = report_for(unit=unit(DEQIN), period=july)
    report_set_values(report=report, values={"pg_started": "155"}, channel="form")


def deqin_started(july: Period) -> Decimal:
    return ReportValue.objects.get(
        report__unit__code=DEQIN, report__period=july, element__code="pg_started"
    ).value


def test_a_formula_without_its_result_is_refused_not_read_as_blank(
    people: Any, july: Period
) -> None:
    deqin_started_155(july)
    template = template_workbook(user=people["office"], scope=unit(PREFECTURE), period=july)
    data = typed(template, {"C4": "=C3*2", "E5": 3})  # openpyxl saves a formula uncalculated
    result = check(people["office"], july, data)
    assert messages(result) == [
        "填报!C4 棚户区改造开工数：单元格是公式 =C3*2，上传只接受数值；"
        "请复制这些单元格后用“选择性粘贴 → 数值”粘贴为数值，再上传"
    ]
    assert nothing_stored()
    assert deqin_started(july) == Decimal(155)


def test_a_formula_with_its_result_is_refused_too(
    people: Any, july: Period, template: bytes
) -> None:
    # As Excel saves one: the formula and its last result. The result is not taken on trust.
    data = sheet_edited(
        typed(template, {"C4": 160}),
        lambda xml: re.sub(
            rb'<c r="C4"([^>]*)><v>160</v></c>', rb'<c r="C4"\1><f>80*2</f><v>160</v></c>', xml
        ),
    )
    assert messages(check(people["office"], july, data)) == [
        "填报!C4 棚户区改造开工数：单元格是公式 =80*2，上传只接受数值；"
        "请复制这些单元格后用“选择性粘贴 → 数值”粘贴为数值，再上传"
    ]
    assert nothing_stored()


@pytest.mark.parametrize("error", ["#DIV/0!", "#REF!", "#N/A"])
def test_an_error_value_is_refused_by_its_cell(
    people: Any, july: Period, template: bytes, error: str
) -> None:
    deqin_started_155(july)
    result = check(people["office"], july, typed(template, {"C4": error, "C3": 1300}))
    assert messages(result) == [
        f"填报!C4 棚户区改造开工数：单元格是错误值 {error}，请改为数字或清空后再上传"
    ]
    assert nothing_stored()
    assert deqin_started(july) == Decimal(155)


def test_a_formula_in_place_of_a_unit_code_is_named_by_its_cell(
    people: Any, july: Period, template: bytes
) -> None:
    result = check(people["office"], july, typed(template, {"A4": '="5334"&"22"', "C4": 1}))
    assert messages(result) == [
        '填报!A4 单元格是公式 ="5334"&"22"，上传只接受数值；'
        "请复制这些单元格后用“选择性粘贴 → 数值”粘贴为数值，再上传"
    ]
