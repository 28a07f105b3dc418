"""Competition ranking ("1224") of units, as printed in bulletin attachment tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from anju.engine.values import NA, Value

__all__ = ["RankedRow", "Ranking", "SortKey", "rank_rows"]


@dataclass(frozen=True)
class SortKey:
    field: str
    descending: bool = True


@dataclass(frozen=True)
class RankedRow:
    index: int  # position in the input sequence
    rank: int | None


@dataclass(frozen=True)
class Ranking:
    rows: tuple[RankedRow, ...]  # display order: ranked rows first, then the unranked
    all_tied: bool
    unranked: tuple[int, ...]  # input indexes, in display order


# (0, signed value) for a figure, (1, 0) for NA: NA sorts last whichever the direction.
_Ordinal = tuple[int, Decimal]


def _ordinal(row: Mapping[str, Value], key: SortKey) -> _Ordinal:
    value = row.get(key.field, NA)
    if value is NA:
        return (1, Decimal(0))
    return (0, -value if key.descending else value)


def _order_key(row: Mapping[str, Value], index: int, keys: Sequence[SortKey]) -> tuple[object, ...]:
    return (*(_ordinal(row, key) for key in keys), index)


def _is_rankable(row: Mapping[str, Value], keys: Sequence[SortKey]) -> bool:
    return all(row.get(key.field, NA) is not NA for key in keys)


def _competition_ranks(
    rows: Sequence[Mapping[str, Value]], ordered: Sequence[int], keys: Sequence[SortKey]
) -> list[int]:
    # Rows equal on every key are adjacent once sorted, so comparing neighbours suffices.
    ranks: list[int] = []
    previous: tuple[Value, ...] | None = None
    for position, index in enumerate(ordered):
        current = tuple(rows[index].get(key.field, NA) for key in keys)
        ranks.append(ranks[-1] if current == previous else position + 1)
        previous = current
    return ranks


def rank_rows(
    rows: Sequence[Mapping[str, Value]],
    *,
    keys: Sequence[SortKey],
    tiebreak: Sequence[SortKey] = (),
    eligible: Sequence[bool] | None = None,
) -> Ranking:
    """Rank the rows that are eligible and have every key; order the rest after them.

    Only ``keys`` decide a rank; ``tiebreak`` only orders rows that share one. When every
    ranked row shares first place the ranking says nothing, so no rank is given at all.
    """
    if eligible is None:
        eligible = [True] * len(rows)
    if len(eligible) != len(rows):
        raise ValueError("eligible must have one flag per row")
    order_keys = (*keys, *tiebreak)

    def display_order(indexes: list[int]) -> list[int]:
        return sorted(indexes, key=lambda i: _order_key(rows[i], i, order_keys))

    rankable = [i for i, row in enumerate(rows) if eligible[i] and _is_rankable(row, keys)]
    ranked = display_order(rankable)
    unranked = display_order(sorted(set(range(len(rows))) - set(rankable)))
    ranks: list[int | None] = list(_competition_ranks(rows, ranked, keys))
    all_tied = len(ranked) >= 2 and all(rank == 1 for rank in ranks)
    if all_tied:
        ranks = [None] * len(ranked)
    return Ranking(
        rows=(
            *(RankedRow(index, rank) for index, rank in zip(ranked, ranks, strict=True)),
            *(RankedRow(index, None) for index in unranked),
        ),
        all_tied=all_tied,
        unranked=tuple(unranked),
    )
