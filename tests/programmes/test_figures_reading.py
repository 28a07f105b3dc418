"""Reading a figures file: the month exactly YYYY-MM, and each figure the text written."""

from __future__ import annotations

from pathlib import Path

import pytest

from anju.demo.loader import demo_file
from anju.errors import InvalidInput
from anju.reporting.figuresfile import figures_import_file
from anju.reporting.models import ReportValue

pytestmark = pytest.mark.django_db

JUNE = demo_file("diqing-2017-06.yaml").read_text(encoding="utf-8")


def refused(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "figures.yaml"
    path.write_text(text, encoding="utf-8")
    before = ReportValue.objects.count()
    with pytest.raises(InvalidInput) as caught:
        figures_import_file(path=path)
    assert ReportValue.objects.count() == before
    return caught.value.problems


def at(tmp_path: Path, text: str, fragment: str, message: str) -> str:
    line = next(n for n, line in enumerate(text.splitlines(), start=1) if fragment in line)
    return f"{tmp_path / 'figures.yaml'}:{line}: {message}"


@pytest.mark.parametrize("period", ["2017-6", "2017-13", "2017-00", "201706", "2017-06-30"])
def test_the_month_is_written_yyyy_mm(tmp_path: Path, period: str) -> None:
    text = JUNE.replace("period: 2017-06", f"period: {period}")
    assert refused(tmp_path, text) == [
        at(tmp_path, text, "period:", f"period: “{period}”应为月份，格式 YYYY-MM")
    ]


def test_a_figure_yaml_would_read_as_another_number_is_refused_as_written(
    tmp_path: Path,
) -> None:
    # YAML 1.1 reads 1:30 as 90 (base 60) and 0x10 as 16; a reporter meant neither.
    text = JUNE.replace("pg_started: 900", "pg_started: 1:30").replace(
        "gzf_built: 644", "gzf_built: 0x10"
    )
    assert refused(tmp_path, text) == [
        at(
            tmp_path,
            text,
            "1:30",
            "reports.533423.pg_started: 棚户区改造开工数：“1:30”不是数字，"
            "请填写不小于0的整数（套）",
        ),
        at(
            tmp_path,
            text,
            "0x10",
            "reports.533400-KFQ.gzf_built: 公租房实际建设套数：“0x10”不是数字，"
            "请填写不小于0的整数（套）",
        ),
    ]


def test_a_figure_with_an_underscore_reaches_the_checks_as_written(tmp_path: Path) -> None:
    # The YAML loader would have read 1_241 as 1241 without a word.
    text = JUNE.replace("pg_started: 1241", "pg_started: 1_241")
    problems = refused(tmp_path, text)
    assert len(problems) == 1
    assert problems[0].startswith(
        at(tmp_path, text, "1_241", "reports.533401.pg_started: 棚户区改造开工数：“1_241”")
    )


def test_a_figure_that_is_a_list_or_an_unknown_key_is_refused(tmp_path: Path) -> None:
    text = JUNE.replace("pg_started: 1241", "pg_started: [1241]").replace(
        "status: approved", "status: approved\ncolour: red"
    )
    assert refused(tmp_path, text) == [
        at(
            tmp_path,
            text,
            "colour",
            "colour: 未知字段，可用字段：anju、programme、period、status、reports、as_of、notes",
        ),
        at(tmp_path, text, "[1241]", "reports.533401.pg_started: 应为数字"),
    ]


def test_a_quoted_figure_is_the_same_figure(tmp_path: Path) -> None:
    path = tmp_path / "figures.yaml"
    path.write_text(JUNE.replace("invest: 712.62", "invest: '712.62'"), encoding="utf-8")
    figures_import_file(path=path)
    stored = ReportValue.objects.get(report__unit__code="533400-KFQ", element__code="invest")
    assert str(stored.value.normalize()) == "712.62"
