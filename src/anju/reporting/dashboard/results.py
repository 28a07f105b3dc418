"""What the leaders' dashboard shows, as plain records: every figure already text, formatted
by the engine, so that the page only lays it out."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from anju.engine import MilestoneState
from anju.plans.dashboard import PlanPanel
from anju.reporting.months import ChildProgress
from anju.reporting.selectors import UnitProgress
from anju.reporting.tables import ScopeMonth, TableSet


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
    unpublished: tuple[str, ...] = ()  # the units whose figure is not published (暂未公布)


@dataclass(frozen=True)
class TrendPoint:
    month: int
    value: Decimal | None  # None: no published figure for the month
    number: str
    text: str
    reported: int = 0  # reporting units whose figures for the month are reviewed
    units: int = 0  # reporting units in the scope

    @property
    def partial(self) -> bool:
        """Only some units' figures are in: a lower total is not a fall."""
        return self.value is not None and self.reported < self.units


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
    # Each reporting unit, listed when no child has several below it; otherwise empty and
    # the month is told by child (a national page counts 2,844 counties, it lists none).
    units: tuple[UnitProgress, ...]
    counts: tuple[StatusCount, ...]  # statuses that occur, in workflow order
    published: int  # reports whose figures count in the totals
    late: int
    total: int  # the scope's reporting units
    # Summed per child of the scope, when a child has several reporting units below it:
    # a national page lists 31 provinces, not 2,844 counties.
    by_child: tuple[ChildProgress, ...] = ()

    @property
    def partial(self) -> bool:
        """Some reporting unit's figures are not yet in the month's totals."""
        return self.published < self.total


@dataclass(frozen=True)
class Dashboard(ScopeMonth):
    has_figures: bool  # published figures exist for the month
    published_months: tuple[int, ...]
    cards: tuple[Card, ...]
    chart: ProgressChart | None
    alerts: tuple[MilestoneAlerts, ...]
    trend: tuple[TrendSeries, ...]
    tables: TableSet | None
    completeness: Completeness
    plans: tuple[PlanPanel, ...] = ()  # 月工作目标: each planned figure against its goals

    @property
    def has_trend(self) -> bool:
        return len(self.published_months) > 1 and bool(self.trend)

    @property
    def has_partial_trend(self) -> bool:
        return any(point.partial for series in self.trend for point in series.points)
