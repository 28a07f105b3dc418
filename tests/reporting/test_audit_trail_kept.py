"""The audit trail is kept: nothing with recorded changes or review events can be deleted."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db.models import ProtectedError

from anju.demo.loader import DEMO_FILES, demo_file, demo_load
from anju.errors import InvalidInput
from anju.programmes.models import DataElement, Programme, Unit
from anju.programmes.services import programme_import_file
from anju.reporting.models import Period, Report, ReportEvent, ReportValue, ValueChange
from anju.reporting.services import period_open, report_set_values
from anju.reporting.workflow import report_submit

pytestmark = pytest.mark.django_db

DEMO = demo_file(DEMO_FILES[0]).read_text(encoding="utf-8")
EXTRA = """- code: extra
  name: 临时指标
  measure: 套
  role: actual
  time: cumulative
- code: gzf_exit
"""


def trail() -> tuple[int, int, int]:
    return ValueChange.objects.count(), ReportEvent.objects.count(), Report.objects.count()


@pytest.fixture
def recorded(people: Any, july: Period) -> Report:
    """德钦县's July report with one figure entered and submitted: a change and an event."""
    report = Report.objects.create(period=july, unit=Unit.objects.get(code="533422"))
    report_set_values(
        report=report, values={"invest": "1300"}, user=people["deqin"], channel="form"
    )
    report_submit(report=report, user=people["deqin"])
    return report


@pytest.mark.parametrize("what", ["report", "element", "period", "programme"])
def test_deleting_anything_with_recorded_changes_is_refused(recorded: Report, what: str) -> None:
    doomed = {
        "report": recorded,
        "element": DataElement.objects.get(programme__code="diqing-2017", code="invest"),
        "period": recorded.period,
        "programme": recorded.period.programme,
    }[what]
    before = trail()
    with pytest.raises(ProtectedError) as caught:
        doomed.delete()
    assert "ValueChange" in str(caught.value) or "ReportEvent" in str(caught.value)
    assert trail() == before
    assert ReportValue.objects.get(report=recorded, element__code="invest").value == 1300


def test_a_report_with_only_review_events_is_kept(people: Any, july: Period) -> None:
    report = Report.objects.create(period=july, unit=Unit.objects.get(code="533401"))
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.SUBMIT)
    with pytest.raises(ProtectedError):
        report.delete()
    assert ReportEvent.objects.filter(report=report).count() == 1


def test_a_figure_whose_history_remains_cannot_be_dropped_from_the_programme(
    tmp_path: Path, people: Any
) -> None:
    path = tmp_path / "programme.yaml"
    copy = DEMO.replace("code: diqing-2017", "code: diqing-2017-copy")
    path.write_text(copy.replace("- code: gzf_exit\n", EXTRA, 1), encoding="utf-8")
    programme = programme_import_file(path=path)
    period = period_open(programme=programme, month=7)
    report = Report.objects.create(period=period, unit=Unit.objects.get(code="533422"))
    for entered in ("5", None):  # entered, then cleared: no figure left, but its history
        report_set_values(report=report, values={"extra": entered}, channel="form")
    path.write_text(copy, encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        programme_import_file(path=path)
    assert caught.value.problems == ["填报指标“extra”已有填报数据，不能从计划中删除"]
    assert [(c.old_value, c.new_value) for c in ValueChange.objects.filter(report=report)] == [
        (Decimal(5), None),
        (None, Decimal(5)),
    ]


def test_the_demo_reloads_over_its_own_history(recorded: Report) -> None:
    assert demo_load(reset=True) is True
    programme = Programme.objects.get(code="diqing-2017")
    assert not Report.objects.filter(period__programme=programme, period__month=7).exists()
    june = ReportValue.objects.get(
        report__period__programme=programme, report__unit__code="533422", element__code="invest"
    )
    assert june.value == 1260
    assert ValueChange.objects.filter(report=june.report, element__code="invest").count() == 1
