"""Composite scores and tables by category in the programme file: read strictly (each problem
at its line), stored, exported as written, and printed by the tables every format shares."""

from __future__ import annotations

from pathlib import Path

import pytest
from table_helpers import problems, write

from anju.bulletins.document import Paragraph
from anju.bulletins.services import bulletin_document, bulletin_draft, bulletin_update_texts
from anju.programmes.export import programme_export
from anju.programmes.services import programme_import_file
from anju.reporting.figuresfile import figures_import_file
from anju.reporting.selectors import period_find, unit_find

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SCORES = (EXAMPLES / "composite-score" / "programme.yaml").read_text(encoding="utf-8")
CATEGORIES = (EXAMPLES / "by-category" / "programme.yaml").read_text(encoding="utf-8")


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if fragment in line)


def refused_at(tmp_path: Path, text: str, fragment: str) -> str:
    found = problems(tmp_path, text)
    assert len(found) == 1, found
    (message,) = found
    assert message.startswith(f"{tmp_path / 'programme.yaml'}:{line_of(text, fragment)}: ")
    return message


@pytest.mark.parametrize("text", [SCORES, CATEGORIES], ids=["scores", "categories"])
def test_the_export_reads_back_to_itself(tmp_path: Path, text: str) -> None:
    programme = programme_import_file(path=write(tmp_path, "programme.yaml", text))
    exported = programme_export(programme=programme)
    again = programme_import_file(path=write(tmp_path, "programme.yaml", exported))
    assert programme_export(programme=again) == exported
    assert ("full_at: 90" in exported) == (text is SCORES)
    assert ("counted: false" in exported) == (text is CATEGORIES)


def test_an_option_the_rule_does_not_use_is_refused_at_its_line(tmp_path: Path) -> None:
    text = SCORES.replace("    rule: threshold\n", "    rule: threshold\n    floor: 50\n")
    message = refused_at(tmp_path, text, "floor: 50")
    assert "scores[0].parts[4].floor" in message
    assert "rule: proportional" in message and "不起作用" in message


def test_bands_are_required_by_the_bands_rule_and_no_band_is_worth_more_than_the_part(
    tmp_path: Path,
) -> None:
    text = SCORES.replace("{at_least: 95, points: 20}", "{at_least: 95, points: 25}")
    assert "不能超过本项分值 20" in refused_at(tmp_path, text, "points: 25")
    start = SCORES.index("    bands:\n")
    end = SCORES.index("  - code: s_wf")
    message = refused_at(tmp_path, SCORES[:start] + SCORES[end:], "code: s_fp")
    assert "rule: bands 须列出各档" in message


def test_a_part_scores_declared_figures_under_a_new_code(tmp_path: Path) -> None:
    text = SCORES.replace("    actual: jb_done\n", "    actual: jb_finished\n")
    assert "应为已定义的填报指标或计算指标代码" in refused_at(tmp_path, text, "jb_finished")
    text = SCORES.replace("  - code: s_jb ", "  - code: jb_done ").replace("s_jb,", "jb_done,")
    assert "已用作填报指标或计算指标" in refused_at(tmp_path, text, "code: jb_done ")


def test_a_table_may_show_and_rank_a_score_and_prose_may_list_it(tmp_path: Path) -> None:
    text = SCORES.replace("  keys: [score desc]\n", "  keys: [scores desc]\n")
    assert "未定义" in refused_at(tmp_path, text, "[scores desc]")
    text = SCORES.replace("{list.score|all", "{list.total_score|all")
    assert "total_score" in refused_at(tmp_path, text, "list.total_score")


def test_a_table_of_categories_is_not_ranked(tmp_path: Path) -> None:
    text = CATEGORIES.replace(
        "  unit_line: 单位：套、户\n", "  unit_line: 单位：套、户\n  keys: [start_rate desc]\n"
    )
    assert "不排序" in refused_at(tmp_path, text, "keys: [start_rate desc]")
    text = CATEGORIES.replace(
        "  - {key: done, kind: value, header: 基本建成, source: done, blank: —}\n",
        "  - {key: rank, kind: rank, header: 排序}\n",
    )
    assert "不排序" in refused_at(tmp_path, text, "kind: rank, header: 排序")


def test_rates_belong_to_a_table_of_categories(tmp_path: Path) -> None:
    text = CATEGORIES.replace(
        "  eligible_if: pg_task\n",
        "  eligible_if: pg_task\n  rates:  # on a unit table\n"
        "  - {code: r, name: 率, formula: pg_started / pg_task}\n",
    )
    assert "categories" in refused_at(tmp_path, text, "# on a unit table")


def test_a_category_names_declared_elements_and_columns_its_names(tmp_path: Path) -> None:
    text = CATEGORIES.replace("started: gzf_started,", "started: gzf_begun,")
    assert "填报指标代码" in refused_at(tmp_path, text, "gzf_begun")
    text = CATEGORIES.replace("header: 开工, source: started}", "header: 开工, source: begun}")
    assert "categories" not in refused_at(tmp_path, text, "source: begun")
    text = CATEGORIES.replace("formula: started / task * 100", "formula: started / plan * 100")
    assert "plan" in refused_at(tmp_path, text, "started / plan")


def test_a_category_neither_printed_nor_counted_would_do_nothing(tmp_path: Path) -> None:
    text = CATEGORIES.replace(
        "    printed: false\n", "    printed: false\n    counted: false  # too\n"
    )
    assert "不起作用" in refused_at(tmp_path, text, "counted: false  # too")


def test_an_edited_bulletin_text_may_list_scores(tmp_path: Path) -> None:
    programme_import_file(path=write(tmp_path, "programme.yaml", SCORES))
    figures = EXAMPLES / "composite-score" / "figures-2016-12.yaml"
    figures_import_file(path=figures)
    scope = unit_find("420000")
    period = period_find(unit=scope, key="2016-12")
    bulletin = bulletin_draft(scope=scope, period=period)
    text = "得分最高的是{list.score|top 1:{name}（{value}分）}，棚改开工得分{total.s_pg}分。"
    bulletin_update_texts(bulletin=bulletin, texts={"start": text})
    body = [
        b.text
        for b in bulletin_document(scope=scope, period=period).body
        if isinstance(b, Paragraph)
    ]
    assert "得分最高的是宜昌市（100.00分），棚改开工得分28.74分。" in body
