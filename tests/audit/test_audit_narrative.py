"""Figures in the running text, checked against each other and against the tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from audit_documents import FIXTURES

from anju.audit import Document, Grid, Paragraph, Severity, audit_document, audit_file
from anju.audit.findings import Finding

SEED_TEXT = (FIXTURES / "diqing-2017-06-bulletin.txt").read_text(encoding="utf-8")


def _errors_after(tmp_path: Path, printed: str, changed: str) -> list[Finding]:
    assert printed in SEED_TEXT
    path = tmp_path / "changed.txt"
    path.write_text(SEED_TEXT.replace(printed, changed, 1), encoding="utf-8")
    return [
        f for f in audit_file(path).of(Severity.ERROR) if f.unit != "德钦县" or f.kind != "rate"
    ]


@pytest.mark.parametrize(
    ("printed", "changed", "kind", "shown", "expected"),
    [
        ("开工率为61.58 %", "开工率为61.85 %", "rate", "61.85%", "61.58%"),
        ("占计划数3725套的4.6%", "占计划数3725套的4.9%", "share", "4.9%", "4.6%"),
        ("任务数的61.58%", "任务数的62.58%", "share", "62.58%", "61.58%"),
        ("累计分配保障性住房9384套", "累计分配保障性住房9348套", "narrative", "9348", "9384"),
        ("完成投资16267.62万元", "完成投资16276.62万元", "narrative", "16276.62", "16267.62"),
    ],
)
def test_a_figure_contradicting_its_inputs_is_an_error(
    tmp_path: Path, printed: str, changed: str, kind: str, shown: str, expected: str
) -> None:
    [error] = _errors_after(tmp_path, printed, changed)
    assert (error.kind, error.printed, error.expected) == (kind, shown, expected)
    assert error.where.startswith("正文第")


def test_a_unit_named_after_its_other_figure_is_checked_against_its_row(tmp_path: Path) -> None:
    errors = _errors_after(tmp_path, "维西县开工900套", "维西县开工950套")
    assert {(f.unit, f.printed, f.expected) for f in errors} == {
        ("维西县", "950", "900"),  # against 附件1
        ("", "2294", "2344"),  # 其中 parts no longer add up to the whole
    }


def test_rates_of_inputs_printed_in_wan_are_read_at_their_precision(tmp_path: Path) -> None:
    # 13912 of 23087 is 60.26%, printed inputs 1.39万 and 2.31万 give only 60.17%: not an error.
    path = tmp_path / "wan.txt"
    path.write_text(
        "全省基本建成1.39万套，占年度计划2.31万套的60.26%；完成投资1.39亿元，占计划2.31亿元的60.26%。\n",
        encoding="utf-8",
    )
    result = audit_file(path)
    assert result.findings == []
    assert result.checked == 2


def test_a_rate_that_no_rounding_of_wan_inputs_gives_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "wan.txt"
    path.write_text("全省基本建成1.39万套，占年度计划2.31万套的61.26%。\n", encoding="utf-8")
    [error] = audit_file(path).findings
    assert (error.severity, error.kind, error.expected) == ("error", "share", "59.83～60.52%")


def test_goals_and_dates_are_not_read_as_rates(tmp_path: Path) -> None:
    path = tmp_path / "goals.txt"
    path.write_text(
        "确保6月底前60%、10月底前100%开工的目标，分配入住率要分别达到95%和90%以上。\n",
        encoding="utf-8",
    )
    assert audit_file(path).checked == 0


def test_a_figure_named_by_the_words_after_it_is_read_against_that_column() -> None:
    # 下达 matches 附件2's 下达年内基本建成套数 (3000), but the figure is the 棚改 任务 (3725).
    result = audit_document(
        Document(
            "t",
            (
                Paragraph("2017年，上级下达全州3725套城市棚户区改造任务，基本建成3000套。"),
                Grid(("附件1",), (("县", "目标任务数", "开工数"), ("甲县", "3725", "100"))),
                Grid(("附件2",), (("县", "下达年内基本建成套数", "已建成"), ("甲县", "3000", "0"))),
            ),
        )
    )
    assert [f for f in result.findings if f.severity != Severity.NOTE] == []


def test_a_unit_name_with_brackets_is_found_before_its_figure() -> None:
    table = (
        ("县", "目标任务数", "开工数"),
        ("第1县（北京市）", "500", "228"),
        ("第2县（北京市）", "500", "47"),
        ("合计", "1000", "275"),
    )
    text = "全州开工275套，其中：第1县（北京市）开工228套，第2县（北京市）开工47套。"
    result = audit_document(Document("t", (Paragraph(text), Grid(("附件1",), table))))
    assert [f for f in result.findings if f.severity != Severity.NOTE] == []
    wrong = text.replace("开工47套", "开工48套")
    result = audit_document(Document("t", (Paragraph(wrong), Grid(("附件1",), table))))
    assert [(f.unit, f.printed, f.expected) for f in result.of(Severity.ERROR)] == [
        ("", "275", "276"),
        ("第2县（北京市）", "48", "47"),
    ]


def test_a_unit_named_before_a_date_is_the_figures_unit() -> None:
    """A 更正说明 speaks of one county's corrected figure, not of the total."""
    table = (
        ("县（市、区）", "目标任务数", "开工数", "开工率"),
        ("香格里拉市", "2000", "1241", "62.05%"),
        ("德钦县", "250", "163", "65.20%"),
        ("合计", "2250", "1404", "62.40%"),
    )
    text = "更正说明：德钦县6月开工数更正为163套。"
    result = audit_document(Document("t", (Paragraph(text), Grid(("附件1",), table))))
    assert [f for f in result.findings if f.severity is not Severity.NOTE] == []
    wrong = text.replace("163套", "173套")
    result = audit_document(Document("t", (Paragraph(wrong), Grid(("附件1",), table))))
    assert [(f.unit, f.printed, f.expected) for f in result.of(Severity.ERROR)] == [
        ("德钦县", "173", "163")
    ]


def test_a_change_in_percentage_points_is_not_a_count(tmp_path: Path) -> None:
    # "开工率提高10.18个百分点" is no count of 个 to compare with the 开工 column's total.
    text = SEED_TEXT.replace(
        "开工率为61.58 %", "开工率为61.58 %，与上月相比开工率提高10.18个百分点", 1
    )
    path = tmp_path / "points.txt"
    path.write_text(text, encoding="utf-8")
    assert [f for f in audit_file(path).of(Severity.ERROR) if "10.18" in f.printed] == []
