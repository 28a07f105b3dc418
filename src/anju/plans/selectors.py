"""Reads of plans: the planned figures, the plan in force, the versions kept."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Q, QuerySet

from anju.engine.plans import PlanElement
from anju.errors import NotFound
from anju.plans.models import PlanFigure, PlanVersion
from anju.programmes.models import DataElement, MonthlyPlan, Programme, Target, Unit

# element code → month → cumulative goal
Plan = dict[str, dict[int, Decimal]]


def programme_for(unit: Unit, year: int) -> Programme:
    """The programme of ``year`` covering the unit (scoped at it or above it)."""
    programme = (
        Programme.objects.filter(scope__path__in=unit.ancestor_paths, year=year)
        .select_related("scope")
        .order_by("-scope__depth", "code")
        .first()
    )
    if programme is None:
        raise NotFound(f"{unit.name}没有 {year} 年的工作方案")
    return programme


def planned_elements(programme: Programme) -> QuerySet[DataElement]:
    """The figures with monthly plans: marked ``plan: true``, or given ``plans`` in the
    programme file."""
    in_file = MonthlyPlan.objects.filter(element__programme=programme).values("element")
    return programme.data_elements.filter(Q(plan=True) | Q(pk__in=in_file)).order_by("order")


def plan_element(element: DataElement) -> PlanElement:
    return PlanElement(
        code=element.code,
        name=element.name,
        places=element.places,
        cumulative=element.time_aggregation == DataElement.TimeAggregation.CUMULATIVE,
        measure=element.measure,
    )


def unit_targets(programme: Programme, unit: Unit) -> dict[str, Decimal]:
    """Each planned figure's annual target for the unit (the target it counts toward)."""
    targets = dict(
        Target.objects.filter(element__programme=programme, unit=unit).values_list(
            "element__code", "value"
        )
    )
    return {
        element.code: targets[element.target.code]
        for element in planned_elements(programme).select_related("target")
        if element.target is not None and element.target.code in targets
    }


def _figures(versions: Iterable[int]) -> dict[int, Plan]:
    plans: dict[int, Plan] = defaultdict(lambda: defaultdict(dict))
    rows = PlanFigure.objects.filter(version__in=list(versions)).values_list(
        "version", "element__code", "month", "value"
    )
    for version, code, month, value in rows:
        plans[version][code][month] = value
    return {version: dict(plan) for version, plan in plans.items()}


def version_plan(version: PlanVersion) -> Plan:
    return _figures([version.pk]).get(version.pk, {})


def version_plans(versions: Iterable[PlanVersion]) -> dict[int, Plan]:
    """Each version's plan, by version id, in one query."""
    return _figures(version.pk for version in versions)


def _file_plans(programme: Programme, units: Iterable[int]) -> dict[int, Plan]:
    plans: dict[int, Plan] = defaultdict(lambda: defaultdict(dict))
    rows = MonthlyPlan.objects.filter(element__programme=programme, unit__in=list(units))
    for unit, code, month, value in rows.values_list("unit", "element__code", "month", "value"):
        plans[unit][code][month] = value
    return {unit: dict(plan) for unit, plan in plans.items()}


def plans_in_force(programme: Programme, units: Iterable[Unit]) -> dict[str, Plan]:
    """Each unit's plan in force, by unit code: its latest approved version, else the
    programme file's plans for it; units with neither are absent. Three queries."""
    by_id = {unit.pk: unit for unit in units}
    latest: dict[int, int] = {}
    approved = PlanVersion.objects.filter(
        programme=programme, unit__in=list(by_id), status=PlanVersion.Status.APPROVED
    ).order_by("unit", "-number")
    for unit, version in approved.values_list("unit", "pk"):
        latest.setdefault(unit, version)
    figures = _figures(latest.values())
    plans = {by_id[unit].code: figures.get(version, {}) for unit, version in latest.items()}
    rest = [unit for unit in by_id if unit not in latest]
    for unit, plan in _file_plans(programme, rest).items():
        plans[by_id[unit].code] = plan
    return plans


def plan_in_force(programme: Programme, unit: Unit) -> Plan:
    return plans_in_force(programme, [unit]).get(unit.code, {})


def plan_versions(programme: Programme, unit: Unit) -> list[PlanVersion]:
    """Every version of the unit's plan, the newest first, with who made and reviewed it."""
    return list(
        PlanVersion.objects.filter(programme=programme, unit=unit)
        .select_related("created_by", "reviewed_by")
        .order_by("-number")
    )


def pending_version(programme: Programme, unit: Unit) -> PlanVersion | None:
    return (
        PlanVersion.objects.filter(
            programme=programme, unit=unit, status=PlanVersion.Status.SUBMITTED
        )
        .order_by("-number")
        .first()
    )
