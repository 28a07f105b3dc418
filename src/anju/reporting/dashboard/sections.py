"""The dashboard's sections, each from the scope's history and the programme's catalogue:
headline cards, the progress chart (挂图作战), milestone alerts, the trend, completeness."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext, gettext_lazy

from anju.engine import (
    NA,
    MilestoneSpec,
    MilestoneState,
    UnitValues,
    format_value,
    next_milestone,
)
from anju.engine.unpublished import hidden_codes
from anju.programmes.models import Unit
from anju.reporting.dashboard.catalogue import Catalogue, totals
from anju.reporting.dashboard.results import (
    Card,
    ChartBar,
    ChartLine,
    Completeness,
    MilestoneAlerts,
    ProgressChart,
    StatusCount,
    TrendPoint,
    TrendSeries,
    UnitAlert,
)
from anju.reporting.history import MilestoneStanding, ScopeHistory
from anju.reporting.models import Period, Report
from anju.reporting.months import progress_summary
from anju.reporting.selectors import PUBLISHED, UnitProgress, period_completeness

# Completeness counts read in the order a report moves through the month.
# Labels stay lazy: they are read in the language of the page that shows them.
STATUS_ORDER: tuple[tuple[str, Any], ...] = (
    ("missing", gettext_lazy("未填报")),
    *((status.value, status.label) for status in Report.Status),
)


def cards(
    config: Sequence[Mapping[str, str]], units: Sequence[UnitValues], catalogue: Catalogue
) -> tuple[Card, ...]:
    scope = totals(units, catalogue)

    def shown(code: str | None) -> str:
        return catalogue.text(code, scope.get(code, NA)) if code else ""

    return tuple(
        Card(
            label=card["label"],
            value=shown(card["value"]),
            of=shown(card.get("of")),
            rate=shown(card.get("rate")),
            rate_name=catalogue.names.get(card.get("rate") or "", ""),
        )
        for card in config
    )


def _threshold_text(spec: MilestoneSpec) -> str:
    return format_value(spec.threshold, None, trim=True)


def _day_text(day: datetime.date) -> str:
    return gettext("%(month)s月%(day)s日") % {"month": day.month, "day": day.day}


def chart(
    config: Mapping[str, Any],
    units: Sequence[UnitValues],
    specs: Sequence[MilestoneSpec],
    catalogue: Catalogue,
) -> ProgressChart:
    code = config["indicator"]
    bars = []
    unpublished = tuple(
        unit.name for unit in units if code in hidden_codes(catalogue.indicators, unit.unpublished)
    )
    for unit in units:
        value = catalogue.scope(unit.values).get(code, NA)
        if value is not NA:
            text = catalogue.text(code, value)
            bars.append(ChartBar(unit.code, unit.name, value, catalogue.number(code, value), text))
    lines = tuple(
        ChartLine(
            milestone=spec.code,
            value=spec.threshold,
            number=_threshold_text(spec),
            label=f"{_day_text(spec.due)} {_threshold_text(spec)}%",
        )
        for spec in specs
    )
    return ProgressChart(
        indicator=code,
        title=catalogue.names.get(code, code),
        suffix=catalogue.suffix(code),
        # sorted() is stable, so units with equal figures keep the programme's order.
        bars=tuple(sorted(bars, key=lambda bar: -bar.value)),
        lines=lines,
        unpublished=unpublished,
    )


def alert_specs(specs: Sequence[MilestoneSpec], period: Period) -> list[MilestoneSpec]:
    """The milestones due this month and the next one(s) not yet due."""
    end = period.end_date
    due_now = [s for s in specs if (s.due.year, s.due.month) == (end.year, end.month)]
    upcoming = next_milestone(specs, end + datetime.timedelta(days=1))
    # Milestones sharing the next due date are all next: none hides behind another.
    following = [s for s in specs if upcoming is not None and s.due == upcoming.due]
    return [*due_now, *following]


def _gap_text(state: MilestoneState) -> str:
    message = state.gap_message()
    return gettext(message[0]) % message[1] if message else ""


def _unit_alert(unit: Unit, state: MilestoneState) -> UnitAlert:
    ahead = state.months_left > 0
    return UnitAlert(
        unit_code=unit.code,
        unit_name=unit.name,
        state=state,
        gap_text=_gap_text(state),
        pace_text=format_value(state.pace_needed, None, trim=True) if ahead else "",
        forecast_text=format_value(state.forecast, None, trim=True) if ahead else "",
    )


def milestone_alerts(standing: MilestoneStanding, period: Period) -> MilestoneAlerts:
    """Who is behind a milestone (furthest first), who has met it, who has not reported."""
    spec = standing.spec
    behind: list[UnitAlert] = []
    met: list[str] = []
    unreported: list[str] = []
    for unit in standing.concerned:
        state = unit.state
        assert state is not None  # a concerned unit always has a state
        if state.met is None:
            unreported.append(unit.unit.name)
        elif state.met:
            met.append(unit.unit.name)
        else:
            behind.append(_unit_alert(unit.unit, state))
    behind.sort(key=lambda alert: alert.state.rate if alert.state.rate is not NA else Decimal(0))
    return MilestoneAlerts(
        code=spec.code,
        label=spec.label,
        goal=gettext("%(day)s%(verb)s率%(threshold)s%%")
        % {"day": _day_text(spec.due), "verb": spec.verb, "threshold": _threshold_text(spec)},
        due=spec.due,
        due_this_month=spec.due.month == period.month,
        verb=spec.verb,
        measure=spec.measure,
        behind=tuple(behind),
        met=tuple(met),
        unreported=tuple(unreported),
    )


def trend(
    codes: Sequence[str],
    history: ScopeHistory,
    period: Period,
    catalogue: Catalogue,
    *,
    reported: Mapping[int, int] | None = None,
    units: int = 0,
) -> tuple[TrendSeries, ...]:
    """Each figure's scope total month by month; ``reported`` (month → units with reviewed
    figures) out of ``units`` marks the months whose totals are partial."""
    by_month = {month: totals(values, catalogue) for month, values in history.months.items()}
    counts = reported or {}
    series = []
    for code in codes:
        points = []
        for month in range(1, period.month + 1):
            value = by_month[month].get(code, NA) if month in by_month else NA
            points.append(
                TrendPoint(
                    month=month,
                    value=None if value is NA else value,
                    number=catalogue.number(code, value),
                    text=catalogue.text(code, value),
                    reported=counts.get(month, units),
                    units=units,
                )
            )
        name = catalogue.names.get(code, code)
        series.append(TrendSeries(code, name, catalogue.measures.get(code, ""), tuple(points)))
    return tuple(series)


def completeness(*, period: Period, scope: Unit, units: Sequence[Unit]) -> Completeness:
    """Who has reported: counted per child in the database; each reporting unit listed only
    when every child is one (a prefecture of counties), never 2,844 counties one by one."""
    summary = progress_summary(period=period, scope=scope)
    counts = tuple(
        StatusCount(status, label, count)
        for status, label in STATUS_ORDER
        if (count := summary.counts.get(status, 0))
    )
    published = sum(summary.counts.get(status, 0) for status in PUBLISHED)
    if summary.by_child and len(summary.by_child) < summary.units:
        return Completeness(
            units=(),
            counts=counts,
            published=published,
            late=summary.late,
            total=summary.units,
            by_child=tuple(summary.by_child),
        )
    order = {unit.path: index for index, unit in enumerate(units)}
    prefix = len(scope.path)

    def position(progress: UnitProgress) -> tuple[int, str]:
        # In the order the tables list the units, each one's subtree together; a leaf scope
        # is its own only unit.
        path = progress.unit.path
        owner = path[:prefix] + path[prefix:].split("/", 1)[0] + "/"
        return order.get(owner, order.get(path, len(order))), path

    progress = tuple(sorted(period_completeness(period=period, scope=scope), key=position))
    return Completeness(
        units=progress,
        counts=counts,
        published=published,
        late=summary.late,
        total=summary.units,
    )
