"""Confirming an import: all of it or none, only by the uploader, refused when stale."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from excel_helpers import (
    JULY_FIGURES,
    cell,
    check,
    filled,
    scope,
    sheet_of,
    stored,
)
from openpyxl import load_workbook  # type: ignore[import-untyped]

from anju.errors import InvalidInput
from anju.reporting.excel import (
    META_SHEET,
    import_apply,
    import_discard,
    import_preview,
    template_workbook,
)
from anju.reporting.models import ExcelImport, Period, Report, ReportValue, ValueChange
from anju.reporting.services import report_set_values
from anju.reporting.workflow import report_for, report_submit

pytestmark = pytest.mark.django_db


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
