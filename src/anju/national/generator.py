"""A deterministic national data set: 全国 → 31 provinces → prefectures → counties, a year of
approved monthly reports for every county, loaded in bulk.

The same seed always gives the same figures. By subject: the unit tree (``tree``), a
county's figures (``figures``), the programme (``programme``), storing (``store``) over the
bulk loader (``bulk``); this module puts them together in one transaction.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from anju.national.bulk import bulk_analyze, bulk_load
from anju.national.figures import county_figures
from anju.national.programme import PROGRAMME_CODE, national_definition
from anju.national.projects import county_projects
from anju.national.projectstore import derived_changes, projects_create
from anju.national.store import (
    codes_check,
    periods_create,
    programme_remove,
    reports_create,
    target_rows,
    units_save,
    value_rows,
)
from anju.national.tree import unit_tree
from anju.programmes.models import Target, Unit
from anju.programmes.services import programme_import
from anju.projects.models import Project, ProjectMonth
from anju.reporting.models import Report, ReportValue, SubtreeSum, ValueChange
from anju.reporting.rollup import subtree_sums_rebuild

Progress = Callable[[str], None]


@dataclass(frozen=True)
class NationalSummary:
    programme: str
    seed: int
    provinces: int
    prefectures: int
    counties: int
    months: int
    units: int
    reports: int
    values: int
    targets: int
    projects: int
    project_months: int
    seconds: float
    # County codes: those whose 新开工 and 基本建成 have 棚改 projects behind them, and among
    # them those whose reported 新开工 differs from their projects (unexplained).
    with_projects: frozenset[str] = frozenset()
    gaps: frozenset[str] = frozenset()

    def line(self) -> str:
        return (
            f"全国数据已生成（种子 {self.seed}）：单位 {self.units} 个"
            f"（{self.provinces} 省、{self.prefectures} 州市、{self.counties} 县），"
            f"{self.months} 个月，月报 {self.reports} 份，数值 {self.values} 个，"
            f"任务 {self.targets} 个，项目 {self.projects} 个"
            f"（项目月进度 {self.project_months} 条），"
            f"用时 {self.seconds:.1f} 秒"
        )


def _check_sizes(provinces: int, prefectures: int, counties: int, months: int) -> None:
    if not 1 <= provinces <= 31:
        raise ValueError("provinces must be between 1 and 31")
    if not provinces <= prefectures <= counties:
        raise ValueError("need provinces ≤ prefectures ≤ counties")
    if not 1 <= months <= 12:
        raise ValueError("months must be between 1 and 12")


def generate_national(
    *,
    seed: int = 2017,
    provinces: int = 31,
    prefectures: int = 333,
    counties: int = 2844,
    months: int = 12,
    progress: Progress | None = None,
) -> NationalSummary:
    """Replace the national programme, its units' tree and all its data with a fresh set.

    All or nothing: the whole replacement is one transaction.
    """
    _check_sizes(provinces, prefectures, counties, months)
    say = progress or (lambda _: None)
    started = time.perf_counter()
    with transaction.atomic():
        say("删除旧的全国数据…")
        programme_remove()
        plans = unit_tree(provinces=provinces, prefectures=prefectures, counties=counties)
        say(f"建立单位：全国、{provinces} 个省、{prefectures} 个州市、{counties} 个县…")
        ids = units_save(plans)
        say(f"导入计划 {PROGRAMME_CODE}…")
        programme = programme_import(definition=national_definition())
        county_ids = [ids[plan.code] for plan in plans if plan.depth == 3]
        say(f"生成 {len(county_ids)} 个县 {months} 个月的填报数据（种子 {seed}）…")
        rng = random.Random(seed)
        figures = [county_figures(rng, months) for _ in county_ids]
        # Projects draw from a generator of their own: the figures stay those of the seed.
        project_rng = random.Random(f"projects-{seed}")
        projects = [county_projects(project_rng, county, programme.year) for county in figures]
        say("写入任务数和月报…")
        elements = dict(programme.data_elements.values_list("code", "pk"))
        codes_check(figures, elements)
        targets = bulk_load(
            Target, {}, ("unit", "element", "value"), target_rows(county_ids, figures, elements)
        )
        periods = periods_create(programme, months)
        report_ids = reports_create(periods, county_ids)
        say("写入填报数值…")
        values = bulk_load(
            ReportValue,
            {},
            ("report", "element", "value"),
            value_rows(report_ids, figures, elements),
        )
        say("写入项目和项目月进度…")
        codes = [plan.code for plan in plans if plan.depth == 3]
        project_count, month_count = projects_create(
            programme, list(zip(county_ids, codes, strict=True)), projects, periods
        )
        derived_changes(report_ids, figures, projects, elements)
        bulk_analyze(Unit, Target, Report, ReportValue, ValueChange, Project, ProjectMonth)
        say("汇总各级合计…")
        for period in periods:
            subtree_sums_rebuild(period=period)
        bulk_analyze(SubtreeSum)
    return NationalSummary(
        programme=PROGRAMME_CODE,
        seed=seed,
        provinces=provinces,
        prefectures=prefectures,
        counties=counties,
        months=months,
        units=len(plans),
        reports=len(county_ids) * months,
        values=values,
        targets=targets,
        projects=project_count,
        project_months=month_count,
        seconds=time.perf_counter() - started,
        with_projects=frozenset(c for c, p in zip(codes, projects, strict=True) if p.derived),
        gaps=frozenset(c for c, p in zip(codes, projects, strict=True) if p.gap_month is not None),
    )
