"""Every month of a scope, read-only, for everyone who may view it (the office opens months
on its own page)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from anju.accounts.policy import can_manage, can_view_scope
from anju.reporting.months import latest_reviewed_period, month_summaries
from anju.web.views.common import require, resolve_unit


@login_required
def months(request: HttpRequest, unit: str) -> HttpResponse:
    scope = resolve_unit(unit)
    require(request, scope, can_view_scope)
    context = {
        "scope": scope,
        "months": month_summaries(scope=scope),
        "reviewed": latest_reviewed_period(scope),
        "can_manage": can_manage(request.user, scope),
    }
    return render(request, "web/months.html", context)
