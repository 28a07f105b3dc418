"""Figures not published (暂未公布), rows as of an earlier date and figures entered in 万:
from the figures file to the report, the audit trail and the tables."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from anju.demo.loader import demo_file
from anju.errors import InvalidInput
from anju.programmes.models import DataElement, Unit
from anju.reporting.checks import parse_figure
from anju.reporting.dashboard import dashboard_data
from anju.reporting.figuresfile import figures_import_file
from anju.reporting.models import Period, Report, ReportValue, ValueChange
from anju.reporting.services import report_set_values
from anju.reporting.tables import scope_tables
from anju.reporting.workflow import report_for, report_submit
from anju.reporting.writes import report_write

pytestmark = pytest.mark.django_db

JULY = (
    demo_file("diqing-2017-06.yaml")
    .read_text(encoding="utf-8")
    .replace("period: 2017-06", "period: 2017-07")
)
# 德钦县 has not published its starts; 维西县's figures run to the end of June.
MARKED = (
    JULY.replace(
        "  '533422':   # 德钦县\n    pg_started: 153\n", "  '533422':\n    pg_started: 暂未公布\n"
    )
    + "as_of:\n  '533423': 上月末\n"
)


def load(tmp_path: Path, text: str) -> Period:
    path = tmp_path / "july.yaml"
    path.write_text(text, encoding="utf-8")
    figures_import_file(path=path)
    return Period.objects.get(programme__code="diqing-2017", month=7)


def row_texts(period: Period, number: int, name: str) -> list[str]:
    tables = scope_tables(scope=Unit.objects.get(code="533400"), period=period)
    table = next(a.table for a in tables.attachments if a.number == number)
    row = next(row for row in table.rows if row.label.startswith(name))
    return [cell.text for cell in row.cells]


def notes(period: Period, number: int) -> tuple[str, ...]:
    tables = scope_tables(scope=Unit.objects.get(code="533400"), period=period)
    return next(a.table for a in tables.attachments if a.number == number).footnotes


def test_the_figures_file_marks_a_figure_not_published_and_keeps_no_value(tmp_path: Path) -> None:
    period = load(tmp_path, MARKED)
    deqin = Report.objects.get(period=period, unit__code="533422")
    assert deqin.unpublished == ["pg_started"]
    assert not ReportValue.objects.filter(report=deqin, element__code="pg_started").exists()
    assert ReportValue.objects.get(report=deqin, element__code="invest").value == 1260
    change = ValueChange.objects.get(report=deqin, element__code="pg_started")
    assert (change.old_value, change.new_value, change.comment) == (None, None, "暂未公布")
    weixi = Report.objects.get(period=period, unit__code="533423")
    assert weixi.as_of == datetime.date(2017, 6, 30)


def test_the_tables_print_it_rank_it_last_and_note_the_sum_and_the_date(tmp_path: Path) -> None:
    period = load(tmp_path, MARKED)
    deqin = row_texts(period, 1, "德钦县")
    assert "暂未公布" in deqin  # the figure and its rate, never 0 or blank
    assert deqin.count("暂未公布") >= 2
    assert row_texts(period, 1, "维西县*")[0] == "维西县*"
    assert notes(period, 1)[-2:] == ("*维西县数据截至6月30日", "合计未含德钦县暂未公布的数据。")
    tables = scope_tables(scope=Unit.objects.get(code="533400"), period=period)
    first = next(a.table for a in tables.attachments if a.number == 1)
    assert [row.label for row in first.rows if row.rank is not None][-1] != "德钦县"
    assert next(row for row in first.rows if row.label == "德钦县").rank is None


def test_a_figure_given_later_is_published_again(tmp_path: Path) -> None:
    period = load(tmp_path, MARKED)
    deqin = Report.objects.get(period=period, unit__code="533422")
    report_set_values(
        report=deqin, values={"pg_started": "160"}, channel="form", allow_any_status=True
    )
    deqin.refresh_from_db()
    assert deqin.unpublished == []


DATES = (("533423", "2017-07-31"), ("533400", "2017-06-30"))


def test_a_date_not_before_the_month_s_end_or_of_an_unlisted_unit_is_refused(
    tmp_path: Path,
) -> None:
    text = JULY + "as_of:\n" + "".join(f"  '{code}': {day}\n" for code, day in DATES)
    with pytest.raises(InvalidInput) as caught:
        load(tmp_path, text)
    lines = text.splitlines()
    where = f"{tmp_path / 'july.yaml'}:"
    late, unlisted = (lines.index(f"  '{code}': {day}") + 1 for code, day in DATES)
    assert caught.value.problems == [
        f"{where}{late}: as_of.533423: 数据截止日期2017-07-31应早于2017-07-31且在2017年内",
        f"{where}{unlisted}: as_of.533400: as_of 中的单位须同时在 reports 中列出",
    ]
    assert not Report.objects.filter(period__month=7, as_of__isnull=False).exists()


def test_a_date_that_is_no_date_is_named(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as caught:
        load(tmp_path, JULY + "as_of:\n  '533423': 六月底\n")
    assert caught.value.problems[-1].endswith(
        "as_of.533423: “六月底”应为日期（YYYY-MM-DD）或“上月末”"
    )


def test_a_figure_entered_in_wan_is_stored_exactly() -> None:
    element = DataElement(code="task", name="任务", measure="套", places=0, entered_in="万")
    assert parse_figure(element, "1.39") == Decimal(13900)
    assert parse_figure(element, "1.3950") == Decimal(13950)
    assert parse_figure(element, Decimal("289")) == Decimal(2890000)
    with pytest.raises(ValueError) as caught:
        parse_figure(element, "1.39505")
    assert str(caught.value) == "任务：“1.39505”小数位过多，请填写不小于0、最多4位小数的数（万套）"
    money = DataElement(code="invest", name="投资", measure="元", places=2, entered_in="亿")
    assert parse_figure(money, "4.6") == Decimal(460000000)


def test_the_dashboard_names_the_units_not_published_under_its_chart(tmp_path: Path) -> None:
    period = load(tmp_path, MARKED)
    dashboard = dashboard_data(scope=Unit.objects.get(code="533400"), period=period)
    assert dashboard.chart is not None
    assert dashboard.chart.unpublished == ("德钦县",)
    assert "德钦县" not in [bar.label for bar in dashboard.chart.bars]
    assert dashboard.tables is not None
    first = next(a.table for a in dashboard.tables.attachments if a.number == 1)
    deqin = next(row for row in first.rows if row.label == "德钦县")
    assert "暂未公布" in [cell.text for cell in deqin.cells]


def test_a_required_figure_marked_not_published_does_not_block_submission(
    people: dict[str, Any], july: Period
) -> None:
    element = DataElement.objects.get(programme=july.programme, code="invest")
    element.rules = [*element.rules, {"rule": "required"}]
    element.save(update_fields=["rules"])
    report = report_for(unit=Unit.objects.get(code="533401"), period=july)
    write = {"figures": {"pg_started": "1300"}, "as_of": None, "keep_as_of": True}
    report_write(report=report, unpublished=[], user=None, channel="form", **write)
    with pytest.raises(InvalidInput) as caught:
        report_submit(report=report, user=people["shangrila"], note="")
    assert "完成投资：必须填写" in caught.value.problems
    report_write(report=report, unpublished=["invest"], user=None, channel="form", **write)
    report_submit(report=report, user=people["shangrila"], note="")
    assert Report.objects.get(pk=report.pk).status == Report.Status.SUBMITTED
