"""The founding bulletin (迪庆州 2017年6月): one error, two notes on its figures, the rest sound."""

from __future__ import annotations

import pytest
from audit_documents import FIXTURES

from anju.audit import Kind, Severity, audit_file
from anju.audit.findings import AuditResult

SEED = FIXTURES / "diqing-2017-06-bulletin.txt"


@pytest.fixture(scope="module")
def result() -> AuditResult:
    return audit_file(SEED)


def test_the_only_error_is_deqin_95_13_a_truncation_of_95_14(result: AuditResult) -> None:
    [error] = result.of(Severity.ERROR)
    assert (error.unit, error.printed, error.expected, error.cause) == (
        "德钦县",
        "95.13",
        "95.14",
        "truncation",
    )
    assert error.where == "附件3 第2行（德钦县） 分配入住比例（%）"
    assert "2074 ÷ 2180 × 100 = 95.1376…" in error.message
    assert "系直接截断所致" in error.message


def test_nothing_is_a_warning(result: AuditResult) -> None:
    assert result.of(Severity.WARNING) == []


def test_the_total_63_9_and_the_order_of_attachment_3_are_notes(result: AuditResult) -> None:
    figures = [f for f in result.of(Severity.NOTE) if f.kind != Kind.FORM]
    assert [(f.kind, f.where, f.printed) for f in figures] == [
        (Kind.ORDER, "附件3 排序", "维西县、德钦县、香格里拉市、开发区、州本级"),
        (Kind.PRECISION, "附件3 第6行（合计） 分配入住比例（%）", "63.9"),
    ]
    assert figures[0].expected == "德钦县、维西县、香格里拉市、州本级、开发区"


def test_every_other_cell_and_narrative_figure_is_checked(result: AuditResult) -> None:
    # 附件1: 4 rates, 2 totals, 3 ranks; 附件2: 4 rates, 3 totals; 附件3: 6 rates, 4 totals,
    # 5 ranks; the text: 3725, 3725, 2294 and its 61.58%, 172 and its 4.6%, 16267.62, 9384,
    # 2294 and its 61.58%, 1241, 900, 153 and their sum.
    assert result.checked == 45


def test_the_form_notes_are_the_conventions_the_bulletin_breaks(result: AuditResult) -> None:
    form = [(f.printed, f.expected) for f in result.of(Severity.NOTE) if f.kind == Kind.FORM]
    assert form == [
        ("截止", "截至"),
        ("截止", "截至"),
        ("1、", "一、"),
        (",", "全角标点"),
        ("[2016]505号", "〔2016〕505号"),
        ("1、", "1."),
        ("2、", "2."),
        ("3、", "3."),
        (",", "全角标点"),
    ]
