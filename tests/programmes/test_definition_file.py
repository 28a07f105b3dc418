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


def test_a_control_character_is_refused_at_its_line(tmp_path: Path) -> None:
    lines = DEMO.splitlines(keepends=True)
    lines[4] = lines[4].rstrip("\n") + "\x1f\n"  # pasted from somewhere, invisible
    problems = import_text(tmp_path, "".join(lines))
    assert problems == [
        f"{tmp_path / 'programme.yaml'}:5: YAML 格式错误：含有不允许的控制字符 U+001F"
    ]


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


def test_an_unknown_key_is_refused_naming_the_keys_there_are(tmp_path: Path) -> None:
    text = DEMO.replace("  role: target\n", "  role: target\n  colour: red\n", 1)
    problems = import_text(tmp_path, text)
    assert problems == [
        f"{tmp_path / 'programme.yaml'}:{line_of(text, 'colour: red')}: data_elements[0].colour: "
        "未知字段，可用字段：code、name、measure、role、time、places、description、target、rules、plan、"
        "from_projects、projects、entered_in"
    ]


def test_a_target_that_is_not_a_number_is_refused(tmp_path: Path) -> None:
    text = DEMO.replace("pg_task: 2000", "pg_task: 2000套")
    problems = import_text(tmp_path, text)
    assert problems == [
        f"{tmp_path / 'programme.yaml'}:{line_of(text, '2000套')}: "
        "targets.533401.pg_task: “2000套”不是数字"
    ]


def problem_at(tmp_path: Path, text: str, fragment: str, field_and_message: str) -> str:
    return f"{tmp_path / 'programme.yaml'}:{line_of(text, fragment)}: {field_and_message}"


def test_references_to_undeclared_codes_are_each_named_at_their_line(tmp_path: Path) -> None:
    text = DEMO.replace("    source: pg_started\n", "    source: pg_begun\n")
    text = text.replace("gzf_occupied]", "gzf_occupid]", 1)
    text = text.replace(
        "  milestones: [start-60, start-100]\n- code: shantytown-req",
        "  milestones: [start-60, start-90]\n- code: shantytown-req",
    )
    text = text.replace("  target: jb_task\n", "  target: jb_done\n")
    problems = import_text(tmp_path, text)
    assert problems == [
        problem_at(tmp_path, text, "gzf_occupid]", "dashboard.trend[3]: “gzf_occupid”未定义"),
        problem_at(
            tmp_path,
            text,
            "target: jb_done",
            "data_elements[3].target: 应为类型为 target 的填报指标代码",
        ),
        problem_at(tmp_path, text, "pg_begun", "tables[0].columns[2].source: “pg_begun”未定义"),
        problem_at(
            tmp_path, text, "start-90]", "narratives[4].milestones[1]: 节点目标“start-90”未定义"
        ),
    ]


def test_a_placeholder_naming_an_unknown_code_is_refused(tmp_path: Path) -> None:
    text = DEMO.replace("开工{total.pg_started}套，占省下达", "开工{total.pg_begun}套，占省下达")
    problems = import_text(tmp_path, text)
    assert len(problems) == 1
    assert problems[0].startswith(
        problem_at(tmp_path, text, "{total.pg_begun}", "narratives[3].text: 模板有误：")
    )
    assert "pg_begun" in problems[0]


def test_a_code_declared_twice_is_refused_where_it_is_repeated(tmp_path: Path) -> None:
    twice = (
        "  name: 维西县\n    children:\n    - code: '533401'\n      name: 重名\n      kind: zone\n"
    )
    text = DEMO.replace("  name: 维西县\n", twice)
    again = text.index("    - code: '533401'")
    problems = import_text(tmp_path, text)
    assert problems == [
        f"{tmp_path / 'programme.yaml'}:{text[:again].count(chr(10)) + 1}: "
        "units[0].children[2].children[0].code: 代码“533401”重复"
    ]


def test_what_a_kind_of_part_needs_is_required(tmp_path: Path) -> None:
    text = DEMO.replace("    change:\n      increase: gzf_new\n      decrease: gzf_exit\n", "")
    text = text.replace("  - rule: at_most\n    of: pg_task\n", "  - rule: at_most\n", 1)
    text = text.replace(
        "  kind: chart\n  text: 各县（市、区）棚户区改造开工率\n  indicator: pg_rate\n",
        "  kind: chart\n",
    )
    problems = import_text(tmp_path, text)
    assert problems == [
        problem_at(tmp_path, text, "rule: at_most", "data_elements[1].rules[1].of: 必须填写"),
        problem_at(tmp_path, text, "key: new", "tables[2].columns[4].change: 必须填写"),
        problem_at(tmp_path, text, "code: shantytown-chart", "narratives[4].indicator: 必须填写"),
    ]


def test_plans_name_months_one_to_twelve_and_declared_elements(tmp_path: Path) -> None:
    plans = "plans:\n  '533401':\n    pg_started:\n      13: 100\n    pg_begun:\n      6: 100\n"
    text = DEMO.replace("narratives:\n", plans + "narratives:\n")
    problems = import_text(tmp_path, text)
    assert problems == [
        problem_at(tmp_path, text, "13: 100", "plans.533401.pg_started.13: 月份应为 1 到 12")
    ]
    problems = import_text(tmp_path, text.replace("13: 100", "12: 100"))
    assert problems == [
        problem_at(tmp_path, text, "pg_begun:", "plans.533401.pg_begun: 应为已定义的填报指标代码")
    ]


def test_a_blank_value_means_the_default(tmp_path: Path) -> None:
    text = DEMO.replace("code: diqing-2017", "code: diqing-2017-blank")
    text = text.replace("  verb: 开工\n", "  verb:\n", 1).replace(
        "  measure: '%'\n", "  measure: ''\n", 1
    )
    path = tmp_path / "blank.yaml"
    path.write_text(text, encoding="utf-8")
    programme = programme_import_file(path=path)
    assert programme.milestones.get(code="start-60").verb == "完成"
    assert programme.indicators.get(code="pg_rate").measure == ""


def test_a_name_longer_than_its_column_is_refused_at_its_line(tmp_path: Path) -> None:
    long_name = "很长的单位名称" * 10  # 70 characters; a unit's name holds 64
    text = DEMO.replace("name: 德钦县", f"name: {long_name}", 1)
    assert text != DEMO
    problems = import_text(tmp_path, text)
    assert len(problems) == 1
    assert problems[0].startswith(f"{tmp_path / 'programme.yaml'}:")
    assert "name：最多64个字（现有70个）" in problems[0]
