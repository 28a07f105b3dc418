"""A scope's published figures month by month, and where its units stand against milestones.

The dashboard's trend and alerts and the API's milestone states read the same history and the
same standings from here, so a page and the API cannot disagree about who is behind: which
units a milestone concerns is the engine's rule (``milestone_concerns``), applied once.
Two set-based queries whatever the number of units: every published figure of the scope for
the months up to the period, and the targets.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Count

from anju.engine import (
    NA,
    MilestoneSpec,
    MilestoneState,
    Observation,
    UnitValues,
    Value,
    evaluate_milestone,
    milestone_concerns,
)
from anju.programmes.models import Unit
from anju.reporting.models import Period, Report
from anju.reporting.selectors import (
    PUBLISHED,
    of_units_without_children,
    scope_monthly_sums,
    scope_units,
)
from anju.reporting.sums import scope_target_sums

__all__ = [
    "MilestoneStanding",
    "ScopeHistory",
    "UnitStanding",
    "milestone_standings",
    "published_counts",
    "scope_history",
]


@dataclass(frozen=True)
class ScopeHistory:
    """The units a scope is split into, their targets, and their published figures by month."""

    units: tuple[Unit, ...]  # in display order
    targets: Mapping[str, Mapping[str, Value]]  # unit code → target element → summed target
    months: Mapping[int, tuple[UnitValues, ...]]  # published months only, targets included

    def of(self, month: int) -> tuple[UnitValues, ...]:
        """Every unit's figures for the month (with its targets); empty when none published."""
        return self.months.get(month, ())

    def observations(self, index: int, element: str) -> list[Observation]:
        """The year-to-date figure of the unit at ``index`` month by month; every month lists
        the units in the same order, so the unit is found by position, not searched for."""
        history = []
        for month, units in self.months.items():
            value = units[index].values.get(element, NA)
            if value is not NA:
                history.append(Observation(month, value))
        return history


def scope_history(
    *,
    scope: Unit,
    period: Period,
    elements: Collection[str] | None = None,
    earlier: Collection[str] | None = None,
) -> ScopeHistory:
    """The scope's published figures (all, or ``elements`` and the targets) through the
    period; with ``earlier``, the months before the period's hold only those figures."""
    units = scope_units(scope)
    sums = scope_monthly_sums(
        scope=scope, units=units, period=period, through=True, elements=elements, earlier=earlier
    )
    goals = scope_target_sums(scope=scope, units=units, programme_id=period.programme_id)
    months = {
        month: tuple(
            UnitValues(unit.code, unit.name, {**goals[unit.code], **by_unit[unit.code]})
            for unit in units
        )
        for month, by_unit in sorted(sums.items())
    }
    return ScopeHistory(
        units=tuple(units), targets={unit.code: goals[unit.code] for unit in units}, months=months
    )


@dataclass(frozen=True)
class UnitStanding:
    unit: Unit
    concerned: bool  # a task was handed down: the milestone applies to the unit
    state: MilestoneState | None  # None when the milestone does not concern the unit


@dataclass(frozen=True)
class MilestoneStanding:
    spec: MilestoneSpec
    units: tuple[UnitStanding, ...]  # every unit of the scope, in display order

    @property
    def concerned(self) -> tuple[UnitStanding, ...]:
        return tuple(standing for standing in self.units if standing.concerned)


def milestone_standings(
    history: ScopeHistory, specs: Sequence[MilestoneSpec], *, month: int
) -> list[MilestoneStanding]:
    """Each unit against each milestone at the end of ``month``."""
    return [
        MilestoneStanding(
            spec=spec,
            units=tuple(
                _standing(history, spec, index, unit, month)
                for index, unit in enumerate(history.units)
            ),
        )
        for spec in specs
    ]


def _standing(
    history: ScopeHistory, spec: MilestoneSpec, index: int, unit: Unit, month: int
) -> UnitStanding:
    target = history.targets[unit.code].get(spec.target, NA)
    if target is NA:
        # A rate over two figures the unit reports (a 公租房 cohort's flats and occupied): the
        # denominator is its latest figure by the month, not a task handed down.
        seen = [o.value for o in history.observations(index, spec.target) if o.month <= month]
        target = seen[-1] if seen else NA
    if not milestone_concerns(target):
        return UnitStanding(unit=unit, concerned=False, state=None)
    state = evaluate_milestone(
        spec,
        target=target,
        history=history.observations(index, spec.actual),
        as_of_month=month,
    )
    return UnitStanding(unit=unit, concerned=True, state=state)


def published_counts(*, scope: Unit, period: Period) -> dict[int, int]:
    """Month → how many of the scope's reporting units have reviewed figures that month, up to
    the period (one grouped query): a month with fewer than all is partial, not a fall."""
    rows = (
        Report.objects.filter(
            of_units_without_children(),
            period__programme_id=period.programme_id,
            period__month__lte=period.month,
            status__in=list(PUBLISHED),
            unit__path__startswith=scope.path,
        )
        .values_list("period__month")
        .annotate(count=Count("id"))
    )
    return dict(rows)
