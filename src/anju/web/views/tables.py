"""The month's attachment tables for a scope."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from anju.accounts.policy import can_view_scope
from anju.errors import NotFound
from anju.periodkey import PeriodKey
from anju.reporting.tables import scope_tables
from anju.web.views.common import resolve


@login_required
def tables(request: HttpRequest, unit: str, period: PeriodKey) -> HttpResponse:
    place = resolve(request, unit, period, can_view_scope)
    try:
        table_set = scope_tables(scope=place.unit, period=place.period)
    except NotFound as error:
        raise Http404(str(error)) from error
    return render(request, "web/tables.html", {"place": place, "tables": table_set})
