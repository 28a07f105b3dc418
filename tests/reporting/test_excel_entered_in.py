"""A figure entered in 万 through the Excel round trip: shown, read and stored as entered."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from excel_helpers import cell, check, filled, scope, sheet_of, stored

from anju.programmes.models import DataElement
from anju.reporting.excel import template_workbook
from anju.reporting.excel.confirm import import_apply
from anju.reporting.models import Period

pytestmark = pytest.mark.django_db


def test_the_template_shows_and_the_upload_takes_figures_in_wan(people: Any, july: Period) -> None:
    # 完成投资 (万元) entered in 万: 1.0235 means 10235 万元 (1.0235亿元).
    DataElement.objects.filter(programme=july.programme, code="invest").update(entered_in="万")
    template = template_workbook(user=people["office"], scope=scope(), period=july)
    sheet = sheet_of(template)
    entry = cell(sheet, "533422", "完成投资")
    assert sheet.cell(2, entry.column).value == "完成投资（亿元）"
    assert str(sheet.cell(entry.row, entry.column + 1).value) == "0.126"  # June: 1260 万元
    data = filled(template, {("533401", "完成投资"): "1.0235", ("533422", "完成投资"): 0.13})
    result = check(people["office"], july, data)
    assert result.problems == []
    assert result.excel_import is not None
    assert result.excel_import.changes == {
        "533401": {"invest": "1.0235"},
        "533422": {"invest": "0.13"},
    }
    import_apply(excel_import=result.excel_import, user=people["office"])
    assert stored("533401", july)["invest"] == Decimal(10235)
    assert stored("533422", july)["invest"] == Decimal(1300)


def test_a_report_entered_in_wan_is_checked_again_as_entered_on_submission(
    people: Any, july: Period
) -> None:
    # 1300 套 (0.13万) of a 2000-套 target: read again as 1300万 it would exceed the target
    # and need a note; read as entered it is within it and submits without one.
    from anju.reporting.models import Report
    from anju.reporting.services import report_set_values
    from anju.reporting.workflow import report_for, report_submit

    DataElement.objects.filter(programme=july.programme, code="pg_started").update(entered_in="万")
    report = report_for(unit=scope("533401"), period=july)
    report_set_values(report=report, values={"pg_started": "0.13"}, channel="form")
    assert stored("533401", july)["pg_started"] == Decimal(1300)
    report_submit(report=report, user=people["shangrila"], note="")
    assert Report.objects.get(pk=report.pk).status == Report.Status.SUBMITTED
