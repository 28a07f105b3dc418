"""What a table's total row says: the rows' sums, the scope's own stated figures, or nothing;
and, column by column, a figure summed, a rate of the total's figures, or a blank.

A rate is never summed: a column of rates totals as the rate of the sums (its indicator
computed on the total's figures), or stays blank.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Final, Protocol

from anju.engine.values import NA, Value, sum_values

__all__ = ["NO_TOTAL", "SCALES", "SUM_TOTAL", "stated_sums", "total_source"]

# A column printed in 万 or 亿 shows its figures divided by 10 to these powers.
SCALES: Final = {"万": 4, "亿": 8}
NO_TOTAL: Final = "none"
SUM_TOTAL: Final = "sum"


class _Row(Protocol):
    @property
    def values(self) -> Mapping[str, Value]: ...


def total_source(total: str | None, source: str | None) -> str | None:
    """The code a column's total cell shows: its own source (summed with the rest, or an
    indicator recomputed on the sums), another indicator's code, or None for a blank."""
    if total is None or total == SUM_TOTAL:
        return source
    if total == NO_TOTAL:
        return None
    return total


def stated_sums(
    codes: Iterable[str], rows: Sequence[_Row], stated: Mapping[str, Value]
) -> dict[str, Value]:
    """Each figure of a stated total: the scope's own figure where it states one (a plan
    handed down, a figure published above), else the rows' sum."""
    totals: dict[str, Value] = {}
    for code in codes:
        own = stated.get(code, NA)
        summed = sum_values(row.values.get(code, NA) for row in rows)
        totals[code] = own if own is not NA else summed
    return totals
