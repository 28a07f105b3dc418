"""B2 (part): one prefecture's bulletin in every format, from the stored figures.

Runs on a throw-away SQLite database holding the demo. Prints the median time of building
the document model and of each renderer, and the total against the one-second goal.

    python -m bench.bulletin [--runs N]
"""

from __future__ import annotations

import argparse
import datetime
import os
import tempfile

from bench.common import median_seconds

GOAL_SECONDS = 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    run(runs=args.runs)


def run(*, runs: int = 10) -> dict[str, float]:
    """Prints the report; returns ``B2a_bulletin_ms`` (the total, every format)."""
    folder = tempfile.mkdtemp(prefix="anju-bench-")
    os.environ["ANJU_DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anju.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from anju.bulletins.render import FORMATS, renderer
    from anju.bulletins.services import bulletin_document
    from anju.demo.loader import demo_load
    from anju.programmes.models import Unit
    from anju.reporting.selectors import period_find

    call_command("migrate", verbosity=0)
    demo_load()
    scope = Unit.objects.get(code="533400")
    period = period_find(unit=scope, key="2017-06")

    def build() -> object:
        return bulletin_document(
            scope=scope, period=period, number=12, date=datetime.date(2017, 7, 5)
        )

    document = build()
    rows = [("document model (queries, engine, chart)", median_seconds(build, runs))]
    for fmt in FORMATS:
        render = renderer(fmt)
        rows.append((f"render {fmt}", median_seconds(lambda r=render: r(document), runs)))
    total = sum(seconds for _, seconds in rows)
    print(f"B2a one prefecture bulletin, all formats (median of {runs} runs)")
    for name, seconds in rows:
        print(f"  {name:<42} {seconds * 1000:8.1f} ms")
    print(f"  {'total':<42} {total * 1000:8.1f} ms")
    verdict = "met" if total < GOAL_SECONDS else "NOT met"
    ratio = total / GOAL_SECONDS
    print(f"  goal < {GOAL_SECONDS:.0f} s: {verdict} (ratio total/goal = {ratio:.2f})")
    return {"B2a_bulletin_ms": round(total * 1000, 1)}


if __name__ == "__main__":
    main()
