"""The national set's projects: about ten per county with a month each, adding up to the
counties' 新开工 and 基本建成 wherever those are summed from them, a few gaps where they are
not, and the counties' figures the same as without projects."""

from __future__ import annotations

import random
from collections import Counter
from decimal import Decimal

import pytest
from django.db.models import Sum

from anju.national import PROGRAMME_CODE, NationalSummary, generate_national
from anju.national.figures import county_figures
from anju.national.projects import FROM_PROJECTS, county_projects
from anju.programmes.models import DataElement, Unit
from anju.projects.models import Project, ProjectMonth
from anju.projects.reconcile import derived_codes, report_gaps
from anju.projects.selectors import scope_gaps
from anju.reporting.models import Period, Report, ReportValue

SEED = 2017
# A year of months on a small slice: enough counties for a few gaps to show.
YEAR = {"provinces": 3, "prefectures": 7, "counties": 40, "months": 12}


def test_the_national_programme_sums_starts_and_completions_from_pg_projects(
    national: NationalSummary, db: None
) -> None:
    declared = DataElement.objects.filter(programme__code=PROGRAMME_CODE).exclude(projects={})
    assert {e.code: e.projects for e in declared} == {
        "pg_started": {"flow": "started", "kind": "pg"},
        "jb_done": {"flow": "basic", "kind": "pg"},
    }


def test_every_county_has_about_ten_projects_each_with_every_month(
    national: NationalSummary, db: None
) -> None:
    projects = Project.objects.filter(programme__code=PROGRAMME_CODE)
    per_county = Counter(projects.values_list("unit__code", flat=True))
    counties = Unit.objects.filter(path__startswith="100000/", kind="county")
    assert set(per_county) == set(counties.values_list("code", flat=True))
    assert all(8 <= n <= 12 for n in per_county.values()), per_county
    assert national.projects == projects.count()
    months = ProjectMonth.objects.filter(project__programme__code=PROGRAMME_CODE)
    assert national.project_months == months.count() == projects.count() * national.months
    assert {kind for (kind,) in projects.values_list("kind")} >= {"pg", "gzf"}


def test_projects_add_up_to_the_figures_summed_from_them(db: None) -> None:
    """Each county's figures marked as summed from its projects equal Σ projects in every
    month; a figure the county reports itself either equals them or is one of the month's
    gaps, which the scope's list (the inspectors' page) and each report show alike."""
    generate_national(seed=SEED, **YEAR)
    gaps: set[tuple[str, int]] = set()
    derived_counties = set()
    nation = Unit.objects.get(code="100000")
    for period in Period.objects.filter(programme__code=PROGRAMME_CODE):
        listed = {
            (g.report.unit.code, g.gap.element.code)
            for g in scope_gaps(scope=nation, period=period)
        }
        reports = Report.objects.filter(period=period, unit__projects__kind="pg").distinct()
        one_by_one: set[tuple[str, str]] = set()
        for report in reports.select_related("unit", "period"):
            sums = ProjectMonth.objects.filter(
                project__unit=report.unit, project__kind="pg", period__month__lte=period.month
            ).aggregate(**{code: Sum(flow) for code, flow in FROM_PROJECTS.items()})
            values = dict(report.values.values_list("element__code", "value"))
            derived = derived_codes(report)
            for code in FROM_PROJECTS:
                if code in derived:
                    derived_counties.add(report.unit.code)
                    assert sums[code] == values[code], (report, code)
                elif sums[code] != values[code]:
                    assert (report.unit.code, code) in listed
                    gaps.add((report.unit.code, period.month))
            one_by_one |= {(report.unit.code, g.element.code) for g in report_gaps(report)}
        # the scope's list, summed set-wise, is the reports' gaps taken one by one
        assert listed == one_by_one
    assert gaps, "a few counties report 新开工 apart from their projects"
    assert len(derived_counties) > len({county for county, _ in gaps})
    # a gap, once open, stays until the year's end: the project month stays short
    for county, month in gaps:
        assert all((county, later) in gaps for later in range(month, YEAR["months"] + 1))


def test_the_counties_figures_are_the_same_as_without_projects(
    national: NationalSummary, db: None
) -> None:
    rng = random.Random(SEED)
    counties = Unit.objects.filter(path__startswith="100000/", kind="county").order_by("path")
    expected = {}
    for county in counties:
        figures = county_figures(rng, national.months)
        for month, values in enumerate(figures.months, start=1):
            for code, value in values.items():
                expected[(county.code, month, code)] = value
    stored = ReportValue.objects.filter(report__period__programme__code=PROGRAMME_CODE)
    rows = stored.values_list(
        "report__unit__code", "report__period__month", "element__code", "value"
    )
    assert {(u, m, c): v for u, m, c, v in rows} == expected


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_countys_projects_split_its_flows_exactly(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(50):
        county = county_figures(rng, 12)
        plans = county_projects(rng, county, 2017)
        pg = [p for p in plans.projects if p.kind == "pg"]
        for index, month in enumerate(county.months):
            for code, flow in FROM_PROJECTS.items():
                summed = sum((m[flow] for p in pg for m in p.months[: index + 1]), Decimal(0))
                if code in plans.derived:
                    assert summed == month[code]
                elif pg:
                    assert summed <= month[code]
            invested = sum(
                (m["invested"] for p in plans.projects for m in p.months[: index + 1]), Decimal(0)
            )
            assert invested == month["invest"]
            assert all(flow >= 0 for p in plans.projects for flow in p.months[index].values())
        assert bool(pg) == bool(plans.derived)
