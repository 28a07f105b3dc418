"""How a table orders and numbers its rows: ranked (a shared rank for equals, "1224", or a
序号 1..n in printed order), in bands (完成90%以上 …) instead of numbers, or in the declared
order of the units with no ranking at all; on the rates as printed (the default) or unrounded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Final, Literal, TypeAlias

from anju.engine.display import TextIf
from anju.engine.formula import IndicatorSpec, evaluate_indicators
from anju.engine.ranking import RankedRow, Ranking, SortKey, rank_rows
from anju.engine.values import NA, Value

__all__ = ["RANKED", "RankRules", "band_text", "exact_scope", "order_rows"]

RankingMode: TypeAlias = Literal["rank", "none"]
Numbering: TypeAlias = Literal["shared", "sequence"]
RankOn: TypeAlias = Literal["printed", "exact"]
# Places an "unrounded" indicator keeps: far beyond any printed figure, short of absurd.
EXACT_PLACES: Final = 20


@dataclass(frozen=True)
class RankRules:
    mode: RankingMode = "rank"  # "none": the units' declared order, no ranks
    numbering: Numbering = "shared"  # "sequence": 1..n in printed order, ties ordered
    bands: tuple[TextIf, ...] = ()  # the rank column prints the band of the first key
    rank_on: RankOn = "printed"  # "exact": indicators unrounded, so 61.204 beats 61.196


RANKED: Final = RankRules()  # today's rule: shared ranks on the rates as printed


def exact_scope(
    indicators: Sequence[IndicatorSpec], values: Mapping[str, Value]
) -> dict[str, Value]:
    """A unit's figures with its indicators unrounded (to ``EXACT_PLACES``)."""
    exact = [replace(indicator, places=EXACT_PLACES) for indicator in indicators]
    return {**values, **evaluate_indicators(exact, values)}


def order_rows(
    rules: RankRules,
    rows: Sequence[Mapping[str, Value]],
    *,
    keys: Sequence[SortKey],
    tiebreak: Sequence[SortKey],
    eligible: Sequence[bool],
) -> Ranking:
    if rules.mode == "none":
        return Ranking(tuple(RankedRow(i, None) for i in range(len(rows))), False, ())
    ranking = rank_rows(rows, keys=keys, tiebreak=tiebreak, eligible=eligible)
    if rules.numbering == "shared":
        return ranking
    unranked = set(ranking.unranked)
    numbered = [row for row in ranking.rows if row.index not in unranked]
    return replace(
        ranking,
        rows=(
            *(RankedRow(row.index, position) for position, row in enumerate(numbered, start=1)),
            *(row for row in ranking.rows if row.index in unranked),
        ),
        all_tied=False,
    )


def band_text(rules: RankRules, keys: Sequence[SortKey], row: Mapping[str, Value]) -> str | None:
    """The band a ranked row falls in (its first key's figure), or None without bands."""
    if not rules.bands or not keys:
        return None
    figure = row.get(keys[0].field, NA)
    if figure is NA:
        return ""
    return next((band.text for band in rules.bands if band.matches(figure)), "")
