"""Figures files: every figure checked, all stored or none, each change in the audit trail."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from anju.demo.loader import demo_file
from anju.errors import InvalidInput
from anju.reporting.figuresfile import figures_import_file
from anju.reporting.models import ReportValue, ValueChange

pytestmark = pytest.mark.django_db

JUNE = demo_file("diqing-2017-06.yaml").read_text(encoding="utf-8")


def snapshot() -> list[tuple[str, str, Decimal]]:
    return sorted(ReportValue.objects.values_list("report__unit__code", "element__code", "value"))


def refused(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "figures.yaml"
    path.write_text(text, encoding="utf-8")
    before, changes = snapshot(), ValueChange.objects.count()
    with pytest.raises(InvalidInput) as caught:
        figures_import_file(path=path)
    assert snapshot() == before
    assert ValueChange.objects.count() == changes
    return caught.value.problems


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if fragment in line)


def test_a_figure_that_is_not_a_number_changes_nothing(tmp_path: Path) -> None:
    text = JUNE.replace("pg_started: 900", "pg_started: 9OO").replace(
        "invest: 10135", "invest: 20000"
    )
    problems = refused(tmp_path, text)
    assert problems == [
        f"{tmp_path / 'figures.yaml'}:{line_of(text, '9OO')}: "
        "reports.533423.pg_started: 棚户区改造开工数：“9OO”不是数字，请填写不小于0的整数（套）"
    ]


def test_a_negative_figure_and_too_many_decimals_are_named(tmp_path: Path) -> None:
    text = JUNE.replace("gzf_exit: 95", "gzf_exit: -95").replace(
        "invest: 712.62", "invest: 712.625"
    )
    problems = refused(tmp_path, text)
    assert problems == [
        f"{tmp_path / 'figures.yaml'}:{line_of(text, '712.625')}: reports.533400-KFQ.invest: "
        "完成投资：“712.625”小数位过多，请填写不小于0、最多2位小数的数（万元）",
        f"{tmp_path / 'figures.yaml'}:{line_of(text, '-95')}: reports.533400-BJ.gzf_exit: "
        "公租房年内退出套数：不能为负数，请填写不小于0的整数（套）",
    ]


def test_a_target_cannot_be_reported_as_a_figure(tmp_path: Path) -> None:
    text = JUNE.replace("    pg_started: 153\n", "    pg_started: 153\n    pg_task: 300\n")
    problems = refused(tmp_path, text)
    assert problems == [
        f"{tmp_path / 'figures.yaml'}:{line_of(text, 'pg_task: 300')}: "
        "reports.533422.pg_task: “pg_task”不是本计划的填报指标"
    ]


def test_a_correction_is_stored_and_recorded(tmp_path: Path) -> None:
    path = tmp_path / "figures.yaml"
    path.write_text(JUNE.replace("pg_started: 900", "pg_started: 901"), encoding="utf-8")
    version = ReportValue.objects.get(
        report__unit__code="533423", element__code="pg_started"
    ).report.version
    figures_import_file(path=path)
    value = ReportValue.objects.get(report__unit__code="533423", element__code="pg_started")
    assert value.value == Decimal(901)
    change = ValueChange.objects.filter(report__unit__code="533423").first()
    assert change is not None
    assert (change.element.code, change.old_value, change.new_value, change.channel) == (
        "pg_started",
        Decimal(900),
        Decimal(901),
        "import",
    )
    assert value.report.version == version + 1
