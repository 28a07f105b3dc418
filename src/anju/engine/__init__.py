"""The computation core: figures, formulas, rankings, bulletin tables and milestones.

Pure Python over ``Decimal``; nothing here touches a database, a web framework or a file.
"""

from __future__ import annotations

from anju.engine.formula import (
    Formula,
    FormulaError,
    IndicatorSpec,
    dependency_order,
    evaluate_indicators,
)
from anju.engine.milestones import (
    MilestoneSpec,
    MilestoneState,
    Observation,
    PlanCheck,
    check_plan,
    evaluate_milestone,
    milestone_concerns,
    next_milestone,
)
from anju.engine.ranking import RankedRow, Ranking, SortKey, rank_rows
from anju.engine.records import table_as_records
from anju.engine.tables import (
    BuiltRow,
    BuiltTable,
    Cell,
    ChangeFormat,
    ColumnKind,
    ColumnSpec,
    HeaderCell,
    TableSpec,
    UnitValues,
    build_table,
    scope_totals,
)
from anju.engine.values import (
    NA,
    NotApplicable,
    Value,
    divide,
    explain_rounding,
    format_value,
    round_half_up,
    sum_values,
)

__all__ = [
    "NA",
    "BuiltRow",
    "BuiltTable",
    "Cell",
    "ChangeFormat",
    "ColumnKind",
    "ColumnSpec",
    "Formula",
    "FormulaError",
    "HeaderCell",
    "IndicatorSpec",
    "MilestoneSpec",
    "MilestoneState",
    "NotApplicable",
    "Observation",
    "PlanCheck",
    "RankedRow",
    "Ranking",
    "SortKey",
    "TableSpec",
    "UnitValues",
    "Value",
    "build_table",
    "check_plan",
    "dependency_order",
    "divide",
    "evaluate_indicators",
    "evaluate_milestone",
    "explain_rounding",
    "format_value",
    "milestone_concerns",
    "next_milestone",
    "rank_rows",
    "round_half_up",
    "scope_totals",
    "sum_values",
    "table_as_records",
]
