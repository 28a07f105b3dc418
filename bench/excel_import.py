"""B3: a national Excel upload checked whole, against openpyxl merely reading the same file.

On a throw-away database (SQLite, then PostgreSQL) holding the national data set (全国 → 31
provinces → 333 prefectures → 2,844 counties), a national admin (an admin role on 100000)
downloads the December template (2,844 rows) and fills it in: every cumulative figure at or
above last month's, every stock figure as last month's, every ``at_most`` bound kept, as a
clerk who follows the rules would. A county whose filled 新开工 or 基本建成 then differs from
the sum of its 棚改 projects (the generator says which counties have them, and which report
新开工 apart from them) gets a 填报说明 in its row, as 确认导入并报送 requires. Then, as the
median of several rounds after a warm-up round:

- ``check_workbook``: the whole check of the upload, every cell parsed and every row's rules,
  storing the pending import (what the upload request does before the preview);
- openpyxl reading the same bytes (``load_workbook(read_only=True, data_only=True)``) and
  iterating every row's values of every sheet, and nothing else.

Prints both, the ratio and whether the goal (the check within 1.5× of the bare read) holds;
then, once each: ``template_workbook`` for the nation, and confirming the whole file with
确认导入并报送 (``import_apply``, all 2,844 reports in one transaction, goal within 3 s; then
``imported_submit``), as the background task does it.

The data set is generated with eleven months, and December opened as an admin opens a month:
the generator's twelfth month would be approved already, so no cell of it could be changed,
and an upload changing nothing skips the rules.

    python -m bench.excel_import [--runs N] [--profile] [--backend sqlite|postgres] [--json]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import io
import json
import os
import pstats
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from decimal import Decimal
from typing import Any

GOAL_RATIO = 1.5
APPLY_GOAL = 3.0  # seconds
MONTH = 12  # the month after the last generated one
SEED = 2017
# Cumulative figures grow by up to this share over last month; whole numbers by at least 0.
GROWTH = 0.04


def interleaved_medians(actions: list[Callable[[], object]], runs: int) -> list[float]:
    """The median time of each action over ``runs`` rounds after a warm-up round. The actions
    take turns within each round, so a busy machine slows all of them alike and the ratio
    stays fair."""
    timings: list[list[float]] = [[] for _ in actions]
    for round_number in range(runs + 1):
        for action, spent in zip(actions, timings, strict=True):
            start = time.perf_counter()
            action()
            if round_number:  # round 0 warms up: imports, caches, the database's pages
                spent.append(time.perf_counter() - start)
    return [statistics.median(spent) for spent in timings]


def bare_read(data: bytes) -> int:
    """What openpyxl alone costs: open the file as the check does and touch every value."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    count = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # as the check does: dropped features do not matter
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                count += len(row)
    finally:
        workbook.close()
    return count


# --- the upload -------------------------------------------------------------------------------


def national_admin() -> Any:
    """A user with an admin role on the nation: sees and writes every county."""
    from django.contrib.auth import get_user_model

    from anju.accounts.models import Role
    from anju.national import NATION_CODE
    from anju.programmes.models import Unit

    user = get_user_model().objects.create_user(username="bench-nation", password=None)
    Role.objects.create(user=user, kind=Role.Kind.ADMIN, unit=Unit.objects.get(code=NATION_CODE))
    return user


# What a county writes when its figures run ahead of its project register.
NOTE = "部分项目本月进度尚未录入项目库，下月补录"


def filled_template(template: bytes, period: Any, summary: Any) -> tuple[bytes, int, int, int]:
    """The template with every input cell typed in from last month's figure beside it.

    Cumulative figures (``not_below_previous``) grow a little, stock figures stay; then every
    ``at_most`` bound (another figure or the unit's target) is kept, never going below last
    month. Whole numbers go in as integers, the others as the floats a spreadsheet holds.
    A county with figures summed from projects whose filled figures differ from them gets a
    填报说明. Returns the file, the rows, the cells filled and the notes written."""
    from openpyxl import load_workbook
    from openpyxl.utils import column_index_from_string  # type: ignore[import-untyped]

    from anju.national.projects import FROM_PROJECTS
    from anju.programmes.models import DataElement, Target
    from anju.reporting.excel import FIRST_ROW, META_SHEET, SHEET

    elements = {
        e.code: e
        for e in DataElement.objects.filter(
            programme_id=period.programme_id, role=DataElement.Role.ACTUAL
        )
    }
    targets: dict[str, dict[str, Decimal]] = {}
    for unit, element, value in Target.objects.filter(
        element__programme_id=period.programme_id
    ).values_list("unit__code", "element__code", "value"):
        targets.setdefault(unit, {})[element] = value
    workbook = load_workbook(io.BytesIO(template))
    sheet, meta = workbook[SHEET], workbook[META_SHEET]
    # The hidden sheet says which figure each input column holds; last month's is beside it.
    columns: dict[str, int] = {}
    note = 0
    for key, letter, code in meta.iter_rows(max_col=3, values_only=True):
        if key == "column":
            columns[code] = column_index_from_string(letter)
        elif key == "note":
            note = column_index_from_string(letter)
    rng = random.Random(SEED)
    rows = cells = notes = 0
    for row in range(FIRST_ROW, sheet.max_row + 1):
        unit = sheet.cell(row, 1).value
        if not unit:
            continue
        previous = {
            code: Decimal(str(value))
            for code, index in columns.items()
            if (value := sheet.cell(row, index + 1).value) is not None
        }
        new = {code: grown(value, elements[code], rng) for code, value in previous.items()}
        for code, value in new.items():
            bound = at_most(elements[code], new, targets.get(unit, {}))
            if bound is not None and value > bound:
                new[code] = max(previous[code], bound)
        for code, value in new.items():
            places = elements[code].places
            sheet.cell(row, columns[code]).value = float(value) if places else int(value)
        rows += 1
        cells += len(new)
        if unit in summary.with_projects and (
            unit in summary.gaps or any(new[code] != previous[code] for code in FROM_PROJECTS)
        ):
            sheet.cell(row, note).value = NOTE
            notes += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), rows, cells, notes


def grown(previous: Decimal, element: Any, rng: random.Random) -> Decimal:
    if not any(rule["rule"] == "not_below_previous" for rule in element.rules):
        return previous  # a stock: last month's figure still holds
    step = Decimal(str(float(previous) * rng.uniform(0, GROWTH)))
    return (previous + step).quantize(Decimal(1).scaleb(-element.places))


def at_most(
    element: Any, figures: dict[str, Decimal], targets: dict[str, Decimal]
) -> Decimal | None:
    """The smallest ``at_most`` bound of the figure, from the row or the unit's targets."""
    bounds = [
        figures.get(rule["of"], targets.get(rule["of"]))
        for rule in element.rules
        if rule["rule"] == "at_most"
    ]
    known = [bound for bound in bounds if bound is not None]
    return min(known) if known else None


# --- the run ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="profile the check even if met")
    parser.add_argument("--backend", choices=("sqlite", "postgres"))
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()
    if args.backend is None:
        run(runs=args.runs, profile=args.profile)
        return
    figures = run_backend(args.backend, runs=args.runs, profile=args.profile)
    if args.json:
        print(JSON_MARK + json.dumps(figures))


JSON_MARK = "B3-JSON: "


def run(*, runs: int = 5, profile: bool = False) -> dict[str, float]:
    """Both databases, each in its own process (SQLite, then PostgreSQL when reachable);
    returns ``B3_check_ratio`` and ``B3_apply_s`` (the worse of the two) and each database's
    figures."""
    figures: dict[str, float] = {}
    for backend in ("sqlite", "postgres"):
        command = [sys.executable, "-m", "bench.excel_import", "--backend", backend]
        command += ["--runs", str(runs), "--json", *(["--profile"] if profile else [])]
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        print(done.stdout, end="")
        for line in done.stdout.splitlines():
            if line.startswith(JSON_MARK):
                measured = json.loads(line.removeprefix(JSON_MARK))
                figures.update({f"{key}_{backend}": value for key, value in measured.items()})
    for key in ("B3_check_ratio", "B3_apply_s", "B3_template_s", "B3_submit_s"):
        found = [value for name, value in figures.items() if name.startswith(f"{key}_")]
        if found:
            figures[key] = max(found)
    return figures


def run_backend(backend: str, *, runs: int, profile: bool) -> dict[str, float]:
    """The report and figures in a throw-away database of ``backend``."""
    from bench.rollup import throwaway_database

    with throwaway_database(backend, "b3") as url, tempfile.TemporaryDirectory() as folder:
        if url is None:
            print(f"B3 on {backend}: not reachable, skipped")
            return {}
        os.environ["ANJU_DATABASE_URL"] = url
        os.environ["ANJU_VAR_DIR"] = folder
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anju.settings")
        import django

        django.setup()
        try:
            return measure(runs=runs, profile=profile, backend=backend)
        finally:
            from django.db import connections

            connections.close_all()


def measure(*, runs: int, profile: bool, backend: str) -> dict[str, float]:
    from django.core.management import call_command

    from anju.national import NATION_CODE, generate_national
    from anju.programmes.models import Programme, Unit
    from anju.reporting.excel import check_workbook, import_apply, template_workbook
    from anju.reporting.excel.submit import imported_submit
    from anju.reporting.models import Report
    from anju.reporting.services import period_open

    call_command("migrate", verbosity=0)
    summary = generate_national(months=MONTH - 1)
    print(summary.line(), file=sys.stderr)
    nation = Unit.objects.get(code=NATION_CODE)
    period = period_open(programme=Programme.objects.get(code=summary.programme), month=MONTH)
    user = national_admin()

    start = time.perf_counter()
    template = template_workbook(user=user, scope=nation, period=period)
    template_seconds = time.perf_counter() - start
    data, rows, cells, notes = filled_template(template, period, summary)

    def check() -> Any:
        return check_workbook(
            user=user, scope=nation, period=period, data=data, filename="全国-填报.xlsx"
        )

    first = check()
    if not first.ok or first.rows != rows:
        for problem in first.problems[:10]:
            print(f"  {problem}", file=sys.stderr)
        raise SystemExit(f"the filled template was refused ({len(first.problems)} problems)")
    check_seconds, read_seconds = interleaved_medians([check, lambda: bare_read(data)], runs)

    # The last check's pending import is confirmed, as the preview's button would.
    latest = check()
    assert latest.excel_import is not None
    start = time.perf_counter()
    reports = import_apply(excel_import=latest.excel_import, user=user, submit=True)
    apply_seconds = time.perf_counter() - start
    stored = Report.objects.filter(period=period).count()
    start = time.perf_counter()
    outcome = imported_submit(reports=reports, user=user, scope=nation)
    submit_seconds = time.perf_counter() - start

    ratio = check_seconds / read_seconds
    print(
        f"B3 national Excel upload, {period.key}; median of {runs} runs after a warm-up; "
        f"{datetime.date.today()}, {len(os.sched_getaffinity(0))} cores, {backend}"
    )
    print(
        f"  file                     {rows} rows, {cells} figures filled, {notes} 填报说明, "
        f"{len(data) / 1e6:.2f} MB"
    )
    print(f"  openpyxl read only       {read_seconds * 1000:8.1f} ms")
    print(
        f"  check_workbook           {check_seconds * 1000:8.1f} ms"
        f"  ({len(first.changes)} changes, {len(first.warnings)} warnings, 0 problems)"
    )
    verdict = "met" if ratio <= GOAL_RATIO else "NOT met"
    print(f"  ratio check/read         {ratio:8.2f}   goal ≤ {GOAL_RATIO:.1f}×: {verdict}")
    print(f"  template_workbook        {template_seconds * 1000:8.1f} ms (once)")
    verdict = "met" if apply_seconds <= APPLY_GOAL else "NOT met"
    print(
        f"  import_apply             {apply_seconds * 1000:8.1f} ms"
        f" (once: {stored} reports written; goal ≤ {APPLY_GOAL:.0f} s: {verdict})"
    )
    print(
        f"  imported_submit          {submit_seconds * 1000:8.1f} ms"
        f" (once: {len(outcome.submitted)} submitted, {len(outcome.refused)} kept as drafts)"
    )
    if profile or ratio > GOAL_RATIO:
        show_profile(check)
    return {
        "B3_check_ratio": ratio,
        "B3_apply_s": apply_seconds,
        "B3_template_s": template_seconds,
        "B3_submit_s": submit_seconds,
    }


def short_paths(line: str) -> str:
    """A profile line with its paths from the package on, the same on every machine."""
    return re.sub(r"[^ ]*/((anju|bench|openpyxl|django|xml)/)", r"\1", line)


def show_profile(action: Callable[[], object]) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    action()
    profiler.disable()
    print("  profile of one check_workbook (cumulative time):")
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(18)
    for line in text.getvalue().splitlines():
        if line.strip() and not line.strip().startswith(("List", "Ordered")):
            print(f"    {short_paths(line)}")


if __name__ == "__main__":
    main()
