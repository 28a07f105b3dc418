"""The synthetic figures of one county: targets and a year of year-to-date reports.

The figures are synthetic but behave like real ones: year-to-date figures never fall,
occupied rental flats never exceed those built, starts stay mostly within the target, and
only money and areas carry decimals. The same random generator state always gives the same
figures.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from decimal import Decimal

# Share of counties without a shantytown task this year (they still run rental housing).
NO_TASK_SHARE = 0.06
# Share of counties with a shantytown task that resettle some households with money.
MONETISED_SHARE = 0.7


@dataclass(frozen=True)
class CountyFigures:
    targets: dict[str, Decimal]
    months: list[dict[str, Decimal]]  # [0] is January, year to date


def _log_uniform(rng: random.Random, low: float, high: float) -> int:
    # Unit sizes spread over orders of magnitude: many small counties, a few large ones.
    return round(math.exp(rng.uniform(math.log(low), math.log(high))))


def _curve(rng: random.Random, months: int, low: float, high: float) -> list[float]:
    """The share of the year's work done by the end of each month: a noisy power curve
    (below 1 front-loaded, above 1 back-loaded) that never falls and never passes 1."""
    shape = rng.uniform(low, high)
    shares: list[float] = []
    best = 0.0
    for month in range(1, months + 1):
        best = max(best, min(1.0, (month / 12) ** shape * rng.uniform(0.92, 1.08)))
        shares.append(best)
    return shares


def _money(amount: float) -> Decimal:
    """An amount in 万元 to the fen: two places, as the element allows."""
    return Decimal(round(amount * 100)).scaleb(-2)


def _shantytown(rng: random.Random, months: int) -> CountyFigures:
    """Targets and starts, completions and monetised resettlement, year to date."""
    if rng.random() < NO_TASK_SHARE:
        return CountyFigures({}, [{} for _ in range(months)])
    pg_task = _log_uniform(rng, 150, 6000)
    jb_task = round(pg_task * rng.uniform(0.5, 1.0))
    # A few counties start slightly more than their target by the year's end.
    started_share, done_share = rng.uniform(0.8, 1.02), rng.uniform(0.7, 1.0)
    starts, completions = _curve(rng, months, 0.6, 1.3), _curve(rng, months, 1.3, 2.4)
    monetised = rng.uniform(0.3, 0.75) if rng.random() < MONETISED_SHARE else None
    area = _money(rng.uniform(60, 120))  # m² per household, two places
    result = []
    for start, completion in zip(starts, completions, strict=True):
        started = round(pg_task * started_share * start)
        month = {
            "pg_started": Decimal(started),
            "jb_done": Decimal(round(jb_task * done_share * completion)),
        }
        if monetised is not None:
            households = round(started * monetised)
            month["hbh_households"] = Decimal(households)
            month["hbh_area"] = households * area
        result.append(month)
    targets = {"pg_task": Decimal(pg_task), "jb_task": Decimal(jb_task)}
    return CountyFigures(targets, result)


def _investment(rng: random.Random, months: int, pg_task: Decimal | None) -> list[Decimal]:
    per_flat = rng.uniform(6, 18)  # 万元 per flat started
    annual = float(pg_task) * per_flat if pg_task else rng.uniform(200, 3000)
    return [_money(annual * share) for share in _curve(rng, months, 0.8, 1.2)]


def _rental(rng: random.Random, months: int) -> CountyFigures:
    """Public rental housing: the stock built, and its allocation over the year."""
    target = _log_uniform(rng, 150, 6000)
    built0 = round(target * rng.uniform(0.92, 1.08))
    extra = round(built0 * rng.uniform(0, 0.05))  # flats completed during the year
    built13, built14 = (
        round(built0 * rng.uniform(0.45, 0.7)),
        round(built0 * rng.uniform(0.08, 0.2)),
    )
    occupied0 = round(built0 * rng.uniform(0.35, 0.9))
    new_total = round((built0 - occupied0) * rng.uniform(0.05, 0.5))
    exit_total = round(occupied0 * rng.uniform(0, 0.03))
    rate13, rise13 = rng.uniform(0.75, 0.95), rng.uniform(0, 0.05)
    rate14, rise14 = rng.uniform(0.55, 0.9), rng.uniform(0, 0.1)
    growth, allocation = _curve(rng, months, 1.0, 2.0), _curve(rng, months, 0.7, 1.3)
    result = []
    for month, (grown, allocated) in enumerate(zip(growth, allocation, strict=True), start=1):
        built = built0 + round(extra * grown)
        new, gone = round(new_total * allocated), round(exit_total * month / 12)
        figures = {
            "gzf_built": built,
            "gzf_new": new,
            "gzf_exit": gone,
            "gzf_occupied": min(built, occupied0 + new - gone),
            "gzf_built_to2013": built13,
            "gzf_occupied_to2013": min(built13, round(built13 * (rate13 + rise13 * month / 12))),
            "gzf_built_2014": built14,
            "gzf_occupied_2014": min(built14, round(built14 * (rate14 + rise14 * month / 12))),
        }
        result.append({code: Decimal(value) for code, value in figures.items()})
    return CountyFigures({"gzf_target": Decimal(target)}, result)


def county_figures(rng: random.Random, months: int) -> CountyFigures:
    """One county's targets and ``months`` months of year-to-date figures."""
    shantytown = _shantytown(rng, months)
    invest = _investment(rng, months, shantytown.targets.get("pg_task"))
    rental = _rental(rng, months)
    return CountyFigures(
        {**shantytown.targets, **rental.targets},
        [
            {**pg, "invest": money, **gzf}
            for pg, money, gzf in zip(shantytown.months, invest, rental.months, strict=True)
        ],
    )
