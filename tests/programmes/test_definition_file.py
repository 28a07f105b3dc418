"""Programme files: a bad one is refused with file, line and field named, and loads nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from anju.demo.loader import demo_file
from anju.errors import InvalidInput
from anju.programmes.export import programme_export
from anju.programmes.models import DataElement, Indicator, Programme, ReportTable, Unit
from anju.programmes.services import programme_import_file

pytestmark = pytest.mark.django_db

DEMO = demo_file("diqing-2017.yaml").read_text(encoding="utf-8")


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count() for model in (Programme, Unit, DataElement, Indicator, ReportTable)
    )


def import_text(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "programme.yaml"
    path.write_text(text, encoding="utf-8")
    before = counts()
    with pytest.raises(InvalidInput) as caught:
        programme_import_file(path=path)
    assert counts() == before
    return caught.value.problems


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if fragment in line)


def test_export_of_the_demo_is_the_demo_file_byte_for_byte() -> None:
    assert programme_export(programme=Programme.objects.get(code="diqing-2017")) == DEMO


def test_load_export_round_trip_is_stable(tmp_path: Path) -> None:
    changed = DEMO.replace("code: diqing-2017", "code: diqing-2017-copy")
    path = tmp_path / "copy.yaml"
    path.write_text(changed, encoding="utf-8")
    programme = programme_import_file(path=path)
    assert programme_export(programme=programme) == changed
    programme_import_file(path=path)  # loading the same file again changes nothing
    assert programme_export(programme=programme) == changed


def test_a_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    text = DEMO.replace("  places: 2\n  measure: '%'", "  places: [2\n  measure: '%'", 1)
    problems = import_text(tmp_path, text)
    assert len(problems) == 1
    assert problems[0].startswith(f"{tmp_path / 'programme.yaml'}:")
    assert "YAML 格式错误" in problems[0]


def test_a_wrong_field_names_file_line_and_field(tmp_path: Path) -> None:
    text = DEMO.replace("  places: 1\n", "  places: one\n", 1)
    problems = import_text(tmp_path, text)
    line = line_of(text, "places: one")
    assert problems == [
        f"{tmp_path / 'programme.yaml'}:{line}: indicators[1].places: 应为 0 到 6 之间的整数"
    ]


def test_a_bad_formula_and_an_unknown_reference_are_both_reported(tmp_path: Path) -> None:
    text = DEMO.replace("formula: pg_started / pg_task * 100", "formula: pg_started / (pg_task")
    text = text.replace("eligible_if: jb_task", "eligible_if: jb_tsak")
    problems = import_text(tmp_path, text)
    assert any(
        f":{line_of(text, 'pg_started / (pg_task')}: indicators[0].formula: 公式" in p
        for p in problems
    )
    assert any(
        f":{line_of(text, 'jb_tsak')}: tables[1].eligible_if: 应为已定义的填报指标代码" in p
        for p in problems
    )


def test_an_unknown_key_is_refused(tmp_path: Path) -> None:
    text = DEMO.replace("  role: target\n", "  role: target\n  colour: red\n", 1)
    problems = import_text(tmp_path, text)
    assert len(problems) == 1
    assert f":{line_of(text, 'colour: red')}: data_elements[0].colour: 未知字段" in problems[0]


def test_a_target_that_is_not_a_number_is_refused(tmp_path: Path) -> None:
    text = DEMO.replace("pg_task: 2000", "pg_task: 2000套")
    problems = import_text(tmp_path, text)
    assert problems == [
        f"{tmp_path / 'programme.yaml'}:{line_of(text, '2000套')}: "
        "targets.533401.pg_task: “2000套”不是数字"
    ]
