"""Totals, differences and columns the arithmetic reveals, in tables built for the purpose."""

from __future__ import annotations

from pathlib import Path

from audit_documents import write_html

from anju.audit import Severity, audit_file
from anju.audit.findings import AuditResult


def _audit(tmp_path: Path, rows: list[list[str]], header: list[str]) -> AuditResult:
    path = tmp_path / "table.html"
    write_html(path, [], [(["附件1", "完成情况表", "单位：套、万元"], [header, *rows])])
    return audit_file(path)


def test_a_total_that_is_not_the_sum_is_an_error_naming_the_row_left_out(tmp_path: Path) -> None:
    result = _audit(
        tmp_path,
        [["甲县", "120", "35.25"], ["乙县", "80", "20.25"], ["合计", "120", "55.50"]],
        ["县（市、区）", "开工数", "完成投资"],
    )
    [error] = result.findings
    assert (error.severity, error.kind, error.printed, error.expected) == (
        "error",
        "sum",
        "120",
        "200",
    )
    assert "乙县的数，疑漏计" in error.message


def test_a_total_with_unfilled_rows_is_a_warning(tmp_path: Path) -> None:
    result = _audit(
        tmp_path,
        [["甲县", "120"], ["乙县", "—"], ["合计", "200"]],
        ["县（市、区）", "开工数"],
    )
    [warning] = result.findings
    assert (warning.severity, warning.cause) == (Severity.WARNING, "rows-missing")
    assert "乙县未填" in warning.message


def test_amounts_in_whole_wan_may_add_to_a_total_with_decimals(tmp_path: Path) -> None:
    result = _audit(
        tmp_path,
        [["甲县", "10135"], ["乙县", "4160"], ["丙县", "712.62"], ["合计", "15008.12"]],
        ["县（市、区）", "完成投资"],
    )
    assert result.findings == []


def test_a_difference_column_is_checked(tmp_path: Path) -> None:
    result = _audit(
        tmp_path,
        [["甲县", "100", "60", "40"], ["丙县", "50", "50", "0"], ["乙县", "300", "100", "210"]],
        ["县（市、区）", "任务数", "开工数", "未开工数"],
    )
    [error] = result.findings
    assert (error.kind, error.unit, error.printed, error.expected) == (
        "difference",
        "乙县",
        "210",
        "200",
    )


def test_the_denominator_is_found_from_the_arithmetic_when_headers_do_not_say(
    tmp_path: Path,
) -> None:
    # 比例 over 实际建设, not 指标任务, as in the founding bulletin; one row over the other one
    result = _audit(
        tmp_path,
        [
            ["甲县", "4026", "4030", "3552", "88.14"],
            ["乙县", "640", "644", "200", "31.06"],
            ["丙县", "3558", "3584", "1332", "37.44"],
        ],
        ["县（市、区）", "指标任务", "实际建设", "累计分配", "比例"],
    )
    [error] = result.findings
    assert (error.unit, error.cause, error.expected) == ("丙县", "other-denominator", "37.17")
