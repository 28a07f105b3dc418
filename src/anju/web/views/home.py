"""Where a user lands: a reporter on the report that most needs them, anyone else on their
scope's latest month with reviewed figures (the page points at the newest open month)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

from anju.accounts.policy import REPORTER, access_for, home_scopes
from anju.reporting.months import latest_reviewed_period, reporter_todo
from anju.reporting.selectors import latest_period_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    scopes = list(home_scopes(request.user))
    if access.kinds == {REPORTER}:
        todo = reporter_todo(units=scopes)
        if todo:
            return redirect("web:report", unit=todo[0].unit.code, period=todo[0].period.key)
    for unit in scopes:
        period = latest_period_for(unit)
        if period is None:
            continue
        if access.kinds == {REPORTER}:
            return redirect("web:report", unit=unit.code, period=period.key)
        shown = latest_reviewed_period(unit) or period
        return redirect("web:dashboard", unit=unit.code, period=shown.key)
    return render(request, "web/empty.html")


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links: the site's own icon."""
    return redirect(static("anju/favicon.svg"), permanent=True)
