"""The month's attachment tables for a scope."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from anju.accounts.policy import Person, can_view_scope
from anju.errors import NotFound
from anju.periodkey import PeriodKey
from anju.programmes.models import Unit
from anju.reporting.tables import scope_tables
from anju.web.views.common import Place, resolve


def ranking_scope(user: Person, place: Place) -> Unit | None:
    """The scope whose attachment tables rank the place's unit, when the viewer may see
    them: the unit's own when units report below it, else those of the unit above it (within
    the programme); None when there are none to see."""
    unit = place.unit
    if unit.has_units_below:
        return unit
    parent = unit.parent
    if parent is None or unit.pk == place.period.programme.scope_id:
        return None
    return parent if can_view_scope(user, parent) else None


@login_required
def tables(request: HttpRequest, unit: str, period: PeriodKey) -> HttpResponse:
    place = resolve(request, unit, period, can_view_scope)
    try:
        table_set = scope_tables(scope=place.unit, period=place.period)
    except NotFound as error:
        ranked_by = ranking_scope(request.user, place)
        if ranked_by is None or ranked_by == place.unit:
            raise Http404(str(error)) from error
        context = {"exception": str(error), "place": place, "ranked_by": ranked_by}
        return render(request, "404.html", context, status=404)
    return render(request, "web/tables.html", {"place": place, "tables": table_set})
