"""A scope's computed figures for a month: the bulletin's tables, indicators and ranks, and
where each unit stands against the milestones. All from reviewed figures only, cached under
the programme's data version once the caller's permission on the scope is checked (the
answers depend on the scope and month, never on who asks). What is cached is the answer
already checked against its schema, which ninja then only writes out."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from anju.accounts.policy import can_view_scope
from anju.api import selectors
from anju.api.places import find_place
from anju.api.routes.common import READ_ERRORS, PeriodKey, UnitCode
from anju.api.schemas import IndicatorsOut, MilestonesOut, TablesOut
from anju.programmes.versions import cached

router = Router(tags=["computed figures"])

REFUSAL = "无权查看{unit}的排序和统计"


@router.get(
    "/tables/{unit}/{period}",
    summary="The attachment tables",
    response={200: TablesOut, **READ_ERRORS},
)
def tables_get(request: HttpRequest, unit: UnitCode, period: PeriodKey) -> TablesOut:
    """The bulletin's attachment tables for the unit's children: every cell as printed and
    as an exact decimal. 404 when no figures of the month are reviewed yet."""
    place = find_place(request, unit, period, can_view_scope, REFUSAL)
    return cached(
        name="api-tables",
        programme=place.period.programme,
        parts=(place.unit.pk, place.period.pk),
        compute=lambda: TablesOut.model_validate(
            selectors.scope_tables_data(scope=place.unit, period=place.period)
        ),
    )


@router.get(
    "/indicators/{unit}/{period}",
    summary="Indicators and ranks",
    response={200: IndicatorsOut, **READ_ERRORS},
)
def indicators_get(request: HttpRequest, unit: UnitCode, period: PeriodKey) -> IndicatorsOut:
    """Each child's figures (summed over its subtree), every indicator rounded at its
    places, its rank in each table; and the scope's totals. 404 when none are reviewed."""
    place = find_place(request, unit, period, can_view_scope, REFUSAL)
    return cached(
        name="api-indicators",
        programme=place.period.programme,
        parts=(place.unit.pk, place.period.pk),
        compute=lambda: IndicatorsOut.model_validate(
            selectors.scope_indicators(scope=place.unit, period=place.period)
        ),
    )


@router.get(
    "/milestones/{unit}/{period}",
    summary="Milestone states",
    response={200: MilestonesOut, **READ_ERRORS},
)
def milestones_get(request: HttpRequest, unit: UnitCode, period: PeriodKey) -> MilestonesOut:
    """Each milestone, each child: met, what is still needed, the pace it needs and the
    forecast from its month-by-month reviewed figures."""
    place = find_place(request, unit, period, can_view_scope, REFUSAL)
    return cached(
        name="api-milestones",
        programme=place.period.programme,
        parts=(place.unit.pk, place.period.pk),
        compute=lambda: MilestonesOut.model_validate(
            selectors.scope_milestones(scope=place.unit, period=place.period)
        ),
    )
