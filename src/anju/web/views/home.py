"""Where a user lands: their scope's dashboard, or for a reporter their unit's report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from anju.accounts.policy import REPORTER, access_for, home_scopes
from anju.reporting.selectors import latest_period_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    for unit in home_scopes(request.user):
        period = latest_period_for(unit)
        if period is None:
            continue
        if access.kinds == {REPORTER}:
            return redirect("web:report", unit=unit.code, period=period.key)
        return redirect("web:dashboard", unit=unit.code, period=period.key)
    return render(request, "web/empty.html")
