"""A scope's computed figures for a month: the bulletin's tables, indicators and ranks, and
where each unit stands against the milestones. All from reviewed figures only, cached under
the programme's data version once the caller's permission on the scope is checked (the
answers depend on the scope and month, never on who asks). What is cached is the answer
already checked against its schema, which ninja then only writes out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest
from ninja import Router, Schema

from anju.accounts.policy import can_view_scope
from anju.api import selectors
from anju.api.places import find_place
from anju.api.routes.common import READ_ERRORS, PeriodKey, UnitCode
from anju.api.schemas import IndicatorsOut, MilestonesOut, TablesOut
from anju.programmes.versions import cached

router = Router(tags=["computed figures"])

REFUSAL = "无权查看{unit}的排序和统计"

Answer = TypeVar("Answer", bound=Schema)


def _scope_answer(
    request: HttpRequest,
    unit: str,
    period: str,
    name: str,
    schema: type[Answer],
    select: Callable[..., dict[str, Any]],
) -> Answer:
    """What ``select`` says of the scope and month, checked against ``schema``: once the
    caller may see the scope, cached under ``name`` and the programme's data version."""
    place = find_place(request, unit, period, can_view_scope, REFUSAL)
    return cached(
        name=name,
        programme=place.period.programme,
        parts=(place.unit.pk, place.period.pk),
        compute=lambda: schema.model_validate(select(scope=place.unit, period=place.period)),
    )


@router.get(
    "/tables/{unit}/{period}",
    summary="The attachment tables",
    response={200: TablesOut, **READ_ERRORS},
)
def tables_get(request: HttpRequest, unit: UnitCode, period: PeriodKey) -> TablesOut:
    """The bulletin's attachment tables for the unit's children: every cell as printed and
    as an exact decimal. 404 when no figures of the month are reviewed yet."""
    return _scope_answer(
        request, unit, period, "api-tables", TablesOut, selectors.scope_tables_data
    )


@router.get(
    "/indicators/{unit}/{period}",
    summary="Indicators and ranks",
    response={200: IndicatorsOut, **READ_ERRORS},
)
def indicators_get(request: HttpRequest, unit: UnitCode, period: PeriodKey) -> IndicatorsOut:
    """Each child's figures (summed over its subtree), every indicator rounded at its
    places, its rank in each table; and the scope's totals. 404 when none are reviewed."""
    return _scope_answer(
        request, unit, period, "api-indicators", IndicatorsOut, selectors.scope_indicators
    )


@router.get(
    "/milestones/{unit}/{period}",
    summary="Milestone states",
    response={200: MilestonesOut, **READ_ERRORS},
)
def milestones_get(request: HttpRequest, unit: UnitCode, period: PeriodKey) -> MilestonesOut:
    """Each milestone, each child: met, what is still needed, the pace it needs and the
    forecast from its month-by-month reviewed figures."""
    return _scope_answer(
        request, unit, period, "api-milestones", MilestonesOut, selectors.scope_milestones
    )
