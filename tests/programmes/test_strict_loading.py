"""Strict loading: a key written twice, a key that would do nothing, and a figures file's
problems all named in one pass, each with its file and line; nothing is stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from anju.demo.loader import demo_file
from anju.errors import InvalidInput
from anju.programmes.models import NarrativeTemplate, Programme
from anju.programmes.services import programme_import_file
from anju.reporting.figuresfile import figures_import_file
from anju.reporting.models import ReportValue, ValueChange

pytestmark = pytest.mark.django_db

DEMO = demo_file("diqing-2017.yaml").read_text(encoding="utf-8")
JUNE = demo_file("diqing-2017-06.yaml").read_text(encoding="utf-8")


def line_of(text: str, fragment: str, after: int = 0) -> int:
    lines = text.splitlines()
    return next(n for n in range(after + 1, len(lines) + 1) if fragment in lines[n - 1])


def refused(tmp_path: Path, text: str, name: str, load: object) -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    before = (Programme.objects.count(), ReportValue.objects.count(), ValueChange.objects.count())
    with pytest.raises(InvalidInput) as caught:
        load(path=path)  # type: ignore[operator]
    after = (Programme.objects.count(), ReportValue.objects.count(), ValueChange.objects.count())
    assert after == before
    return caught.value.problems


def test_a_programme_key_written_twice_is_named_at_its_second_line(tmp_path: Path) -> None:
    text = DEMO.replace("code: diqing-2017", "code: diqing-2017-dup").replace(
        "  threshold: 60\n", "  threshold: 60\n  threshold: 70\n", 1
    )
    second = line_of(text, "threshold: 70")
    assert refused(tmp_path, text, "p.yaml", programme_import_file) == [
        f"{tmp_path / 'p.yaml'}:{second}: milestones[0].threshold: 键“threshold”重复"
        f"（第{second - 1}行已有），后写的会覆盖先写的；请删去一处或合并为一处"
    ]


def test_keys_that_would_do_nothing_are_refused_with_the_other_problems(tmp_path: Path) -> None:
    text = (
        DEMO.replace("code: diqing-2017", "code: diqing-2017-strict")
        .replace(
            "  text: 一、棚户区改造工作\n",
            "  text: 一、棚户区改造工作\n  indicator: pg_rate\n",
        )
        .replace(
            "- code: shantytown\n  text:",
            "- code: shantytown\n  level: 2\n  milestones: [start-60]\n  text:",
        )
        .replace("    header: 开工率排序\n", "    header: 开工率排序\n    source: pg_rate\n")
        .replace("  - rule: not_below_previous\n", "  - rule: not_below_previous\n    of: x\n", 1)
        .replace("  role: target\n", "  role: target\n  target: jb_task\n", 1)
        .replace("  threshold: 60\n", "  threshold: sixty\n", 1)
    )
    name = tmp_path / "p.yaml"
    rule = line_of(text, "of: x")
    rank = line_of(text, "source: pg_rate", after=line_of(text, "header: 开工率排序"))
    heading = line_of(text, "indicator: pg_rate", after=line_of(text, "一、棚户区改造工作"))
    assert refused(tmp_path, text, "p.yaml", programme_import_file) == [
        f"{name}:{line_of(text, 'target: jb_task')}: data_elements[0].target: “target”只对 "
        "role: actual 起作用，在 role: target 中不起作用；请删去这一行或改正 role",
        f"{name}:{rule}: data_elements[1].rules[0].of: “of”只对 rule: at_most 起作用，"
        "在 rule: not_below_previous 中不起作用；请删去这一行或改正 rule",
        f"{name}:{rank}: tables[0].columns[4].source: “source”只对 "
        "kind: value 起作用，在 kind: rank 中不起作用；请删去这一行或改正 kind",
        f"{name}:{line_of(text, 'sixty')}: milestones[0].threshold: “sixty”不是数字",
        f"{name}:{heading}: narratives[2].indicator: “indicator”只对 "
        "kind: chart 起作用，在 kind: heading 中不起作用；请删去这一行或改正 kind",
        f"{name}:{line_of(text, 'level: 2')}: narratives[3].level: “level”只对 kind: heading "
        "起作用，在 kind: paragraph 中不起作用；请删去这一行或改正 kind",
        f"{name}:{line_of(text, 'milestones: [start-60]')}: narratives[3].milestones: "
        "“milestones”只对 kind: chart 起作用，在 kind: paragraph 中不起作用；"
        "请删去这一行或改正 kind",
    ]


def test_the_stored_programme_still_exports_and_loads(tmp_path: Path) -> None:
    # Every narrative is stored with a level and milestones; the export leaves them out.
    assert NarrativeTemplate.objects.filter(kind="paragraph", level=1).exists()
    path = tmp_path / "again.yaml"
    path.write_text(DEMO.replace("code: diqing-2017", "code: diqing-2017-again"), "utf-8")
    assert programme_import_file(path=path).code == "diqing-2017-again"


def test_a_figures_file_names_every_problem_in_one_pass(tmp_path: Path) -> None:
    text = (
        JUNE.replace("status: approved", "status: approved\ncolour: red")
        .replace("'533401':", "'999999':\n    pg_started: 3\n  '533401':")
        .replace("invest: 10135", "invest: 10135\n    invest: 10136")
        .replace("pg_started: 900", "pg_started: [900]")
        .replace("gzf_exit: 95", "gzf_exit: -95")
    )
    name = tmp_path / "f.yaml"
    assert refused(tmp_path, text, "f.yaml", figures_import_file) == [
        f"{name}:{line_of(text, 'colour')}: colour: 未知字段，可用字段：anju、programme、period、"
        "status、reports、as_of、notes",
        f"{name}:{line_of(text, '999999')}: reports.999999: 单位代码“999999”不存在",
        f"{name}:{line_of(text, 'invest: 10136')}: reports.533401.invest: 键“invest”重复"
        f"（第{line_of(text, 'invest: 10135')}行已有），后写的会覆盖先写的；请删去一处或合并为一处",
        f"{name}:{line_of(text, '[900]')}: reports.533423.pg_started: 应为数字",
        f"{name}:{line_of(text, '-95')}: reports.533400-BJ.gzf_exit: "
        "公租房年内退出套数：不能为负数，请填写不小于0的整数（套）",
    ]


def test_an_unknown_programme_is_named_at_its_line_with_the_units(tmp_path: Path) -> None:
    text = JUNE.replace("programme: diqing-2017", "programme: nowhere").replace(
        "'533401':", "'999999':\n    pg_started: 3\n  '533401':"
    )
    name = tmp_path / "f.yaml"
    assert refused(tmp_path, text, "f.yaml", figures_import_file) == [
        f"{name}:{line_of(text, 'nowhere')}: programme: 计划“nowhere”不存在，请先导入计划定义文件",
        f"{name}:{line_of(text, '999999')}: reports.999999: 单位代码“999999”不存在",
    ]


def test_entered_in_and_unpublished_are_checked_at_their_lines(tmp_path: Path) -> None:
    text = (
        DEMO.replace("code: diqing-2017\n", "code: diqing-2017-wan\n", 1)
        .replace("  target: pg_task\n", "  target: pg_task\n  entered_in: 千\n", 1)
        .replace("    header: 开工率排序\n", "    header: 开工率排序\n    unpublished: 未公布\n", 1)
    )
    problems = refused(tmp_path, text, "p.yaml", programme_import_file)
    path = tmp_path / "p.yaml"
    assert problems == [
        f"{path}:{line_of(text, 'entered_in: 千')}: data_elements[1].entered_in: "
        "“千”不是可选值，可选：万、亿",
        f"{path}:{line_of(text, 'unpublished: 未公布')}: tables[0].columns[4].unpublished: "
        "“unpublished”只对 kind: value 起作用，在 kind: rank 中不起作用；请删去这一行或改正 kind",
    ]
