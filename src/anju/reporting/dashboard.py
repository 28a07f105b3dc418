"""The leaders' dashboard of a scope for a month: headline totals, the progress chart
(挂图作战), milestone alerts, the month-by-month trend, the ranking tables and who has reported.

Every figure a reader sees is already text here, formatted by the engine, so the page only lays
it out. The queries are set-based and their number does not depend on the number of units:
every published figure of the scope for the months up to this one comes in one query, the
targets in another, and the rest reads the programme's definition.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext, gettext_lazy

from anju.engine import (
    NA,
    Formula,
    IndicatorSpec,
    MilestoneSpec,
    MilestoneState,
    Observation,
    UnitValues,
    Value,
    dependency_order,
    evaluate_indicators,
    evaluate_milestone,
    format_value,
    next_milestone,
    sum_values,
)
from anju.programmes.models import Programme, Unit
from anju.reporting.models import Period, Report
from anju.reporting.selectors import (
    PUBLISHED,
    UnitProgress,
    milestone_specs,
    period_completeness,
    scope_monthly_sums,
    scope_target_sums,
    scope_units,
)
from anju.reporting.tables import TableSet, scope_tables

__all__ = [
    "Card",
    "ChartBar",
    "ChartLine",
    "Completeness",
    "Dashboard",
    "MilestoneAlerts",
    "ProgressChart",
    "StatusCount",
    "TrendPoint",
    "TrendSeries",
    "UnitAlert",
    "dashboard_data",
]

# Completeness counts read in the order a report moves through the month.
# Labels stay lazy: they are read in the language of the page that shows them.
STATUS_ORDER: tuple[tuple[str, Any], ...] = (
    ("missing", gettext_lazy("未填报")),
    *((status.value, status.label) for status in Report.Status),
)


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    """A headline figure: the scope's total, out of a total, and the rate of the two."""

    label: str
    value: str
    of: str  # empty when the card has no "of"
    rate: str  # empty when the card has no rate, or it cannot be computed
    rate_name: str  # the rate's indicator name, e.g. "开工率"


@dataclass(frozen=True)
class ChartBar:
    unit_code: str
    label: str
    value: Decimal  # as the engine rounded it
    number: str  # the figure as text, without a suffix: what the chart plots
    text: str  # the figure as printed, e.g. "62.05%"


@dataclass(frozen=True)
class ChartLine:
    milestone: str
    value: Decimal
    number: str
    label: str  # e.g. "6月30日 60%"


@dataclass(frozen=True)
class ProgressChart:
    indicator: str  # code
    title: str  # the indicator's name
    suffix: str  # "%" when the indicator is a percentage
    bars: tuple[ChartBar, ...]  # largest first
    lines: tuple[ChartLine, ...]  # by due date


@dataclass(frozen=True)
class TrendPoint:
    month: int
    value: Decimal | None  # None: no published figure for the month
    number: str
    text: str


@dataclass(frozen=True)
class TrendSeries:
    code: str
    name: str
    measure: str
    points: tuple[TrendPoint, ...]  # one per month, January to the dashboard's month


@dataclass(frozen=True)
class UnitAlert:
    """A unit behind a milestone, in the engine's figures."""

    unit_code: str
    unit_name: str
    state: MilestoneState
    gap_text: str  # e.g. "还需开工 575 套"
    pace_text: str  # whole units a month still needed; empty once the due month has come
    forecast_text: str  # the projection at the due month; empty once it has come


@dataclass(frozen=True)
class MilestoneAlerts:
    code: str
    label: str
    goal: str  # e.g. "10月31日开工率100%"
    due: datetime.date
    due_this_month: bool
    verb: str
    measure: str
    behind: tuple[UnitAlert, ...]  # furthest behind first
    met: tuple[str, ...]  # names of the units that have reached it
    unreported: tuple[str, ...]  # units with a target but no published figure this month


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class Completeness:
    units: tuple[UnitProgress, ...]
    counts: tuple[StatusCount, ...]  # statuses that occur, in workflow order
    published: int  # reports whose figures count in the totals
    late: int

    @property
    def partial(self) -> bool:
        """Some reporting unit's figures are not yet in the month's totals."""
        return self.published < len(self.units)


@dataclass(frozen=True)
class Dashboard:
    scope_code: str
    scope_name: str
    programme: str
    period: str  # YYYY-MM
    year: int
    month: int
    has_figures: bool  # published figures exist for the month
    published_months: tuple[int, ...]
    cards: tuple[Card, ...]
    chart: ProgressChart | None
    alerts: tuple[MilestoneAlerts, ...]
    trend: tuple[TrendSeries, ...]
    tables: TableSet | None
    completeness: Completeness

    @property
    def has_trend(self) -> bool:
        return len(self.published_months) > 1 and bool(self.trend)


# --- the programme's figures: names and display ---------------------------------------------


@dataclass(frozen=True)
class _Catalogue:
    """Names, measures and precision of the programme's data elements and indicators."""

    indicators: tuple[IndicatorSpec, ...]  # in dependency order
    elements: frozenset[str]
    names: Mapping[str, str]
    measures: Mapping[str, str]
    places: Mapping[str, int]

    def number(self, code: str, value: Value) -> str:
        # Reported figures read as counts (10135, not 10135.00); rates keep fixed places.
        return format_value(value, self.places.get(code), trim=code in self.elements)

    def suffix(self, code: str) -> str:
        return "%" if code not in self.elements and self.measures.get(code) == "%" else ""

    def text(self, code: str, value: Value) -> str:
        number = self.number(code, value)
        return number + self.suffix(code) if number else ""

    def scope(self, values: Mapping[str, Value]) -> dict[str, Value]:
        """Raw figures with every indicator computed from them, rounded at its places."""
        return {**values, **evaluate_indicators(self.indicators, values)}


def _catalogue(programme: Programme) -> _Catalogue:
    indicators = list(programme.indicators.all())
    elements = list(programme.data_elements.values_list("code", "name", "measure", "places"))
    names = {code: name for code, name, _, _ in elements}
    measures = {code: measure for code, _, measure, _ in elements}
    places = {code: digits for code, _, _, digits in elements}
    for indicator in indicators:
        names[indicator.code] = indicator.name
        measures[indicator.code] = indicator.measure
        places[indicator.code] = indicator.places
    specs = [IndicatorSpec(i.code, Formula.parse(i.formula), i.places) for i in indicators]
    return _Catalogue(
        indicators=tuple(dependency_order(specs)),
        elements=frozenset(code for code, _, _, _ in elements),
        names=names,
        measures=measures,
        places=places,
    )


# --- the scope's figures, month by month -----------------------------------------------------


@dataclass(frozen=True)
class _Figures:
    units: tuple[Unit, ...]  # the units the scope is split into, in display order
    months: Mapping[int, tuple[UnitValues, ...]]  # published months only, with targets

    def of(self, month: int) -> tuple[UnitValues, ...]:
        return self.months.get(month, ())


def _figures(*, scope: Unit, period: Period) -> _Figures:
    units = scope_units(scope)
    sums = scope_monthly_sums(scope=scope, units=units, period=period, through=True)
    goals = scope_target_sums(scope=scope, units=units, programme_id=period.programme_id)
    months = {
        month: tuple(
            UnitValues(unit.code, unit.name, {**goals[unit.code], **by_unit[unit.code]})
            for unit in units
        )
        for month, by_unit in sorted(sums.items())
    }
    return _Figures(units=tuple(units), months=months)


def _totals(units: Iterable[UnitValues], catalogue: _Catalogue) -> dict[str, Value]:
    units = list(units)
    codes = {code for unit in units for code in unit.values}
    sums = {code: sum_values(unit.values.get(code, NA) for unit in units) for code in codes}
    # Rates of a total come from the summed figures, never from averaging the units' rates.
    return catalogue.scope(sums)


# --- sections --------------------------------------------------------------------------------


def _cards(
    config: Sequence[Mapping[str, str]], totals: Mapping[str, Value], catalogue: _Catalogue
) -> tuple[Card, ...]:
    def shown(code: str | None) -> str:
        return catalogue.text(code, totals.get(code, NA)) if code else ""

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


def _chart(
    config: Mapping[str, Any],
    units: Sequence[UnitValues],
    specs: Sequence[MilestoneSpec],
    catalogue: _Catalogue,
) -> ProgressChart:
    code = config["indicator"]
    bars = []
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
    )


def _alert_specs(specs: Sequence[MilestoneSpec], period: Period) -> list[MilestoneSpec]:
    """The milestones due this month and the next one(s) not yet due."""
    end = period.end_date
    due_now = [s for s in specs if (s.due.year, s.due.month) == (end.year, end.month)]
    upcoming = next_milestone(specs, end + datetime.timedelta(days=1))
    # Milestones sharing the next due date are all next: none hides behind another.
    following = [s for s in specs if upcoming is not None and s.due == upcoming.due]
    return [*due_now, *following]


def _history(figures: _Figures, index: int, element: str) -> list[Observation]:
    """A unit's year-to-date figure month by month; every month lists the units in the same
    order, so the unit is found by its position rather than searched for."""
    history = []
    for month, units in figures.months.items():
        value = units[index].values.get(element, NA)
        if value is not NA:
            history.append(Observation(month, value))
    return history


def _gap_text(state: MilestoneState) -> str:
    message = state.gap_message()
    return gettext(message[0]) % message[1] if message else ""


def _unit_alert(unit: UnitValues, state: MilestoneState) -> UnitAlert:
    ahead = state.months_left > 0
    return UnitAlert(
        unit_code=unit.code,
        unit_name=unit.name,
        state=state,
        gap_text=_gap_text(state),
        pace_text=format_value(state.pace_needed, None, trim=True) if ahead else "",
        forecast_text=format_value(state.forecast, None, trim=True) if ahead else "",
    )


def _milestone_alerts(spec: MilestoneSpec, figures: _Figures, period: Period) -> MilestoneAlerts:
    behind: list[UnitAlert] = []
    met: list[str] = []
    unreported: list[str] = []
    for index, unit in enumerate(figures.of(period.month)):
        target = unit.values.get(spec.target, NA)
        if target is NA or target <= 0:
            continue  # no task handed down: the milestone does not concern the unit
        state = evaluate_milestone(
            spec,
            target=target,
            history=_history(figures, index, spec.actual),
            as_of_month=period.month,
        )
        if state.met is None:
            unreported.append(unit.name)
        elif state.met:
            met.append(unit.name)
        else:
            behind.append(_unit_alert(unit, state))
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


def _trend(
    codes: Sequence[str], figures: _Figures, period: Period, catalogue: _Catalogue
) -> tuple[TrendSeries, ...]:
    totals = {month: _totals(units, catalogue) for month, units in figures.months.items()}
    series = []
    for code in codes:
        points = []
        for month in range(1, period.month + 1):
            value = totals[month].get(code, NA) if month in totals else NA
            points.append(
                TrendPoint(
                    month=month,
                    value=None if value is NA else value,
                    number=catalogue.number(code, value),
                    text=catalogue.text(code, value),
                )
            )
        name = catalogue.names.get(code, code)
        series.append(TrendSeries(code, name, catalogue.measures.get(code, ""), tuple(points)))
    return tuple(series)


def _completeness(*, period: Period, scope: Unit, units: Sequence[Unit]) -> Completeness:
    order = {unit.path: index for index, unit in enumerate(units)}
    prefix = len(scope.path)

    def position(progress: UnitProgress) -> tuple[int, str]:
        # In the order the tables list the units, each one's subtree together; a leaf scope
        # is its own only unit.
        path = progress.unit.path
        owner = path[:prefix] + path[prefix:].split("/", 1)[0] + "/"
        return order.get(owner, order.get(path, len(order))), path

    progress = tuple(sorted(period_completeness(period=period, scope=scope), key=position))
    counts = tuple(
        StatusCount(status, label, count)
        for status, label in STATUS_ORDER
        if (count := sum(1 for p in progress if p.status == status))
    )
    return Completeness(
        units=progress,
        counts=counts,
        published=sum(1 for p in progress if p.status in PUBLISHED),
        late=sum(1 for p in progress if p.late),
    )


# --- the page's data -------------------------------------------------------------------------


def dashboard_data(*, scope: Unit, period: Period) -> Dashboard:
    """Everything the leaders' page shows for the scope and month, from published figures."""
    programme = period.programme
    config: Mapping[str, Any] = programme.dashboard or {}
    catalogue = _catalogue(programme)
    figures = _figures(scope=scope, period=period)
    current = figures.of(period.month)
    chart_config = config.get("chart")
    specs = milestone_specs(programme, chart_config["milestones"]) if chart_config else []
    cards: tuple[Card, ...] = ()
    chart: ProgressChart | None = None
    alerts: tuple[MilestoneAlerts, ...] = ()
    tables: TableSet | None = None
    # A month nobody's figures have been approved for has no totals, ranks or alerts yet;
    # its trend and who has reported still say where things stand.
    if current:
        cards = _cards(config.get("cards", []), _totals(current, catalogue), catalogue)
        if chart_config:
            chart = _chart(chart_config, current, specs, catalogue)
        alerts = tuple(_milestone_alerts(s, figures, period) for s in _alert_specs(specs, period))
        tables = scope_tables(scope=scope, period=period, units=list(current))
    return Dashboard(
        scope_code=scope.code,
        scope_name=scope.name,
        programme=programme.name,
        period=period.key,
        year=programme.year,
        month=period.month,
        has_figures=bool(current),
        published_months=tuple(figures.months),
        cards=cards,
        chart=chart,
        alerts=alerts,
        trend=_trend(config.get("trend", []), figures, period, catalogue),
        tables=tables,
        completeness=_completeness(period=period, scope=scope, units=figures.units),
    )
