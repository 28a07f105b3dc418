"""Checking an uploaded template: every cell and row checked, each problem named, nothing stored."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from excel_helpers import (
    JULY_FIGURES,
    check,
    filled,
    scope,
)
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]

from anju.reporting.excel import (
    MAX_UPLOAD_BYTES,
    SHEET,
    template_workbook,
)
from anju.reporting.models import ExcelImport, Period

pytestmark = pytest.mark.django_db


def test_an_unchanged_template_changes_nothing(people: Any, june: Period) -> None:
    data = template_workbook(user=people["office"], scope=scope(), period=june)
    result = check(people["office"], june, data)
    assert result.ok and result.rows == 5
    assert result.changes == [] and result.excel_import is None


def test_a_clean_file_is_stored_as_a_pending_import(people: Any, july: Period) -> None:
    data = filled(
        template_workbook(user=people["office"], scope=scope(), period=july), JULY_FIGURES
    )
    result = check(people["office"], july, data)
    assert result.problems == []
    imported = result.excel_import
    assert imported is not None and imported.status == ExcelImport.Status.PENDING
    assert imported.changes == {
        "533401": {"pg_started": "1300", "invest": "10235.5"},
        "533422": {"pg_started": "160", "hbh_area": "17200.25"},
        "533400-KFQ": {"invest": "812.62"},
    }
    assert imported.versions == {"533401": None, "533422": None, "533400-KFQ": None}
    assert [(c.unit.code, c.element.code, c.old, c.new) for c in result.changes][:2] == [
        ("533401", "pg_started", None, Decimal(1300)),
        ("533401", "invest", None, Decimal("10235.5")),
    ]


def test_every_bad_cell_is_named_and_nothing_is_stored(people: Any, july: Period) -> None:
    template = template_workbook(user=people["office"], scope=scope(), period=july)
    data = filled(
        template,
        {
            **JULY_FIGURES,
            ("533422", "棚户区改造开工数"): "12a",
            ("533423", "完成投资"): 12.345,
            ("533400-BJ", "公租房年内退出套数"): -1,
            ("533401", "已基本建成套数"): 0,
            ("533400-KFQ", "公租房年内新增分配入住套数"): None,
            ("533423", "公租房年内新增分配入住套数"): 30,  # June: 40, a cumulative figure
        },
    )
    result = check(people["office"], july, data)
    assert [str(p) for p in result.problems] == [
        "填报!C4 棚户区改造开工数：“12a”不是数字，请填写不小于0的整数（套）",
        "填报!G5 完成投资：“12.345”小数位过多，请填写不小于0、最多2位小数的数（万元）",
        "填报!O5 公租房年内新增分配入住套数：30套低于上月的40套；年度累计数不应减少，请核对",
        "填报!Q7 公租房年内退出套数：不能为负数，请填写不小于0的整数（套）",
    ]
    assert result.excel_import is None
    assert not ExcelImport.objects.exists()


def test_a_warning_is_shown_but_does_not_block(people: Any, july: Period) -> None:
    data = filled(
        template_workbook(user=people["deqin"], scope=scope(), period=july),
        {("533422", "棚户区改造开工数"): 260},  # the target is 250
    )
    result = check(people["deqin"], july, data)
    assert result.ok and result.excel_import is not None
    assert [str(w) for w in result.warnings] == [
        "填报!C3 棚户区改造开工数：260套超过棚户区改造目标任务数250套，请在说明中写明原因"
    ]
    assert result.changes[0].warning.startswith("260套超过")


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4 not a spreadsheet", "单位代码,单位名称\n533422,德钦县\n".encode(), b""],
)
def test_a_file_that_is_not_a_workbook_is_refused(people: Any, july: Period, data: bytes) -> None:
    result = check(people["office"], july, data)
    assert [str(p) for p in result.problems] == [
        "文件不是 Excel 工作簿（.xlsx）；如果是 .xls 或 WPS 格式，请另存为 .xlsx 后上传"
    ]


def test_an_oversized_file_is_refused(people: Any, july: Period) -> None:
    result = check(people["office"], july, b"PK" + b"\0" * MAX_UPLOAD_BYTES)
    assert [str(p) for p in result.problems] == [
        "文件超过 2 MB 的上限；填报模板远小于此，请上传下载的模板本身"
    ]


def test_a_workbook_of_our_own_making_is_not_a_template(people: Any, july: Period) -> None:
    workbook = Workbook()
    workbook.active.title = SHEET
    buffer = io.BytesIO()
    workbook.save(buffer)
    (problem,) = check(people["office"], july, buffer.getvalue()).problems
    assert str(problem).startswith("这不是本月的填报模板：文件中没有模板标识")


def test_another_months_template_is_refused(people: Any, june: Period, july: Period) -> None:
    data = template_workbook(user=people["office"], scope=scope(), period=june)
    (problem,) = check(people["office"], july, data).problems
    assert str(problem) == (
        "这不是本月的填报模板：文件是 2017-06 的模板，本页是 2017-07（2017年7月），"
        "请重新下载本月模板后填写"
    )


def test_another_scopes_template_is_refused(people: Any, july: Period) -> None:
    data = template_workbook(user=people["deqin"], scope=scope("533422"), period=july)
    (problem,) = check(people["deqin"], july, data).problems
    assert "文件是德钦县的模板，本页是迪庆州" in str(problem)


def test_an_edited_header_is_refused(people: Any, july: Period) -> None:
    workbook = load_workbook(
        io.BytesIO(template_workbook(user=people["office"], scope=scope(), period=july))
    )
    workbook[SHEET]["C2"] = "开工数"
    buffer = io.BytesIO()
    workbook.save(buffer)
    (problem,) = check(people["office"], july, buffer.getvalue()).problems
    assert "表头已被改动（填报!C2应为“棚户区改造开工数（套）”，文件中是“开工数”）" in str(problem)


def test_rows_for_units_the_user_may_not_write_are_refused(people: Any, july: Period) -> None:
    workbook = load_workbook(
        io.BytesIO(template_workbook(user=people["deqin"], scope=scope(), period=july))
    )
    sheet = workbook[SHEET]
    sheet["A3"], sheet["B3"], sheet["C3"] = "533401", "香格里拉市", 1300
    sheet["A4"], sheet["C4"] = "999999", 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = check(people["deqin"], july, buffer.getvalue())
    assert [str(p) for p in result.problems] == [
        "填报!A3 您没有填报香格里拉市（533401）的权限，请删去这一行",
        "填报!A4 单位代码“999999”不是本页范围内的填报单位",
    ]
    assert not ExcelImport.objects.exists()


def test_a_unit_twice_or_under_another_name_is_refused(people: Any, july: Period) -> None:
    workbook = load_workbook(
        io.BytesIO(template_workbook(user=people["office"], scope=scope(), period=july))
    )
    sheet = workbook[SHEET]
    sheet["A4"] = "533401"  # 德钦县's row now claims to be 香格里拉市
    sheet["B5"] = "维西"
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert [str(p) for p in check(people["office"], july, buffer.getvalue()).problems] == [
        "填报!A4 香格里拉市在第3行已出现，每个单位只能有一行",
        "填报!B5 单位名称“维西”与单位代码533423（维西县）不符",
    ]


def test_changing_an_approved_report_is_refused(people: Any, june: Period) -> None:
    data = filled(
        template_workbook(user=people["office"], scope=scope(), period=june),
        {("533422", "棚户区改造开工数"): 154},
    )
    assert [str(p) for p in check(people["office"], june, data).problems] == [
        "填报!A4 德钦县的报表已审核，不能修改；如需更正请联系管理员"
    ]
