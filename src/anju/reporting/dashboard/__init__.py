"""The leaders' dashboard of a scope for a month: headline totals, the progress chart
(挂图作战), milestone alerts, the month-by-month trend, the ranking tables and who has reported.

Every figure a reader sees is already text here, formatted by the engine, so the page only lays
it out. The queries are set-based and their number does not depend on the number of units:
every published figure of the scope for the months up to this one comes in one query, the
targets in another, and the rest reads the programme's definition.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from anju.plans.dashboard import PlanPanel, plan_panels
from anju.programmes.models import Unit
from anju.reporting.dashboard import sections
from anju.reporting.dashboard.catalogue import catalogue_for
from anju.reporting.dashboard.results import Card, Dashboard, MilestoneAlerts, ProgressChart
from anju.reporting.history import milestone_standings, published_counts, scope_history
from anju.reporting.marks import with_marks
from anju.reporting.models import Period
from anju.reporting.selectors import PUBLISHED, milestone_specs
from anju.reporting.tables import TableSet, scope_month, scope_tables, with_last_month

# The records callers name; the others (in .results) are reached through a Dashboard.
__all__ = ["Dashboard", "MilestoneAlerts", "ProgressChart", "dashboard_data"]


def dashboard_data(*, scope: Unit, period: Period) -> Dashboard:
    """Everything the leaders' page shows for the scope and month, from published figures."""
    programme = period.programme
    config: Mapping[str, Any] = programme.dashboard or {}
    catalogue = catalogue_for(programme)
    chart_config = config.get("chart")
    specs = milestone_specs(programme, chart_config["milestones"]) if chart_config else []
    alert_specs = sections.alert_specs(specs, period)
    # Earlier months serve the trend and the alerts' projections only: their figures alone.
    earlier = catalogue.inputs(config.get("trend", [])) | {spec.actual for spec in alert_specs}
    history = scope_history(scope=scope, period=period, earlier=earlier)
    # With what the units' reports say of their figures (not published, an earlier date).
    current = with_marks(list(history.of(period.month)), period=period, statuses=PUBLISHED)
    cards: tuple[Card, ...] = ()
    chart: ProgressChart | None = None
    alerts: tuple[MilestoneAlerts, ...] = ()
    tables: TableSet | None = None
    plans: tuple[PlanPanel, ...] = ()
    # A month nobody's figures have been approved for has no totals, ranks or alerts yet;
    # its trend and who has reported still say where things stand.
    if current:
        cards = sections.cards(config.get("cards", []), current, catalogue)
        if chart_config:
            chart = sections.chart(chart_config, current, specs, catalogue)
        standings = milestone_standings(history, alert_specs, month=period.month)
        alerts = tuple(sections.milestone_alerts(standing, period) for standing in standings)
        # With last month's figures beside them when a table shows a change since.
        units = with_last_month(scope=scope, period=period, units=list(current))
        tables = scope_tables(scope=scope, period=period, units=units)
        plans = plan_panels(programme=programme, month=period.month, units=list(current))
    progress = sections.completeness(period=period, scope=scope, units=history.units)
    return Dashboard(
        **asdict(scope_month(scope, period)),
        has_figures=bool(current),
        published_months=tuple(history.months),
        cards=cards,
        chart=chart,
        alerts=alerts,
        trend=sections.trend(
            config.get("trend", []),
            history,
            period,
            catalogue,
            reported=published_counts(scope=scope, period=period),
            units=progress.total,
        ),
        tables=tables,
        completeness=progress,
        plans=plans,
    )
