"""A programme's composite scores as the engine computes them (engine.scores)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from anju.engine import IndicatorSpec
from anju.engine.scores import HUNDRED, ScoreBand, ScorePart, ScoreSpec, score_indicators
from anju.programmes.models import Programme


def _part(stored: dict[str, Any]) -> ScorePart:
    floor = stored.get("floor")
    return ScorePart(
        code=stored["code"],
        actual=stored["actual"],
        target=stored["target"],
        points=Decimal(stored["points"]),
        rule=stored.get("rule", "proportional"),
        full_at=Decimal(stored.get("full_at", HUNDRED)),
        floor=None if floor is None else Decimal(floor),
        bands=tuple(
            ScoreBand(Decimal(band["at_least"]), Decimal(band["points"]))
            for band in stored.get("bands", [])
        ),
        no_target=stored.get("no_target", "full"),
    )


def score_specs(programme: Programme) -> tuple[ScoreSpec, ...]:
    """The scores as stored (the file's form, defaults left out)."""
    return tuple(
        ScoreSpec(
            code=score["code"],
            parts=tuple(_part(part) for part in score["parts"]),
            places=score.get("places", 2),
        )
        for score in programme.scores
    )


def score_specs_as_indicators(programme: Programme) -> tuple[IndicatorSpec, ...]:
    return score_indicators(score_specs(programme))


def score_places(programme: Programme) -> dict[str, int]:
    """Each part's and total's display precision, by code."""
    return {
        code: score.places
        for score in score_specs(programme)
        for code in (score.code, *(part.code for part in score.parts))
    }
