"""B1: the multi-level roll-up at national size, against DuckDB.

Generates the full national set (全国, 31 provinces, 333 prefectures, 2,844 counties, 12
months) into a throw-away SQLite database and a throw-away PostgreSQL database (created, then
dropped), and times, as the median of several runs after a warm-up:

- one province's table set for one month (its prefectures ranked): ``scope_tables``;
- the nation's table set (31 provinces ranked);
- DuckDB computing the same rows (every figure summed per child, the rates, the ranks and the
  total) from the same stored values, in process. The values are loaded first, untimed; only
  the aggregation query is timed.

``scope_tables`` reads the sums kept by subtree (``SubtreeSum``: a row per child and figure);
the way before them, the database summing every stored figure of the scope grouped by the
child's code cut out of each unit's path (``grouped_children_values``), is timed beside it.

Prints each figure, the ratio anju/DuckDB and whether the goal (within 1.5× of DuckDB) holds;
where it does not, a profile of the nation's table set shows where the time goes.

    python -m bench.rollup [--runs N] [--backend sqlite|postgres] [--profile] [--json]
    python -m bench.rollup --growth [--backend …]   # B1 and the national dashboard at 1/4,
                                                    # 1/2 and the whole national set

``run()`` runs both databases and returns the figures (``B1_nation_ratio`` and
``B1_province_ratio``: the worse of SQLite and PostgreSQL) for the results collector.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

GOAL_RATIO = 1.5
PROVINCE = "510000"  # 四川省: the most prefectures and counties
MONTH = 6
DEFAULT_PG_SERVER = "postgres://postgres@127.0.0.1:5432/anju"

# The demo programme's figures, indicators and tables, as DuckDB SQL. A rate is computed
# exactly: the quotient in integers to ten places, then ROUND on the DECIMAL (half away from
# zero, which is half-up here); DuckDB would otherwise divide DECIMALs in DOUBLE.
ELEMENTS = [
    "pg_task",
    "pg_started",
    "jb_task",
    "jb_done",
    "invest",
    "hbh_households",
    "hbh_area",
    "gzf_target",
    "gzf_built",
    "gzf_new",
    "gzf_exit",
    "gzf_occupied",
    "gzf_built_to2013",
    "gzf_occupied_to2013",
    "gzf_built_2014",
    "gzf_occupied_2014",
]
RATE_MACRO = """
CREATE MACRO rate(num, den, places) AS CASE WHEN den <> 0 THEN ROUND(
    CAST(CAST(num * 10000 AS HUGEINT) * 1000000000000 // CAST(den * 10000 AS HUGEINT)
         AS DECIMAL(27, 0)) * 0.0000000001,
    places) END
"""
DUCK_TABLES_SQL = """
WITH sums AS (
    SELECT split_part(substr(path, $prefix), '/', 1) AS child, element, SUM(value) AS value
    FROM facts WHERE starts_with(path, $path)
    GROUP BY child, element
),
pivoted AS (
    SELECT child, {pivot} FROM sums GROUP BY GROUPING SETS ((child), ())
),
rated AS (
    SELECT *,
        rate(pg_started, pg_task, 2) AS pg_rate,
        rate(jb_done, jb_task, 1) AS jb_rate,
        rate(hbh_households, pg_task, 2) AS hbh_share,
        ROUND(gzf_new - gzf_exit, 0) AS gzf_net,
        rate(gzf_occupied, gzf_built, 2) AS gzf_rate,
        child IS NOT NULL AND pg_task > 0 AND pg_rate IS NOT NULL AS ranked1,
        child IS NOT NULL AND jb_task > 0 AND jb_rate IS NOT NULL AS ranked2,
        child IS NOT NULL AND gzf_net IS NOT NULL AND gzf_rate IS NOT NULL AS ranked3
    FROM pivoted
)
SELECT child, pg_rate, jb_rate, hbh_share, gzf_net, gzf_rate,
    CASE WHEN ranked1 THEN RANK() OVER (PARTITION BY ranked1 ORDER BY pg_rate DESC) END AS rank1,
    CASE WHEN ranked2 THEN RANK() OVER (PARTITION BY ranked2 ORDER BY jb_rate DESC) END AS rank2,
    CASE WHEN ranked3 THEN RANK() OVER (
        PARTITION BY ranked3 ORDER BY gzf_net DESC, gzf_rate DESC) END AS rank3,
    {elements}
FROM rated
ORDER BY child NULLS LAST
""".format(
    pivot=", ".join(f"SUM(value) FILTER (WHERE element = '{e}') AS {e}" for e in ELEMENTS),
    elements=", ".join(ELEMENTS),
)


@dataclass(frozen=True)
class Timing:
    name: str
    anju: float
    duck: float

    @property
    def ratio(self) -> float:
        return self.anju / self.duck


# --- databases --------------------------------------------------------------------------------


def _pg_server_url() -> str:
    return os.environ.get("ANJU_TEST_DATABASE_URL", DEFAULT_PG_SERVER)


def _pg_admin(sql: str) -> bool:
    """Run one statement on the server's maintenance database; False when unreachable."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(_pg_server_url())
    try:
        with psycopg.connect(
            host=config["HOST"] or "127.0.0.1",
            port=int(config["PORT"] or 5432),
            user=config["USER"] or "postgres",
            password=config["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=3,
            autocommit=True,
        ) as connection:
            connection.execute(sql.encode())
    except psycopg.OperationalError:
        return False
    return True


@contextmanager
def throwaway_database(backend: str, name: str = "b1") -> Iterator[str | None]:
    """The URL of an empty database that is removed afterwards; None when unavailable."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix=f"anju-bench-{name}-") as folder:
            yield f"sqlite:///{folder}/{name}.sqlite3"
        return
    database = f"anju_bench_{name}_{os.getpid()}"  # one per run: several may run at once
    if not _pg_admin(f"DROP DATABASE IF EXISTS {database}"):
        yield None
        return
    _pg_admin(f"CREATE DATABASE {database}")
    base = _pg_server_url().rsplit("/", 1)[0]
    try:
        yield f"{base}/{database}"
    finally:
        from django.db import connections

        connections.close_all()
        _pg_admin(f"DROP DATABASE IF EXISTS {database}")


# --- DuckDB -----------------------------------------------------------------------------------


def duck_load(period: Any) -> Any:
    """An in-process DuckDB holding the month's published values and the targets, with each
    unit's path, exported from the stored rows through a CSV file."""
    import duckdb

    from anju.programmes.models import Target
    from anju.reporting.models import ReportValue
    from anju.reporting.selectors import PUBLISHED

    values = ReportValue.objects.filter(
        report__period=period, report__status__in=PUBLISHED
    ).values_list("report__unit__path", "element__code", "value")
    targets = Target.objects.filter(element__programme_id=period.programme_id).values_list(
        "unit__path", "element__code", "value"
    )
    text = io.StringIO()
    writer = csv.writer(text)
    for path, element, value in [*values, *targets]:
        writer.writerow((path, element, format(value, "f")))
    db = duckdb.connect()
    with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8") as file:
        file.write(text.getvalue())
        file.flush()
        db.execute(
            "CREATE TABLE facts AS SELECT * FROM read_csv(?, header = false, columns = "
            "{'path': 'VARCHAR', 'element': 'VARCHAR', 'value': 'DECIMAL(20, 4)'})",
            [file.name],
        )
    db.execute(RATE_MACRO)
    return db


def duck_tables(db: Any, scope_path: str) -> list[tuple[Any, ...]]:
    return list(
        db.execute(DUCK_TABLES_SQL, {"path": scope_path, "prefix": len(scope_path) + 1}).fetchall()
    )


def check_same_rows(tables: Any, db: Any, scope_path: str) -> None:
    """DuckDB's rows must be anju's: in each table every child's figures (sums and rates) and
    rank, and the total. Checked once before timing, so both sides are known to do the same."""
    query = db.execute(DUCK_TABLES_SQL, {"path": scope_path, "prefix": len(scope_path) + 1})
    names = [column[0] for column in query.description]
    records = {row[0]: dict(zip(names, row, strict=True)) for row in query.fetchall()}
    for number, attachment in enumerate(tables.attachments, start=1):
        table = attachment.table
        for row in [*table.rows, table.total]:
            duck = records[row.unit_code]  # the total is DuckDB's row without a child
            if row.unit_code is not None:
                assert row.rank == duck[f"rank{number}"], (number, row.unit_code, "rank")
            for column, cell in zip(table.columns, row.cells, strict=True):
                if column.kind == "value":
                    expected = duck[column.source]
                    assert cell.value == expected, (number, row.unit_code, column.key, expected)


# --- before the kept sums: summing the stored figures at read time ---------------------------


def grouped_children_values(*, period: Any, scope: Any) -> list[Any]:
    """What ``scope_children_values`` returned before the sums were kept by subtree: the
    database groups every published figure of the scope by the child's code cut out of each
    unit's path (a row per child and figure comes back), grouped by element id so that no join
    to the elements is needed.

    SQLite keeps a DECIMAL column as a float, so there the sum is taken over the values scaled
    to integers (exact; the fourth decimal is the column's last), and scaled back here.
    """
    from django.db import connection
    from django.db.models import F, IntegerField, Sum, Value
    from django.db.models.functions import Cast, Round, StrIndex, Substr

    from anju.engine import UnitValues
    from anju.programmes.models import Target
    from anju.reporting.models import ReportValue
    from anju.reporting.selectors import PUBLISHED

    exact = connection.vendor == "postgresql"
    total = Sum("value") if exact else Sum(Cast(Round(F("value") * 10000), IntegerField()))

    def child(path: str) -> Any:
        rest = Substr(path, len(scope.path) + 1)
        return Substr(path, len(scope.path) + 1, StrIndex(rest, Value("/")) - 1)

    values = (
        ReportValue.objects.filter(
            report__period=period,
            report__status__in=PUBLISHED,
            report__unit__path__startswith=scope.path,
        )
        .values("element_id", child=child("report__unit__path"))
        .annotate(total=total)
        .values_list("child", "element_id", "total")
    )
    targets = (
        Target.objects.filter(
            element__programme_id=period.programme_id, unit__path__startswith=scope.path
        )
        .values("element_id", child=child("unit__path"))
        .annotate(total=total)
        .values_list("child", "element_id", "total")
    )
    codes = dict(period.programme.data_elements.values_list("pk", "code"))
    sums: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for code, element, amount in [*values, *targets]:
        figure = amount if exact else Decimal(amount).scaleb(-4)
        figures = sums[code]
        figures[codes[element]] = figures.get(codes[element], Decimal(0)) + figure
    children = scope.children.order_by("sort_order", "code")
    return [UnitValues(code=c.code, name=c.name, values=sums.get(c.code, {})) for c in children]


# --- one backend ------------------------------------------------------------------------------

GROWTH = (("1/4", 83, 711), ("1/2", 166, 1422), ("whole", 333, 2844))


def run_backend(backend: str, runs: int, profile: bool, growth: bool = False) -> dict[str, float]:
    if growth:
        return on_national_set(backend, partial(measure_growth, backend, runs), generate=False)
    return on_national_set(backend, partial(measure, backend, runs, profile))


def on_national_set(
    backend: str, measure: Callable[[], dict[str, float]], *, generate: bool = True
) -> dict[str, float]:
    """``measure()`` in a throw-away database of ``backend``, migrated and (unless told not
    to) holding the national set; nothing when PostgreSQL is not reachable."""
    with throwaway_database(backend) as url:
        if url is None:
            print(f"== {backend}: PostgreSQL not reachable at {_pg_server_url()}: skipped")
            return {}
        os.environ["ANJU_DATABASE_URL"] = url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anju.settings")
        import django

        django.setup()
        from django.core.management import call_command

        from anju.national import generate_national

        call_command("migrate", verbosity=0)
        if generate:
            summary = generate_national()
            print(f"== {backend}")
            print(f"  generation: {summary.line()}")
        return measure()


def measure(backend: str, runs: int, profile: bool) -> dict[str, float]:
    from anju.national import NATION_CODE
    from anju.programmes.models import Unit
    from anju.reporting.selectors import period_find
    from anju.reporting.tables import scope_tables

    nation = Unit.objects.get(code=NATION_CODE)
    province = Unit.objects.get(code=PROVINCE)
    period = period_find(unit=nation, key=f"2017-{MONTH:02d}")
    db = duck_load(period)  # untimed
    timings = [
        *measure_scope(f"province {province.name}", province, period, db, runs),
        *measure_scope("nation", nation, period, db, runs),
    ]
    report(backend, timings, runs, "B1 table sets")
    if profile or any(t.ratio > GOAL_RATIO for t in timings[::2]):
        show_profile(partial(scope_tables, scope=nation, period=period))
    figures: dict[str, float] = {}
    for scope, (kept, grouped) in (("province", timings[0:2]), ("nation", timings[2:4])):
        figures[f"B1_{scope}_ratio_{backend}"] = round(kept.ratio, 2)
        figures[f"B1_{scope}_ms_{backend}"] = round(kept.anju * 1000, 1)
        figures[f"B1_{scope}_duckdb_ms_{backend}"] = round(kept.duck * 1000, 1)
        figures[f"B1_{scope}_grouped_ms_{backend}"] = round(grouped.anju * 1000, 1)
    return figures


def measure_growth(backend: str, runs: int) -> dict[str, float]:
    """B1 (the nation's table set, kept sums and grouped, against DuckDB) and the national
    dashboard at a quarter, half and the whole of the national set's counties."""
    from anju.national import NATION_CODE, generate_national
    from anju.programmes.models import Unit
    from anju.reporting.dashboard import dashboard_data
    from anju.reporting.rollup import subtree_sums_rebuild
    from anju.reporting.selectors import period_find
    from anju.reporting.tables import scope_tables

    figures: dict[str, float] = {}
    print(f"== {backend}: growth (median of {runs} runs after a warm-up)")
    for label, prefectures, counties in GROWTH:
        generate_national(prefectures=prefectures, counties=counties)
        nation = Unit.objects.get(code=NATION_CODE)
        period = period_find(unit=nation, key=f"2017-{MONTH:02d}")
        db = duck_load(period)
        check_same_rows(scope_tables(scope=nation, period=period), db, nation.path)
        kept, grouped, duck, dashboard, rebuild = interleaved_medians(
            [
                partial(scope_tables, scope=nation, period=period),
                partial(proposed_tables, scope=nation, period=period),
                partial(duck_tables, db, nation.path),
                partial(dashboard_data, scope=nation, period=period),
                partial(rebuilt, subtree_sums_rebuild, period),  # what a bulk loader pays
            ],
            runs,
        )
        print(
            f"  {label:>5} ({counties} counties): nation tables {kept * 1000:6.1f} ms"
            f" (grouped {grouped * 1000:6.1f} ms), DuckDB {duck * 1000:5.1f} ms,"
            f" ratio {kept / duck:4.2f}; national dashboard {dashboard * 1000:6.1f} ms;"
            f" rebuilding the month's sums {rebuild * 1000:6.1f} ms"
        )
        key = label.replace("/", "_")
        figures[f"B1_growth_{key}_nation_ms_{backend}"] = round(kept * 1000, 1)
        figures[f"B1_growth_{key}_grouped_ms_{backend}"] = round(grouped * 1000, 1)
        figures[f"B1_growth_{key}_duckdb_ms_{backend}"] = round(duck * 1000, 1)
        figures[f"B1_growth_{key}_dashboard_ms_{backend}"] = round(dashboard * 1000, 1)
        figures[f"B1_growth_{key}_rebuild_ms_{backend}"] = round(rebuild * 1000, 1)
    return figures


def rebuilt(rebuild: Callable[..., None], period: Any) -> None:
    from django.db import transaction

    with transaction.atomic():
        rebuild(period=period)


def proposed_tables(*, scope: Any, period: Any) -> Any:
    """``scope_tables`` fed by the figures summed at read time (the way before the kept
    sums), with the same emptiness check."""
    from anju.reporting.selectors import scope_has_figures
    from anju.reporting.tables import scope_tables

    scope_has_figures(period=period, scope=scope)
    units = grouped_children_values(period=period, scope=scope)
    return scope_tables(scope=scope, period=period, units=units)


def measure_scope(label: str, scope: Any, period: Any, db: Any, runs: int) -> list[Timing]:
    """anju's table set for the scope (from the kept sums), the same summed at read time, and
    DuckDB's, after checking that all three give the same rows."""
    from anju.reporting.tables import scope_tables

    current = partial(scope_tables, scope=scope, period=period)
    grouped = partial(proposed_tables, scope=scope, period=period)
    duck = partial(duck_tables, db, scope.path)
    check_same_rows(current(), db, scope.path)
    check_same_rows(grouped(), db, scope.path)
    anju_seconds, grouped_seconds, duck_seconds = interleaved_medians(
        [current, grouped, duck], runs
    )
    rows = len(current().attachments[0].table.rows)
    return [
        Timing(f"{label}, {rows} rows: scope_tables", anju_seconds, duck_seconds),
        Timing(f"{label}: summed at read time (before)", grouped_seconds, duck_seconds),
    ]


def interleaved_medians(actions: list[Callable[[], object]], runs: int) -> list[float]:
    """The median time of each action over ``runs`` rounds after a warm-up round. The actions
    take turns within each round, so a busy machine slows all of them alike and the ratios
    stay fair."""
    timings: list[list[float]] = [[] for _ in actions]
    for round_number in range(runs + 1):
        for action, spent in zip(actions, timings, strict=True):
            start = time.perf_counter()
            action()
            if round_number:  # round 0 warms up: caches, plans, imports
                spent.append(time.perf_counter() - start)
    return [statistics.median(spent) for spent in timings]


def report(backend: str, timings: list[Timing], runs: int, title: str = "B1") -> None:
    print(f"  {title} 2017-{MONTH:02d} on {backend} (median of {runs} runs after a warm-up)")
    for t in timings:
        verdict = "met" if t.ratio <= GOAL_RATIO else "NOT met"
        print(
            f"    {t.name:<52} anju {t.anju * 1000:8.2f} ms  DuckDB {t.duck * 1000:6.2f} ms"
            f"  ratio {t.ratio:5.2f}  goal ≤ {GOAL_RATIO:g}×: {verdict}"
        )


def show_profile(action: Callable[[], object]) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        action()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative").print_stats(18)
    print("  profile of the nation's table set (5 runs, by cumulative time):")
    lines = out.getvalue().splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    for line in lines[start:]:
        if line.strip():
            print(f"    {line}")


JSON_MARK = "B1-JSON: "


def run(runs: int = 15) -> dict[str, float]:
    """Both databases, each in its own process; the figures of both, with the worse ratio of
    the two as ``B1_nation_ratio`` and ``B1_province_ratio``."""
    figures = backend_figures("bench.rollup", JSON_MARK, runs)
    worst(figures, ("B1_nation_ratio", "B1_province_ratio"))
    return figures


def backend_figures(module: str, mark: str, runs: int) -> dict[str, float]:
    """``python -m module --backend B --json`` for SQLite and PostgreSQL, each in a process
    of its own (Django is configured once per process); the figures both print after
    ``mark``, their reports passed on."""
    figures: dict[str, float] = {}
    for backend in ("sqlite", "postgres"):
        command = [sys.executable, "-m", module, "--backend", backend]
        command += ["--runs", str(runs), "--json"]
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        print(done.stdout, end="")
        for line in done.stdout.splitlines():
            if line.startswith(mark):
                figures.update(json.loads(line.removeprefix(mark)))
    return figures


def worst(figures: dict[str, float], names: tuple[str, ...]) -> None:
    """Each of ``names``: the larger of its figures on the two databases (``NAME_sqlite``,
    ``NAME_postgres``), where measured."""
    for name in names:
        measured = [
            figures[f"{name}_{b}"] for b in ("sqlite", "postgres") if f"{name}_{b}" in figures
        ]
        if measured:
            figures[name] = max(measured)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--backend", choices=("sqlite", "postgres"))
    parser.add_argument("--profile", action="store_true", help="always print the profile")
    parser.add_argument("--growth", action="store_true", help="at 1/4, 1/2 and the whole set")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()
    if args.backend:
        figures = run_backend(args.backend, args.runs, args.profile, args.growth)
        if args.json:
            print(JSON_MARK + json.dumps(figures))
        return
    if not args.growth and not args.profile:
        print(json.dumps(run(args.runs), indent=2))
        return
    # Django is configured once per process, so each database gets its own process.
    for backend in ("sqlite", "postgres"):
        command = [sys.executable, "-m", "bench.rollup", "--backend", backend]
        command += ["--runs", str(args.runs)]
        command += ["--profile"] * args.profile + ["--growth"] * args.growth
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
