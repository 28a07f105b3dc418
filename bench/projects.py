"""B7: figures from projects at national size, against DuckDB.

Generates the national set with its projects (2,844 counties, about ten projects each, 12
months: some 28,700 projects and 345,000 project months; 新开工 and 基本建成 summed from the 棚改
projects of most counties) into a throw-away SQLite and a throw-away PostgreSQL database, and
times, as the median of several interleaved runs after a warm-up, for June 2017:

- (a) a county's month summed from its projects, the way its report and projects page show
  it (``report_reconciliation``: each figure summed from projects, reported beside Σ projects),
  for a county whose figures come from its projects and for one reporting 新开工 apart from
  them; against DuckDB computing the same rows from the same stored values (project months,
  the county's figures and which of them were summed), loaded beforehand;
- (b) the nation's table set with the projects behind it (``scope_tables``), against DuckDB
  summing the same figures (B1's query);
- informational: the national list of gaps (``scope_gaps``, the inspectors' page).

Goal (issue 15.7, the budget of issue 14's B1): each within 1.5× of DuckDB.

    python -m bench.projects [--runs N] [--backend sqlite|postgres] [--json]

``run()`` runs both databases, each in its own process, and returns the figures with the
worse of the two as ``B7_county_from_projects_ratio`` and ``B7_nation_with_projects_ratio``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import tempfile
import time
from decimal import Decimal
from functools import partial
from typing import Any

from bench.rollup import (
    MONTH,
    Timing,
    backend_figures,
    duck_load,
    interleaved_medians,
    measure_scope,
    on_national_set,
    report,
    worst,
)

JSON_MARK = "B7-JSON: "
# A county's figures summed from its projects, reported beside Σ projects, in DuckDB: the
# reported figure (none where it was summed), Σ of the chosen projects' flow to the month.
DUCK_COUNTY_SQL = """
WITH flows AS (
    SELECT kind, SUM(started) AS started, SUM(basic) AS basic, SUM(completed) AS completed,
        SUM(invested) AS invested
    FROM project_months WHERE unit = $unit AND month <= $month
    GROUP BY kind
),
own AS (
    SELECT r.element, r.value FROM reported r
    WHERE r.unit = $unit
      AND NOT EXISTS (SELECT 1 FROM summed s WHERE s.unit = r.unit AND s.element = r.element)
)
SELECT e.code, own.value AS reported,
    CASE e.flow WHEN 'started' THEN f.started WHEN 'basic' THEN f.basic
        WHEN 'completed' THEN f.completed ELSE f.invested END AS summed
FROM elements e
LEFT JOIN flows f ON f.kind = e.kind
LEFT JOIN own ON own.element = e.code
ORDER BY e.position
"""


def duck_csv(db: Any, table: str, columns: dict[str, str], rows: Any) -> None:
    """Load ``rows`` into a new DuckDB table through a CSV file (untimed)."""
    text = io.StringIO()
    writer = csv.writer(text)
    for row in rows:
        writer.writerow([format(v, "f") if isinstance(v, Decimal) else v for v in row])
    with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8") as file:
        file.write(text.getvalue())
        file.flush()
        db.execute(
            f"CREATE TABLE {table} AS SELECT * FROM read_csv(?, header = false, columns = "
            f"{columns!r})",
            [file.name],
        )


def duck_projects(db: Any, period: Any) -> None:
    """The programme's project months with their unit and kind, the month's reported figures
    and which of them anju summed from projects, and the elements summed from projects."""
    from anju.projects.models import ProjectMonth
    from anju.projects.reconcile import project_elements
    from anju.reporting.models import ReportValue, ValueChange

    # in the order of the units' codes, so that DuckDB's zone maps skip the other counties
    months = ProjectMonth.objects.filter(project__programme_id=period.programme_id).order_by(
        "project__unit__code", "period__month"
    )
    decimal = "DECIMAL(20, 4)"
    duck_csv(
        db,
        "project_months",
        {"unit": "VARCHAR", "kind": "VARCHAR", "month": "INTEGER", "started": decimal,
         "basic": decimal, "completed": decimal, "invested": decimal},
        months.values_list(
            "project__unit__code", "project__kind", "period__month",
            "started", "basic", "completed", "invested",
        ),
    )  # fmt: skip
    values = ReportValue.objects.filter(report__period=period).order_by("report__unit__code")
    duck_csv(
        db,
        "reported",
        {"unit": "VARCHAR", "element": "VARCHAR", "value": decimal},
        values.values_list("report__unit__code", "element__code", "value"),
    )
    summed = (
        ValueChange.objects.filter(report__period=period, channel=ValueChange.Channel.PROJECTS)
        .order_by("report__unit__code")
        .values_list("report__unit__code", "element__code")
    )
    duck_csv(db, "summed", {"unit": "VARCHAR", "element": "VARCHAR"}, summed)
    elements = [
        (e.code, e.projects["flow"], e.projects.get("kind", ""), position)
        for position, e in enumerate(project_elements(period.programme_id))
    ]
    columns = {"code": "VARCHAR", "flow": "VARCHAR", "kind": "VARCHAR", "position": "INTEGER"}
    duck_csv(db, "elements", columns, elements)


def duck_county(db: Any, unit: str, month: int) -> list[tuple[Any, ...]]:
    return list(db.execute(DUCK_COUNTY_SQL, {"unit": unit, "month": month}).fetchall())


def anju_county(unit: Any, period: Any) -> list[tuple[Any, ...]]:
    from anju.projects.selectors import report_reconciliation

    rows = report_reconciliation(unit=unit, period=period)
    return [(row.element.code, row.reported, row.summed) for row in rows]


def counties(period: Any) -> tuple[Any, Any]:
    """A county whose 新开工 is summed from its projects (the one with the most projects), and
    one whose report differs from its projects."""
    from django.db.models import Count

    from anju.programmes.models import Unit
    from anju.reporting.models import ValueChange

    summed = ValueChange.objects.filter(
        report__period=period, channel="projects", element__code="pg_started"
    ).values("report__unit_id")
    with_projects = Unit.objects.filter(kind="county", projects__kind="pg").annotate(
        project_count=Count("projects", distinct=True)
    )
    derived = with_projects.filter(pk__in=summed).order_by("-project_count", "path").first()
    apart = with_projects.exclude(pk__in=summed).order_by("-project_count", "path")
    for county in apart:
        rows = anju_county(county, period)
        if any(r[1] is not None and r[2] is not None and r[1] != r[2] for r in rows):
            return derived, county
    raise AssertionError("the national set has no county reporting apart from its projects")


def measure(backend: str, runs: int) -> dict[str, float]:
    from anju.national import NATION_CODE
    from anju.programmes.models import Unit
    from anju.projects.selectors import scope_gaps
    from anju.reporting.selectors import period_find

    nation = Unit.objects.get(code=NATION_CODE)
    period = period_find(unit=nation, key=f"2017-{MONTH:02d}")
    db = duck_load(period)  # untimed
    duck_projects(db, period)
    derived, apart = counties(period)
    timings = []
    for label, county in (("summed from its projects", derived), ("reported apart", apart)):
        ours = partial(anju_county, county, period)
        theirs = partial(duck_county, db, county.code, MONTH)
        assert ours() == theirs(), (county.code, ours(), theirs())
        anju_seconds, duck_seconds = interleaved_medians([ours, theirs], runs)
        timings.append(Timing(f"county {county.code}, {label}", anju_seconds, duck_seconds))
    kept, _ = measure_scope("nation", nation, period, db, runs)
    timings.append(Timing("nation's table set, projects behind it", kept.anju, kept.duck))
    start = time.perf_counter()
    gaps = scope_gaps(scope=nation, period=period)
    gaps_seconds = time.perf_counter() - start
    report(backend, timings, runs, "B7")
    print(f"    national list of gaps: {len(gaps)} gaps in {gaps_seconds * 1000:.0f} ms (once)")
    county = max(timings[:2], key=lambda t: t.ratio)
    return {
        f"B7_county_from_projects_ms_{backend}": round(timings[0].anju * 1000, 2),
        f"B7_county_reported_apart_ms_{backend}": round(timings[1].anju * 1000, 2),
        f"B7_county_duckdb_ms_{backend}": round(timings[0].duck * 1000, 2),
        f"B7_county_from_projects_ratio_{backend}": round(county.ratio, 2),
        f"B7_nation_with_projects_ms_{backend}": round(kept.anju * 1000, 1),
        f"B7_nation_with_projects_ratio_{backend}": round(kept.ratio, 2),
        f"B7_nation_gaps_ms_{backend}": round(gaps_seconds * 1000, 1),
    }


def run(runs: int = 15) -> dict[str, float]:
    """Both databases, each in its own process; the worse of the two unsuffixed."""
    figures = backend_figures("bench.projects", JSON_MARK, runs)
    worst(
        figures,
        (
            "B7_county_from_projects_ratio",
            "B7_county_from_projects_ms",
            "B7_nation_with_projects_ratio",
            "B7_nation_with_projects_ms",
        ),
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--backend", choices=("sqlite", "postgres"))
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()
    if args.backend:
        figures = on_national_set(args.backend, partial(measure, args.backend, args.runs))
        if args.json:
            print(JSON_MARK + json.dumps(figures))
        return
    print(json.dumps(run(args.runs), indent=2))


if __name__ == "__main__":
    main()
