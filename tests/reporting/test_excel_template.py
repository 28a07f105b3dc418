"""The month's Excel template: a row per unit, only input cells open, last month beside each."""

from __future__ import annotations

import io
from typing import Any

import pytest
from excel_helpers import (
    OFFICE_UNITS,
    PREFECTURE,
    cell,
    check,
    filled,
    scope,
    sheet_of,
)
from openpyxl import load_workbook  # type: ignore[import-untyped]

from anju.errors import InvalidInput
from anju.programmes.models import DataElement, Unit
from anju.reporting.excel import (
    FORMAT,
    META_SHEET,
    template_workbook,
)
from anju.reporting.models import Period

pytestmark = pytest.mark.django_db


def test_the_office_template_has_a_row_per_unit_in_tree_order(people: Any, july: Period) -> None:
    sheet = sheet_of(template_workbook(user=people["office"], scope=scope(), period=july))
    assert [sheet.cell(r, 1).value for r in range(3, sheet.max_row + 1)] == OFFICE_UNITS
    assert [sheet.cell(2, c).value for c in range(1, 7)] == [
        "单位代码",
        "单位名称",
        "棚户区改造开工数（套）",
        "上月",
        "已基本建成套数（套）",
        "上月",
    ]
    assert sheet.freeze_panes == "C3"
    # July is new: inputs empty, last month's figures beside them.
    assert cell(sheet, "533400-KFQ", "完成投资").value is None
    previous = sheet.cell(
        cell(sheet, "533400-KFQ", "完成投资").row, cell(sheet, "533400-KFQ", "完成投资").column + 1
    )
    assert previous.value == pytest.approx(712.62)
    assert previous.number_format == "0.00"
    assert cell(sheet, "533401", "棚户区改造开工数").number_format == "0"


def test_only_input_cells_are_unlocked_and_each_input_column_is_validated(
    people: Any, july: Period
) -> None:
    sheet = sheet_of(template_workbook(user=people["office"], scope=scope(), period=july))
    assert sheet.protection.sheet
    started = cell(sheet, "533422", "棚户区改造开工数")
    assert not started.protection.locked
    assert sheet.cell(started.row, 1).protection.locked
    assert sheet.cell(started.row, 2).protection.locked
    assert sheet.cell(started.row, started.column + 1).protection.locked  # 上月
    assert sheet.cell(2, started.column).protection.locked
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    whole = validations["C3:C7"]
    assert (whole.type, whole.operator, whole.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert whole.showErrorMessage
    assert whole.error == "棚户区改造开工数：请填写不小于0的整数（套）"
    invest = cell(sheet, "533401", "完成投资").column_letter
    assert validations[f"{invest}3:{invest}7"].type == "decimal"
    assert "最多2位小数" in validations[f"{invest}3:{invest}7"].error


def test_the_hidden_sheet_names_the_template(people: Any, july: Period) -> None:
    workbook = load_workbook(
        io.BytesIO(template_workbook(user=people["office"], scope=scope(), period=july))
    )
    meta = workbook[META_SHEET]
    assert meta.sheet_state == "veryHidden"
    identity = {row[0]: row[1:] for row in meta.iter_rows(values_only=True) if row[0] != "column"}
    assert identity["format"][0] == FORMAT
    assert identity["programme"][0] == "diqing-2017"
    assert identity["period"][0] == "2017-07"
    assert identity["scope"][0] == PREFECTURE
    columns = [row[1:3] for row in meta.iter_rows(values_only=True) if row[0] == "column"]
    assert columns[:2] == [("C", "pg_started"), ("E", "jb_done")]


def test_a_reporter_gets_only_their_own_unit(people: Any, july: Period) -> None:
    sheet = sheet_of(template_workbook(user=people["deqin"], scope=scope(), period=july))
    assert [sheet.cell(r, 2).value for r in range(3, sheet.max_row + 1)] == ["德钦县"]


def test_approved_figures_are_prefilled_and_locked(people: Any, june: Period) -> None:
    sheet = sheet_of(template_workbook(user=people["office"], scope=scope(), period=june))
    invest = cell(sheet, "533400-KFQ", "完成投资")
    assert invest.value == pytest.approx(712.62)
    assert invest.protection.locked  # the June reports are approved


def test_nobody_without_a_writable_unit_gets_a_template(people: Any, july: Period) -> None:
    with pytest.raises(InvalidInput):
        template_workbook(user=people["leader"], scope=scope(), period=july)


def test_names_that_look_like_formulas_stay_text_and_still_upload(
    people: Any, july: Period
) -> None:
    Unit.objects.filter(code="533422").update(name='=HYPERLINK("http://example.com","德钦")')
    DataElement.objects.filter(code="pg_started").update(name="+SUM(A1)")
    data = template_workbook(user=people["office"], scope=scope(), period=july)
    sheet = sheet_of(data)
    row = cell(sheet, "533422", "+SUM(A1)").row
    name, header = sheet.cell(row, 2), sheet.cell(2, 3)
    assert (name.value, name.data_type) == ('=HYPERLINK("http://example.com","德钦")', "s")
    assert (header.value, header.data_type) == ("+SUM(A1)（套）", "s")
    result = check(people["office"], july, filled(data, {("533422", "+SUM(A1)"): 160}))
    assert result.problems == [] and result.excel_import is not None


def test_every_row_looks_alike_white_inputs_grey_locked_codes_and_last_month(
    people: Any, july: Period
) -> None:
    # The looks are registered once and shared by every row: the last row must look as
    # the first, inputs open and white, codes, names and last month's figures grey and shut.
    sheet = sheet_of(template_workbook(user=people["office"], scope=scope(), period=july))
    started = cell(sheet, "533401", "棚户区改造开工数").column
    invest = cell(sheet, "533401", "完成投资").column
    for row in range(3, sheet.max_row + 1):
        for column in (1, 2, started + 1, invest + 1):
            shut = sheet.cell(row, column)
            assert shut.protection.locked and shut.fill.fgColor.rgb == "FFF2F2F2", (row, column)
            assert shut.font.name == "宋体"
        for column, places in ((started, "0"), (invest, "0.00")):
            open_ = sheet.cell(row, column)
            assert not open_.protection.locked, (row, column)
            assert open_.fill.fill_type is None and open_.number_format == places


def test_the_note_column_starts_with_the_reports_own_note(people: Any, june: Period) -> None:
    from anju.reporting.models import Report

    report = Report.objects.get(period=june, unit__code="533400-KFQ")
    Report.objects.filter(pk=report.pk).update(note="开发区两个项目跨月开工")
    sheet = sheet_of(template_workbook(user=people["office"], scope=scope(), period=june))
    note = next(c for c in range(1, sheet.max_column + 1) if sheet.cell(2, c).value == "填报说明")
    rows = {sheet.cell(r, 1).value: r for r in range(3, sheet.max_row + 1)}
    assert sheet.cell(rows["533400-KFQ"], note).value == "开发区两个项目跨月开工"
    assert sheet.cell(rows["533401"], note).value is None
