"""The Excel round trip as services: the template, the check of an upload, apply and refusals."""

from __future__ import annotations

import io
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]

from anju.errors import InvalidInput
from anju.programmes.models import DataElement, Programme, Unit
from anju.reporting.excel import (
    FORMAT,
    MAX_UPLOAD_BYTES,
    META_SHEET,
    SHEET,
    ImportCheck,
    check_workbook,
    import_apply,
    import_discard,
    import_preview,
    template_workbook,
)
from anju.reporting.models import ExcelImport, Period, Report, ReportValue, ValueChange
from anju.reporting.services import period_open, report_set_values
from anju.reporting.workflow import report_for, report_submit

pytestmark = pytest.mark.django_db

PREFECTURE = "533400"
# Tree order: the order the programme lists the units in, not the order of their codes.
OFFICE_UNITS = ["533401", "533422", "533423", "533400-KFQ", "533400-BJ"]


@pytest.fixture
def july(db: None) -> Period:
    return period_open(programme=Programme.objects.get(code="diqing-2017"), month=7)


@pytest.fixture
def june(db: None) -> Period:
    return Period.objects.get(programme__code="diqing-2017", month=6)


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


# --- the template ----------------------------------------------------------------------------


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


# --- checking an upload ----------------------------------------------------------------------


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


# --- applying --------------------------------------------------------------------------------


def pending(user: Any, period: Period, figures: dict[tuple[str, str], object]) -> ExcelImport:
    data = filled(template_workbook(user=user, scope=scope(), period=period), figures)
    result = check(user, period, data)
    assert result.problems == [] and result.excel_import is not None
    return result.excel_import


def test_applying_stores_every_figure_exactly_and_records_it(people: Any, july: Period) -> None:
    excel_import = pending(people["office"], july, JULY_FIGURES)
    reports = import_apply(excel_import=excel_import, user=people["office"])
    assert [r.unit.code for r in reports] == ["533401", "533422", "533400-KFQ"]
    assert stored("533401", july) == {"pg_started": Decimal(1300), "invest": Decimal("10235.5")}
    assert stored("533422", july)["hbh_area"] == Decimal("17200.25")
    assert stored("533400-KFQ", july) == {"invest": Decimal("812.62")}
    changes = ValueChange.objects.filter(report__period=july)
    assert changes.count() == 5
    assert set(changes.values_list("channel", "comment", "user__username")) == {
        ("excel", "Excel导入：x.xlsx", "office")
    }
    excel_import.refresh_from_db()
    assert excel_import.status == ExcelImport.Status.APPLIED and excel_import.applied_at


def test_a_second_confirmation_is_refused(people: Any, july: Period) -> None:
    excel_import = pending(people["office"], july, JULY_FIGURES)
    import_apply(excel_import=excel_import, user=people["office"])
    with pytest.raises(InvalidInput, match="已导入，不能再确认"):
        import_apply(excel_import=excel_import, user=people["office"])
    assert ValueChange.objects.filter(report__period=july).count() == 5


def test_only_the_uploader_may_confirm_or_discard(people: Any, july: Period) -> None:
    excel_import = pending(people["office"], july, JULY_FIGURES)
    with pytest.raises(InvalidInput, match="只有上传该文件的用户本人"):
        import_apply(excel_import=excel_import, user=people["shangrila"])
    with pytest.raises(InvalidInput, match="只有上传该文件的用户本人"):
        import_discard(excel_import=excel_import, user=people["shangrila"])
    import_discard(excel_import=excel_import, user=people["office"])
    assert excel_import.status == ExcelImport.Status.DISCARDED
    assert not ReportValue.objects.filter(report__period=july).exists()


def test_a_report_changed_after_the_preview_stops_the_whole_import(
    people: Any, july: Period
) -> None:
    excel_import = pending(people["office"], july, JULY_FIGURES)
    report = report_for(unit=scope("533422"), period=july)
    report_set_values(report=report, values={"pg_started": "155"}, channel="form")
    assert import_preview(excel_import=excel_import).problems == [
        "德钦县的报表在上传后已被修改，确认导入会被拒绝，请重新上传"
    ]
    before = ValueChange.objects.count()
    with pytest.raises(InvalidInput, match="德钦县的报表在上传后已被修改"):
        import_apply(excel_import=excel_import, user=people["office"])
    assert ValueChange.objects.count() == before
    assert stored("533401", july) == {}  # nor were the other units' figures stored
    assert stored("533422", july) == {"pg_started": Decimal(155)}
    excel_import.refresh_from_db()
    assert excel_import.status == ExcelImport.Status.PENDING


def test_a_report_submitted_after_the_preview_stops_the_import(people: Any, july: Period) -> None:
    report = report_for(unit=scope("533422"), period=july)
    report_set_values(report=report, values={"pg_started": "155"}, channel="form")
    excel_import = pending(people["office"], july, {("533422", "棚户区改造开工数"): 156})
    assert excel_import.versions == {"533422": 2}
    report_submit(report=Report.objects.get(pk=report.pk), user=people["deqin"])
    with pytest.raises(InvalidInput) as refused:
        import_apply(excel_import=excel_import, user=people["office"])
    assert refused.value.problems[0].startswith("德钦县的报表在上传后已被修改")
    assert stored("533422", july) == {"pg_started": Decimal(155)}


def test_a_cleared_cell_removes_the_figure(people: Any, july: Period) -> None:
    report = report_for(unit=scope("533422"), period=july)
    report_set_values(report=report, values={"pg_started": "155", "jb_done": "1"}, channel="form")
    excel_import = pending(people["deqin"], july, {("533422", "已基本建成套数"): None})
    assert excel_import.changes == {"533422": {"jb_done": ""}}
    (change,) = import_preview(excel_import=excel_import).changes
    assert (change.old_text, change.new_text) == ("1", "")
    import_apply(excel_import=excel_import, user=people["deqin"])
    assert stored("533422", july) == {"pg_started": Decimal(155)}


def test_a_large_scope_is_loaded_by_path_with_the_same_outcome(
    people: Any, july: Period, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Beyond a few hundred units the figures are loaded by the scope's path, not by id.
    monkeypatch.setattr("anju.reporting.excel.common.ID_LIST_LIMIT", 0)
    template = template_workbook(user=people["office"], scope=scope(), period=july)
    previous = cell(sheet_of(template), "533400-KFQ", "完成投资")
    assert sheet_of(template).cell(previous.row, previous.column + 1).value == pytest.approx(712.62)
    excel_import = pending(people["office"], july, JULY_FIGURES)
    import_apply(excel_import=excel_import, user=people["office"])
    assert stored("533400-KFQ", july) == {"invest": Decimal("812.62")}
    too_low = filled(template, {("533400-KFQ", "完成投资"): 700})
    assert [str(p) for p in check(people["office"], july, too_low).problems] == [
        "填报!G6 完成投资：700万元低于上月的712.62万元；年度累计数不应减少，请核对"
    ]


def test_a_tampered_identity_is_refused(people: Any, july: Period) -> None:
    workbook = load_workbook(
        io.BytesIO(template_workbook(user=people["office"], scope=scope(), period=july))
    )
    meta = workbook[META_SHEET]
    row = next(r for r in range(1, meta.max_row + 1) if meta.cell(r, 1).value == "column")
    meta.cell(row, 2).value = "XFD"  # would send the reading sixteen thousand columns wide
    buffer = io.BytesIO()
    workbook.save(buffer)
    (problem,) = check(people["office"], july, buffer.getvalue()).problems
    assert str(problem) == "这不是本月的填报模板：模板标识已损坏，请重新下载本月模板后填写"
