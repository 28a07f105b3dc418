"""Cross-checks of the tables' total rows: a rate is never summed, a column's total names a
declared indicator, and a target set on the scope unit itself is printed somewhere."""

from __future__ import annotations

from collections.abc import Iterator

from anju.programmes.spec.base import Loc
from anju.programmes.spec.programme import ProgrammeSpec
from anju.programmes.spec.tables import ColumnSpec

Problem = tuple[Loc, str]
RATE_MEASURES = ("%", "‰", "％")


def rate_elements(spec: ProgrammeSpec) -> set[str]:
    """Data elements that are rates (measured in %): a sum of them means nothing."""
    return {e.code for e in spec.data_elements if e.measure.strip() in RATE_MEASURES}


def is_rate_column(column: ColumnSpec, rates: set[str]) -> bool:
    return column.source in rates or (column.suffix or "").strip() in RATE_MEASURES


def table_total_problems(spec: ProgrammeSpec) -> Iterator[Problem]:
    indicators = {i.code for i in spec.indicators}
    elements = {e.code for e in spec.data_elements}
    rates = rate_elements(spec)
    scores = {code for s in spec.scores for code in (s.code, *(p.code for p in s.parts))}
    for number, table in enumerate(spec.tables):
        # Scores and a category table's rates are computed on the total's figures too.
        computed = indicators | scores | {rate.code for rate in table.rates}
        for index, column in enumerate(table.columns):
            path: Loc = ("tables", number, "columns", index, "total")
            yield from _column_total(path, column, computed, elements, rates)
    yield from _scope_targets(spec)


def _column_total(
    path: Loc, column: ColumnSpec, indicators: set[str], elements: set[str], rates: set[str]
) -> Iterator[Problem]:
    total = column.total
    if total is None or total == "none" or column.kind != "value":
        return
    if total == "sum":
        if column.source in indicators:
            yield path, "计算指标的合计按合计行的数据重算，不能相加；不写 total 即可，或写 none"
        elif is_rate_column(column, rates):
            yield (
                path,
                ("比率不能相加：写一个计算指标的代码（合计行按各项之和计算该比率），或写 none"),
            )
        return
    if total not in indicators:
        what = "填报指标" if total in elements else "代码"
        yield path, f"“{total}”是{what}，应为 none、sum 或已定义的计算指标代码"


def _scope_targets(spec: ProgrammeSpec) -> Iterator[Problem]:
    if spec.scope not in spec.targets or not spec.tables:
        return
    if any(table.total == "stated" for table in spec.tables):
        return
    yield (
        ("targets", spec.scope),
        "范围单位自身的任务数只印在 total: stated 的表的合计行中（否则合计为各单位之和，"
        "此项不起作用）：请在附件表中写 total: stated，或删去此项",
    )


__all__ = ["is_rate_column", "rate_elements", "table_total_problems"]
