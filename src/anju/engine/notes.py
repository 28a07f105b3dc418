"""The notes under a table (注：…): units left unranked for want of a target, rows whose
figures run to an earlier date, and a summed total that lacks figures some units did not
publish."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from anju.engine.cutoff import cutoff_notes
from anju.engine.formula import dependency_order
from anju.engine.ranking import Ranking
from anju.engine.totals import total_source
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


def table_notes(
    spec: Any,  # a TableSpec (which imports this module)
    units: Sequence[Any],  # its UnitValues
    ranking: Ranking,
    eligible: Sequence[bool],
    has_total: bool,
    stated: Mapping[str, Value],
) -> tuple[str, ...]:
    """Every note of the table, in this order: unranked units, earlier dates, unpublished."""
    printed = [units[row.index] for row in ranking.rows]
    sums = [total_source(c.total, c.source) for c in spec.columns if c.kind == "value"]
    return (
        _unranked(spec, units, ranking, eligible)
        + cutoff_notes(printed)
        + total_notes(
            dependency_order(spec.indicators),
            printed,
            sums if has_total else [],
            stated if spec.total == "stated" else {},
        )
    )
