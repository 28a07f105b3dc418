"""The same bulletin, sent as text reposts, Word, Excel, HTML or PDF, gives the same findings."""

from __future__ import annotations

import pytest

from anju.audit import Severity, audit_file
from anju.audit.readers.office import shown

START = (
    ["附件1", "2017年各县市区城镇棚户区开工率排序表", "单位：套"],
    [
        ["县（市、区）", "目标任务数", "开工数", "开工率", "开工率排序"],
        ["甲县", "2180", "2074", "95.13%", "1"],
        ["乙县", "1475", "900", "64.29%", "2"],
        ["丙县", "250", "153", "61.20%", "4"],
        ["丁县", "240", "120", "50.00%", "3"],
        ["戊县", "275", "153", "5.56%", "5"],
        ["合计", "4420", "3400", "76.92%", ""],
    ],
)
CLEAN = (
    ["附件1", "2017年各县市区城镇棚户区开工率排序表", "单位：套"],
    [
        ["县（市、区）", "目标任务数", "开工数", "开工率", "开工率排序"],
        ["甲县", "1000", "612", "61.20%", "1"],
        ["乙县", "800", "480", "60.00%", "2"],
        ["丙县", "500", "250", "50.00%", "3"],
        ["合计", "2300", "1342", "58.35%", ""],
    ],
)
CLEAN_TEXT = ["截至2017年6月底，全市棚户区改造开工1342套，开工率为58.35%。"]


def _summary(path: object) -> set[tuple[str, str, str, str, str]]:
    result = audit_file(path)  # type: ignore[arg-type]
    return {
        (f.severity, f.kind, f.unit, f.printed, f.cause)
        for f in result.findings
        if f.severity != Severity.NOTE
    }


def test_planted_errors_are_found_in_every_format(written) -> None:
    found = _summary(written(["全市开工情况如下。"], [START]))
    assert found == {
        ("error", "rate", "甲县", "95.13%", "truncation"),
        ("warning", "rate", "乙县", "64.29%", "unstated-denominator"),
        ("warning", "rate", "戊县", "5.56%", "typo-in-denominator"),
        ("error", "rank", "丙县", "4", "mismatch"),
        ("error", "rank", "丁县", "3", "mismatch"),
    }


def test_a_clean_bulletin_gives_no_error_or_warning_in_any_format(written) -> None:
    path = written(CLEAN_TEXT, [CLEAN])
    result = audit_file(path)
    assert [f for f in result.findings if f.severity != Severity.NOTE] == []
    # 4 rates, 2 totals, 3 ranks in the table; the sentence's figure and its rate
    assert result.checked == 11


@pytest.mark.parametrize(
    ("value", "number_format", "printed"),
    [
        (0.6205, "0.00%", "62.05%"),  # a rate stored as a fraction, as anju writes it now
        (62.05, '0.00"%"', "62.05%"),  # the percent sign as text after the figure
        (62.05, "0.00\\%", "62.05%"),
        (1241, "0", "1241"),
    ],
)
def test_a_workbook_cell_reads_as_excel_shows_it(
    value: float, number_format: str, printed: str
) -> None:
    assert shown(value, number_format) == printed
