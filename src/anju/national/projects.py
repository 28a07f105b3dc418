"""The synthetic projects of one county (项目库): about ten, each with a year of months.

For most counties with a shantytown task the 棚改 projects are where the county's 新开工
(``pg_started``) and 基本建成 (``jb_done``) come from: each month's flow of the county's
year-to-date figure is split among its projects, so the projects add up to the county's
figures exactly (those figures are then summed from the projects, see ``derived``). For a few
of them one project's month stays short of the county's report by a few flats from some month
on: the county reports the figure itself, and the gap shows. The other counties' projects
(公租房 estates, 老旧小区, 农村危房) count toward no figure. The county's investment is split
among its projects under construction in the same way.

Drawn from a random generator of their own, so the counties' figures are the same with or
without projects.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from anju.national.figures import CountyFigures
from anju.national.tree import apportion

# Share of counties with a shantytown task whose starts and completions come from projects.
FROM_PROJECTS_SHARE = 0.8
# Share of those whose report differs from their projects from some month on.
GAP_SHARE = 0.04
# The figures summed from 棚改 projects, with the monthly flow each is summed from.
FROM_PROJECTS = {"pg_started": "started", "jb_done": "basic"}
PLACES = ("城北", "城南", "城东", "城西", "河滨", "老城", "站前", "工业园", "新区", "东关", "西关")
NODES = ("基础施工", "主体施工", "主体封顶", "装饰装修", "配套建设")
ZERO = Decimal(0)


@dataclass
class ProjectPlan:
    """A project as stored, with its months' flows: ``months[i]`` is month i + 1's."""

    number: int
    kind: str
    method: str
    name: str
    task_year: int
    status: str
    started_on: datetime.date | None = None
    completion_year: int | None = None
    flats: int | None = None
    allocated: int | None = None
    occupied: int | None = None
    months: list[dict[str, Decimal]] = field(default_factory=list)
    nodes: list[str] = field(default_factory=list)

    def total(self, flow: str) -> Decimal:
        return sum((month[flow] for month in self.months), ZERO)


@dataclass(frozen=True)
class CountyProjects:
    projects: list[ProjectPlan]
    derived: frozenset[str]  # the county's figures summed from its projects
    gap_month: int | None  # from this month on its reported 新开工 differs from its projects


def _flows(cumulative: list[Decimal]) -> list[int]:
    """Each month's flow of a year-to-date figure (whole flats)."""
    before = ZERO
    flows = []
    for value in cumulative:
        flows.append(int(value - before))
        before = value
    return flows


def _split(total: int, weights: list[float]) -> list[int]:
    """``total`` split by weight into non-negative whole parts that sum to it exactly."""
    if not weights:
        return []
    return apportion(total, weights, [0] * len(weights))


def _pg_projects(rng: random.Random, county: CountyFigures, year: int) -> list[ProjectPlan]:
    """棚改 projects: this year's starts split among the year's projects (each from its
    starting month on), completions among last year's."""
    months = len(county.months)
    count = rng.randint(3, 5)
    starters = (count + 1) // 2
    plans = []
    for number in range(count):
        starting = number < starters
        first = 1 if number == 0 or not starting else rng.randint(1, months)
        plan = ProjectPlan(
            number=number,
            kind="pg",
            method="new",
            name=f"{PLACES[number % len(PLACES)]}片区棚户区改造项目（{number + 1}期）",
            task_year=year if starting else year - 1,
            status="building" if starting else "basic",
            started_on=datetime.date(year if starting else year - 1, first, rng.randint(1, 28)),
        )
        plan.months = [
            dict.fromkeys(("started", "basic", "completed"), ZERO) for _ in range(months)
        ]
        plan.nodes = [
            NODES[min(len(NODES) - 1, (month - first) // 3)] if month >= first else "未开工"
            for month in range(1, months + 1)
        ]
        plans.append(plan)
    for flow, code, chosen in (
        ("started", "pg_started", plans[:starters]),
        ("basic", "jb_done", plans[starters:]),
    ):
        weights = [rng.uniform(0.5, 1.5) for _ in chosen]
        series = [month.get(code, ZERO) for month in county.months]
        for index, amount in enumerate(_flows(series)):
            live = [
                i
                for i, plan in enumerate(chosen)
                if plan.task_year < year or _month(plan) <= index + 1
            ]
            for i, part in zip(live, _split(amount, [weights[i] for i in live]), strict=True):
                chosen[i].months[index][flow] = Decimal(part)
    return plans


def _month(plan: ProjectPlan) -> int:
    assert plan.started_on is not None
    return plan.started_on.month


def _gzf_estates(rng: random.Random, county: CountyFigures, first: int) -> list[ProjectPlan]:
    """公租房 estates built before this year: the county's flats, allocated and occupied of
    its last month, split among them by completion year."""
    last = county.months[-1]
    cohorts: tuple[tuple[tuple[int, ...], str, str], ...] = (
        ((2012, 2013), "gzf_built_to2013", "gzf_occupied_to2013"),
        ((2014,), "gzf_built_2014", "gzf_occupied_2014"),
    )
    plans: list[ProjectPlan] = []
    for years, built, occupied in cohorts:
        count = rng.randint(1, 2)
        flats = _split(int(last[built]), [rng.uniform(0.5, 1.5) for _ in range(count)])
        used = _split(int(last[occupied]), [float(f) or 1e-9 for f in flats])
        for index, (number, used_flats) in enumerate(zip(flats, used, strict=True)):
            at = first + len(plans)
            year = years[index % len(years)]
            plans.append(
                ProjectPlan(
                    number=at,
                    kind="gzf",
                    method="new",
                    name=f"{PLACES[at % len(PLACES)]}公租房小区（{year}年建成）",
                    task_year=year - 2,
                    status="done",
                    completion_year=year,
                    flats=number,
                    allocated=min(number, used_flats + rng.randint(0, 5)),
                    occupied=min(number, used_flats),
                )
            )
    return plans


def _others(rng: random.Random, count: int, first: int, year: int) -> list[ProjectPlan]:
    """老旧小区改造 and 农村危房改造 projects of the year."""
    plans = []
    for number in range(first, first + count):
        old = number % 2 == 0
        plans.append(
            ProjectPlan(
                number=number,
                kind="old" if old else "wfg",
                method="rebuild",
                name=f"{PLACES[number % len(PLACES)]}"
                + ("老旧小区改造项目" if old else "片区农村危房改造项目"),
                task_year=year,
                status="building",
                started_on=datetime.date(year, 1, rng.randint(1, 28)),
            )
        )
    return plans


def _investment(rng: random.Random, county: CountyFigures, plans: list[ProjectPlan]) -> None:
    """Each month's investment of the county split to the fen among its projects under
    construction (公租房 estates built in earlier years take none)."""
    building = [plan for plan in plans if plan.kind != "gzf"]
    weights = [rng.uniform(0.5, 1.5) for _ in building]
    fen = [month["invest"].scaleb(2) for month in county.months]
    for index, amount in enumerate(_flows(fen)):
        for plan, part in zip(building, _split(amount, weights), strict=True):
            plan.months[index]["invested"] = Decimal(part).scaleb(-2)


def _fill(plans: list[ProjectPlan], months: int) -> None:
    for plan in plans:
        if not plan.months:
            plan.months = [
                dict.fromkeys(("started", "basic", "completed"), ZERO) for _ in range(months)
            ]
            node = "已竣工" if plan.kind == "gzf" else NODES[0]
            plan.nodes = [node] * months
        for month in plan.months:
            month.setdefault("invested", ZERO)


def _gap(rng: random.Random, plans: list[ProjectPlan]) -> int | None:
    """One project's 本期开工 short by a few flats in some month: the first month from a random
    one on with starts; None when no month from there has any."""
    months = len(plans[0].months)
    for month in range(rng.randint(1, months), months + 1):
        plan = max(plans, key=lambda p: (p.months[month - 1]["started"], -p.number))
        started = plan.months[month - 1]["started"]
        if started > 0:
            # a few flats short: 2–8 % of the month's starts, at least one, at most all
            share = Decimal(rng.uniform(0.02, 0.08))
            short = min(
                started, max(Decimal(1), (started * share).to_integral_value(ROUND_HALF_UP))
            )
            plan.months[month - 1]["started"] = started - short
            return month
    return None


def county_projects(rng: random.Random, county: CountyFigures, year: int) -> CountyProjects:
    """About ten projects of one county with ``len(county.months)`` months each."""
    months = len(county.months)
    from_projects = "pg_task" in county.targets and rng.random() < FROM_PROJECTS_SHARE
    plans = _pg_projects(rng, county, year) if from_projects else []
    plans += _gzf_estates(rng, county, len(plans))
    plans += _others(rng, max(1, rng.randint(8, 12) - len(plans)), len(plans), year)
    _fill(plans, months)
    _investment(rng, county, plans)
    gap_month = None
    if from_projects and rng.random() < GAP_SHARE:
        gap_month = _gap(rng, [plan for plan in plans if plan.kind == "pg"])
    derived = set(FROM_PROJECTS) if from_projects else set()
    if gap_month is not None:
        derived.discard("pg_started")
    return CountyProjects(plans, frozenset(derived), gap_month)
