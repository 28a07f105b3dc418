"""Total rows in the programme file: read, checked, stored, exported and printed."""

from __future__ import annotations

from pathlib import Path

import pytest
from table_helpers import PROGRAMME, printed, problems, write

from anju.programmes.export import programme_export
from anju.programmes.services import programme_import_file

pytestmark = pytest.mark.django_db


def test_a_stated_total_prints_the_plan_handed_down_and_a_rate_is_never_summed(
    tmp_path: Path,
) -> None:
    # 10000 is the province's own plan (the cities listed hold 9000 of it); the reported
    # rate 资金到位率 is not summed (81.5 + 92.25 would print 173.75%): its total is blank.
    assert printed(tmp_path) == [
        "市      目标任务  开工数  开工率  资金到位率  排序",
        "乙市        3000    2100  70.00%      92.25%     1",
        "甲市        6000    3300  55.00%      81.50%     2",
        "合  计     10000    5400  54.00%",
    ]


def test_the_sum_is_printed_without_a_stated_total(tmp_path: Path) -> None:
    text = PROGRAMME.replace("  total: stated\n", "").replace("  '990000':\n    task: 10000\n", "")
    assert printed(tmp_path, text)[-1] == "合  计      9000    5400  60.00%"


def test_a_rate_column_totals_as_an_indicator_of_the_sums(tmp_path: Path) -> None:
    text = PROGRAMME.replace("    source: funded\n", "    source: funded\n    total: rate\n")
    assert printed(tmp_path, text)[-1] == "合  计     10000    5400  54.00%      54.00%"


def test_total_none_and_a_blank_label(tmp_path: Path) -> None:
    blank = PROGRAMME.replace("  total: stated\n", "  total: stated\n  total_label: ''\n")
    assert printed(tmp_path, blank)[-1] == "         10000    5400  54.00%"
    none = PROGRAMME.replace("  total: stated\n", "  total: none\n").replace(
        "  '990000':\n    task: 10000\n", ""
    )
    assert printed(tmp_path, none)[-1].startswith("甲市")


def test_the_total_keys_survive_the_round_trip(tmp_path: Path) -> None:
    text = PROGRAMME.replace("  total: stated\n", "  total: stated\n  total_label: ''\n")
    funded = "    source: funded\n    suffix: '%'\n"
    text = text.replace(funded, funded + "    total: rate\n")
    text = text.replace("    source: started\n", "    source: started\n    total: none\n")
    programme = programme_import_file(path=write(tmp_path, "programme.yaml", text))
    assert programme_export(programme=programme) == text


def test_a_summed_rate_is_refused_at_its_line(tmp_path: Path) -> None:
    text = PROGRAMME.replace("    source: funded\n", "    source: funded\n    total: sum\n")
    (message,) = problems(tmp_path, text)
    line = text.splitlines().index("    total: sum") + 1
    assert message.startswith(f"{tmp_path / 'programme.yaml'}:{line}: ")
    assert "比率不能相加" in message


def test_a_summed_indicator_and_an_unknown_total_are_refused(tmp_path: Path) -> None:
    text = PROGRAMME.replace("    source: rate\n", "    source: rate\n    total: sum\n")
    text = text.replace("    source: task\n", "    source: task\n    total: started\n")
    found = problems(tmp_path, text)
    assert len(found) == 2
    assert "“started”是填报指标，应为 none、sum 或已定义的计算指标代码" in found[0]
    assert "计算指标的合计按合计行的数据重算，不能相加" in found[1]


def test_a_scope_target_no_table_prints_is_refused(tmp_path: Path) -> None:
    (message,) = problems(tmp_path, PROGRAMME.replace("  total: stated\n", ""))
    assert "targets.990000" in message
    assert "total: stated" in message


def test_options_that_do_nothing_for_the_column_kind_are_refused(tmp_path: Path) -> None:
    text = PROGRAMME.replace(
        "    kind: rank\n    header: 排序\n", "    kind: rank\n    header: 排序\n    places: 2\n"
    )
    text = text.replace(
        "    kind: unit\n    header: 市\n", "    kind: unit\n    header: 市\n    total: none\n"
    )
    found = problems(tmp_path, text)
    assert len(found) == 2
    assert "“total”只对 kind: value、kind: change 起作用，在 kind: unit 中不起作用" in found[0]
    assert "“places”只对 kind: value 起作用，在 kind: rank 中不起作用" in found[1]


def test_total_none_with_a_label_is_refused(tmp_path: Path) -> None:
    text = PROGRAMME.replace("  total: stated\n", "  total: none\n  total_label: 总计\n")
    assert any("没有合计行" in problem for problem in problems(tmp_path, text))


def test_a_column_in_wan_prints_and_round_trips(tmp_path: Path) -> None:
    task = "    source: task\n"
    text = PROGRAMME.replace(task, task + "    places: 2\n    suffix: 万套\n    scale: 万\n")
    assert printed(tmp_path, text)[-1] == "合  计  1.00万套    5400  54.00%"
    programme = programme_import_file(path=write(tmp_path, "programme.yaml", text))
    assert programme_export(programme=programme) == text


def test_a_scale_needs_places_and_names_a_known_unit(tmp_path: Path) -> None:
    task = "    source: task\n"
    found = problems(tmp_path, PROGRAMME.replace(task, task + "    scale: 万\n"))
    assert any("places: 以万为单位的列须写明保留的小数位数" in p for p in found)
    found = problems(tmp_path, PROGRAMME.replace(task, task + "    places: 2\n    scale: 千\n"))
    assert any("“千”不是可选值，可选：万、亿" in p for p in found)


def test_a_figure_printed_with_a_percent_sign_is_a_rate_and_not_summed(tmp_path: Path) -> None:
    # 资金到位率 measured as 百分比 rather than %: its % suffix still says it is a rate.
    text = PROGRAMME.replace("  measure: '%'\n  role: actual", "  measure: 百分比\n  role: actual")
    assert printed(tmp_path, text)[-1] == "合  计     10000    5400  54.00%"
