"""The leaders' dashboard of a scope for a month."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from anju.accounts.policy import can_view_scope
from anju.inspections.selectors import findings_panel
from anju.inspections.trail import today
from anju.periodkey import PeriodKey
from anju.programmes.models import Unit
from anju.programmes.versions import cached
from anju.reporting.dashboard import Dashboard, ProgressChart, dashboard_data
from anju.reporting.dashboard.results import TrendPoint
from anju.web.grouping import grouped
from anju.web.views.common import Place, resolve
from anju.web.views.tables import ranking_scope


def chart_payload(chart: ProgressChart | None) -> dict[str, Any] | None:
    """The progress chart for the page's script. Figures travel as the engine's text, with
    the page's thousands separators: the script plots the number and prints the text, so it
    never formats a figure itself."""
    if chart is None:
        return None
    return {
        "title": chart.title,
        "suffix": chart.suffix,
        "bars": [{"name": b.label, "value": b.number, "text": grouped(b.text)} for b in chart.bars],
        "lines": [{"value": line.number, "label": line.label} for line in chart.lines],
    }


def partial_note(point: TrendPoint) -> str:
    return gettext("%(reported)s/%(units)s个单位已审核") % {
        "reported": point.reported,
        "units": point.units,
    }


def trend_payload(data: Dashboard) -> dict[str, Any] | None:
    if not data.has_trend:
        return None
    months = [point.month for point in data.trend[0].points]
    return {
        "months": [gettext("%(month)d月") % {"month": month} for month in months],
        "series": [
            {
                "name": series.name,
                "measure": series.measure,
                "points": [
                    {
                        "value": p.number if p.value is not None else None,
                        "text": grouped(p.text),
                        "partial": p.partial,
                        "note": partial_note(p) if p.partial else "",
                    }
                    for p in series.points
                ],
            }
            for series in data.trend
        ],
    }


@dataclass(frozen=True)
class DashboardPage:
    """What the page shows of the dashboard, rendered: the same for everyone who may view
    the scope, so it is cached under the programme's data version; the navigation around it
    (the viewer's name, to-do count, month switcher) is rendered for each request."""

    scope_name: str
    year: int
    month: int
    body: str  # safe HTML


def dashboard_page(place: Place, ranked_by: Unit | None = None) -> DashboardPage:
    data = dashboard_data(scope=place.unit, period=place.period)
    context = {
        "place": place,
        "dashboard": data,
        "ranked_by": ranked_by,
        "chart_data": chart_payload(data.chart),
        "trend_data": trend_payload(data),
        # Overdue is read from today's date: the cache keys every answer by the day too.
        "inspections": findings_panel(scope=place.unit, on=today()),
    }
    body = render_to_string("web/_dashboard_body.html", context)
    return DashboardPage(data.scope_name, data.year, data.month, body)


@login_required
def dashboard(request: HttpRequest, unit: str, period: PeriodKey) -> HttpResponse:
    place = resolve(request, unit, period, can_view_scope)  # the viewer's permission first
    # The tables panel links to the tables that rank the unit, when the viewer may see them.
    ranked_by = ranking_scope(request.user, place)
    page = cached(
        name="dashboard",
        programme=place.period.programme,
        parts=(place.unit.pk, place.period.pk, ranked_by.pk if ranked_by else None),
        compute=lambda: dashboard_page(place, ranked_by),
    )
    # The body is our own template's output, escaped as it was rendered.
    context = {"place": place, "dashboard": page, "body": mark_safe(page.body)}
    return render(request, "web/dashboard.html", context)
