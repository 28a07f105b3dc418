"""Units, programmes and months: where a caller is and what the programme there is."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router
from ninja.errors import AuthorizationError

from anju.accounts import policy
from anju.accounts.policy import can_view_scope
from anju.api import selectors
from anju.api.places import caller, find_unit
from anju.api.routes.common import READ_ERRORS, ProgrammeCode, UnitCode
from anju.api.schemas import ChildOut, PeriodOut, UnitOut
from anju.errors import NotFound
from anju.programmes.models import Programme
from anju.programmes.spec import ProgrammeHead, ProgrammeSpec

router = Router(tags=["units and programmes"])

REFUSAL = "无权查看{unit}"


@router.get("/units/{unit}", summary="A unit", response={200: UnitOut, **READ_ERRORS})
def unit_get(request: HttpRequest, unit: UnitCode) -> dict[str, object]:
    """A unit, its place in the tree and what the caller may do there."""
    found = find_unit(request, unit, can_view_scope, REFUSAL)
    return selectors.unit_detail(found, caller(request))


@router.get(
    "/units/{unit}/children",
    summary="The units below a unit",
    response={200: list[ChildOut], **READ_ERRORS},
)
def unit_children(request: HttpRequest, unit: UnitCode) -> list[dict[str, object]]:
    """The units directly below, in the programme's order."""
    found = find_unit(request, unit, can_view_scope, REFUSAL)
    return selectors.unit_children(found)


@router.get(
    "/periods/{unit}", summary="A unit's months", response={200: list[PeriodOut], **READ_ERRORS}
)
def unit_periods(request: HttpRequest, unit: UnitCode) -> list[dict[str, object]]:
    """The months opened in each year's programme covering the unit, oldest first."""
    found = find_unit(request, unit, can_view_scope, REFUSAL)
    return selectors.unit_periods(found)


@router.get(
    "/programmes", summary="Programmes", response={200: list[ProgrammeHead], 401: READ_ERRORS[401]}
)
def programme_list(request: HttpRequest) -> list[ProgrammeHead]:
    """The programmes covering a unit the caller can see, newest year first."""
    return [selectors.programme_summary(p) for p in policy.visible_programmes(caller(request))]


@router.get(
    "/programmes/{code}",
    summary="A programme's definition",
    response={200: ProgrammeSpec, **READ_ERRORS},
)
def programme_get(request: HttpRequest, code: ProgrammeCode) -> ProgrammeSpec:
    """A programme's definition, as its programme file says it (``anju export``): units, data
    elements, indicators, tables, milestones, targets, plans and the bulletin's outline."""
    programme = Programme.objects.select_related("scope").filter(code=code).first()
    if programme is None:
        raise NotFound(f"计划“{code}”不存在")
    if not policy.visible_programmes(caller(request)).filter(pk=programme.pk).exists():
        raise AuthorizationError(message=f"无权查看{programme.name}")
    return selectors.programme_detail(programme)
