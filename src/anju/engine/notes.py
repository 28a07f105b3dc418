"""The notes under a table (注：…): units left unranked for want of a target, rows whose
figures run to an earlier date, and a summed total that lacks figures some units did not
publish."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from anju.engine.change import is_change, unpaired_names
from anju.engine.cutoff import cutoff_notes
from anju.engine.formula import dependency_order
from anju.engine.ranking import Ranking
from anju.engine.totals import NO_TOTAL, total_source
from anju.engine.unpublished import total_notes
from anju.engine.values import Value

__all__ = ["table_notes"]


def _unranked(
    spec: Any, units: Sequence[Any], ranking: Ranking, eligible: Sequence[bool]
) -> tuple[str, ...]:
    # Only units left out for want of a target are explained; a missing figure shows itself.
    names = [units[index].name for index in ranking.unranked if not eligible[index]]
    if not names or not spec.unranked_note:
        return ()
    return (spec.unranked_note.replace("{units}", "、".join(names)),)


def _change_note(spec: Any, units: Sequence[Any], has_total: bool) -> tuple[str, ...]:
    # Only a total row that prints a change computed over some of the units needs it.
    shows = any(
        c.kind == "value" and is_change(total_source(c.total, c.source) or "") for c in spec.columns
    )
    names = unpaired_names([(unit.name, unit.values) for unit in units]) if shows else []
    if not has_total or not names or spec.total == "stated":
        return ()
    return (f"合计的较上月增减只计两个月均有数据的单位，未含{'、'.join(names)}。",)


def table_notes(
    spec: Any,  # a TableSpec (which imports this module)
    units: Sequence[Any],  # its UnitValues
    ranking: Ranking,
    eligible: Sequence[bool],
    stated: Mapping[str, Value],
) -> tuple[str, ...]:
    """Every note of the table, in this order: unranked units, earlier dates, the total's
    change, unpublished figures."""
    printed = [units[row.index] for row in ranking.rows]
    has_total = spec.total_label is not None and spec.total != NO_TOTAL  # as tables._total
    sums = [total_source(c.total, c.source) for c in spec.columns if c.kind == "value"]
    return (
        _unranked(spec, units, ranking, eligible)
        + cutoff_notes(printed)
        + _change_note(spec, printed, has_total)
        + total_notes(
            dependency_order(spec.indicators),
            printed,
            sums if has_total else [],
            stated if spec.total == "stated" else {},
        )
    )
