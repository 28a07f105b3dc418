"""B6: the national pages at national size, timed on the server.

Generates the national set (全国, 31 provinces, 333 prefectures, 2,844 counties, 12 months)
into a throw-away database (SQLite, or PostgreSQL with ``--backend postgres``) and times, as
the median of several runs after a warm-up:

- the national dashboard for June, rendered whole by Django for a superuser (the view, every
  query, the template): goal within 300 ms; as most requests get it (its body cached under
  the programme's data version) and as the first request after a change computes it;
- the national completeness page (summed by province, the first page of counties);
- the national Excel template (every county a row): goal within 1 s.

    python -m bench.national_pages [--runs N] [--backend sqlite|postgres] [--server URL]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable

from bench.common import median_seconds, recreate_database

DASHBOARD_GOAL = 0.3
TEMPLATE_GOAL = 1.0
MONTH = "2017-06"
DEFAULT_SERVER = os.environ.get(
    "ANJU_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/anju"
).rsplit("/", 1)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--server", default=DEFAULT_SERVER, help="PostgreSQL URL, no database")
    args = parser.parse_args()
    run(runs=args.runs, backend=args.backend, server=args.server)


def run(
    *, runs: int = 7, backend: str = "sqlite", server: str = DEFAULT_SERVER
) -> dict[str, float]:
    """Prints the report; returns ``B6_national_dashboard_ms`` (the page as most requests get
    it: cached under the data version) and ``B6_national_dashboard_computed_ms`` (the first
    request after a change), or nothing when PostgreSQL is asked for and not reachable."""
    folder = tempfile.mkdtemp(prefix="anju-bench-")
    database = f"anju_bench_b6_{os.getpid()}"
    if backend == "postgres":
        try:
            os.environ["ANJU_DATABASE_URL"] = recreate_database(server, database)
        except Exception as error:
            print(f"B6 on PostgreSQL: not reachable at {server} ({error}): skipped")
            return {}
    else:
        os.environ["ANJU_DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["ANJU_VAR_DIR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anju.settings")
    os.environ.setdefault("ANJU_DEV", "1")
    import django

    django.setup()
    from django.db import connections

    try:
        return measure(runs, backend)
    finally:
        connections.close_all()
        if backend == "postgres":
            recreate_database(server, database, drop_only=True)


def measure(runs: int, backend: str) -> dict[str, float]:
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client

    from anju.national import NATION_CODE, generate_national
    from anju.programmes.models import Unit
    from anju.programmes.versions import data_changed
    from anju.reporting.excel.template import template_workbook
    from anju.reporting.selectors import period_find

    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    generate_national()
    admin = User.objects.create_superuser("bench", password="bench-only")
    client = Client()
    client.force_login(admin)
    nation = Unit.objects.get(code=NATION_CODE)
    period = period_find(unit=nation, key=MONTH)

    def page(path: str) -> Callable[[], object]:
        def get() -> object:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            return response

        return get

    dashboard = f"/u/{NATION_CODE}/{MONTH}/"

    def computed() -> object:
        """The first request after a change: the version raised, nothing cached for it."""
        with transaction.atomic():
            data_changed(programme_id=period.programme_id)
        return page(dashboard)()

    def template() -> object:
        return template_workbook(user=admin, scope=nation, period=period)

    height = len(page(dashboard)().content)  # type: ignore[attr-defined]
    rows = [
        ("national dashboard", median_seconds(page(dashboard), runs), DASHBOARD_GOAL),
        ("  the same, computed afresh", median_seconds(computed, runs), DASHBOARD_GOAL),
        (
            "national completeness page",
            median_seconds(page(f"/u/{NATION_CODE}/{MONTH}/completeness/"), runs),
            None,
        ),
        (
            "national Excel template",
            median_seconds(template, max(3, runs // 2)),
            TEMPLATE_GOAL,
        ),
    ]
    print(f"B6 national pages on the server ({backend}, median of {runs} runs)")
    print(f"  the dashboard's HTML: {height / 1024:.0f} KiB")
    for name, seconds, goal in rows:
        line = f"  {name:<30} {seconds * 1000:8.1f} ms"
        if goal is not None:
            verdict = "met" if seconds <= goal else "NOT met"
            line += f"   goal ≤ {goal * 1000:.0f} ms: {verdict} (ratio {seconds / goal:.2f})"
        print(line)
    return {
        "B6_national_dashboard_ms": round(rows[0][1] * 1000, 1),
        "B6_national_dashboard_computed_ms": round(rows[1][1] * 1000, 1),
        "B6_national_template_ms": round(rows[3][1] * 1000, 1),
    }


if __name__ == "__main__":
    main()
