"""B6: the national pages at national size, timed on the server.

Generates the national set (全国, 31 provinces, 333 prefectures, 2,844 counties, 12 months)
into a throw-away SQLite database and times, as the median of several runs after a warm-up:

- the national dashboard for June, rendered whole by Django for a superuser (the view, every
  query, the template): goal within 300 ms;
- the national completeness page (summed by province, the first page of counties);
- the national Excel template (every county a row): goal within 1 s.

    python -m bench.national_pages [--runs N]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable

from bench.common import median_seconds

DASHBOARD_GOAL = 0.3
TEMPLATE_GOAL = 1.0
MONTH = "2017-06"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="anju-bench-")
    os.environ["ANJU_DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anju.settings")
    os.environ.setdefault("ANJU_DEV", "1")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    from anju.national import NATION_CODE, generate_national
    from anju.programmes.models import Unit
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

    def template() -> object:
        return template_workbook(user=admin, scope=nation, period=period)

    dashboard = f"/u/{NATION_CODE}/{MONTH}/"
    height = len(page(dashboard)().content)  # type: ignore[attr-defined]
    rows = [
        ("national dashboard", median_seconds(page(dashboard), args.runs), DASHBOARD_GOAL),
        (
            "national completeness page",
            median_seconds(page(f"/u/{NATION_CODE}/{MONTH}/completeness/"), args.runs),
            None,
        ),
        (
            "national Excel template",
            median_seconds(template, max(3, args.runs // 2)),
            TEMPLATE_GOAL,
        ),
    ]
    print(f"B6 national pages on the server (SQLite, median of {args.runs} runs)")
    print(f"  the dashboard's HTML: {height / 1024:.0f} KiB")
    for name, seconds, goal in rows:
        line = f"  {name:<30} {seconds * 1000:8.1f} ms"
        if goal is not None:
            verdict = "met" if seconds <= goal else "NOT met"
            line += f"   goal ≤ {goal * 1000:.0f} ms: {verdict} (ratio {seconds / goal:.2f})"
        print(line)


if __name__ == "__main__":
    main()
