"""Tables whose rows are programme types (廉租住房 / 公租房 / 城市棚改 …) rather than units.

Each category names, for every figure the table's columns show (``task``, ``started``…), the
data element that holds it for that type (``gzf_task``, ``gzf_started``…). A category's row is
the scope's figure: each element summed over the scope's units. The table's own rates (a
formula over the same names: ``started / task * 100``) are computed per row and, for the total
row, from the total's sums.

A category may hold without a row of its own (``printed: false``: a 国有工矿 sub-target the
province counts elsewhere is still part of the 棚改 total) or print without counting toward the
total (``counted: false``: a "其中" line already inside another row). The rows keep the declared
order; nothing is ranked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from anju.engine.ordering import RankRules
from anju.engine.tables import BuiltTable, TableSpec, UnitValues, build_table
from anju.engine.values import NA, Value, sum_values

__all__ = ["Category", "build_category_table", "category_values"]

UNRANKED = RankRules(mode="none")


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    figures: Mapping[str, str]  # the name a column shows → the element holding it for this type
    printed: bool = True  # False: counted in the total, no row of its own
    counted: bool = True  # False: a row ("其中…") the total does not add again


def category_values(category: Category, units: Sequence[UnitValues]) -> dict[str, Value]:
    """The category's figures for the scope: each element summed over the units."""
    return {
        name: sum_values(unit.values.get(code, NA) for unit in units)
        for name, code in category.figures.items()
    }


def build_category_table(
    spec: TableSpec, categories: Sequence[Category], units: Sequence[UnitValues]
) -> BuiltTable:
    """The table of the categories for the scope whose units are given (only units of the
    table's ``unit_kinds``, when it names some), in the declared order, with a total row of
    the categories counted."""
    summed = [unit for unit in units if not spec.unit_kinds or unit.kind in spec.unit_kinds]
    rows = [
        UnitValues(code=category.code, name=category.label, values=values)
        for category in categories
        for values in [category_values(category, summed)]
    ]
    plain = replace(
        spec,
        ranking=UNRANKED,
        keys=(),
        tiebreak=(),
        eligible_if=None,
        include_if_any=(),
        unit_kinds=(),
    )
    return build_table(
        plain,
        [row for row, category in zip(rows, categories, strict=True) if category.printed],
        totalled=[row for row, category in zip(rows, categories, strict=True) if category.counted],
    )
