"""B2b: every prefecture's bulletin for one month, in every format, by background workers.

On a throw-away PostgreSQL database holding the national data set (全国 → 31 provinces → 333
prefectures → 2,844 counties, from ``anju.national.generate_national``), starts worker
processes (``anju manage db_worker``, two by default), enqueues one batch of all 333
prefectures' bulletins for the month, waits, and prints the per-bulletin time (median, p95,
from the items' own timings), the wall time and the throughput. The database is dropped
afterwards unless ``--keep``.

    python -m bench.batch [--workers N] [--server postgres://postgres@127.0.0.1:5432]
                          [--name anju_bench_b2] [--period 2017-06] [--keep]
    python -m bench.batch --sqlite   # the same on a SQLite file, to see what locking does
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.common import recreate_database


def start_workers(count: int, log: Path) -> list[subprocess.Popen[bytes]]:
    """``anju manage db_worker`` processes, as an operator would start them on each machine."""
    command = [sys.executable, "-m", "anju.cli", "manage", "db_worker", "--no-reload"]
    with log.open("ab") as out:
        return [
            subprocess.Popen(
                [*command, "--worker-id", f"bench-{n}"], stdout=out, stderr=subprocess.STDOUT
            )
            for n in range(1, count + 1)
        ]


def stop_workers(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)  # graceful: the worker finishes its task first
    for worker in workers:
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least ``share`` of them at or below."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--name", default="anju_bench_b2")
    parser.add_argument("--period", default="2017-06")
    parser.add_argument("--formats", default="docx,pdf,xlsx,html")
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file instead")
    parser.add_argument("--keep", action="store_true", help="keep the database (and logs)")
    parser.add_argument("--timeout", type=float, default=3600, help="give up after (seconds)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="anju-bench-b2-"))
    if args.sqlite:
        url = f"sqlite:///{folder}/bench.sqlite3"
    else:
        url = recreate_database(args.server, args.name)
    # The workers read the same variables: one database, the database queue.
    os.environ["ANJU_DATABASE_URL"] = url
    os.environ.pop("ANJU_TASKS_BACKEND", None)
    os.environ["ANJU_VAR_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anju.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from anju.bulletins.batch import batch_scopes, batch_start, batch_wait, progress_text
    from anju.national import NATION_CODE, generate_national
    from anju.programmes.models import Unit

    workers: list[subprocess.Popen[bytes]] = []
    try:
        call_command("migrate", verbosity=0)
        summary = generate_national(progress=lambda line: print(f"  {line}", file=sys.stderr))
        print(summary.line(), file=sys.stderr)
        nation = Unit.objects.get(code=NATION_CODE)
        level = 2  # 全国 → provinces → prefectures
        scopes = len(batch_scopes(parent=nation, level=level))

        log = folder / "workers.log"
        workers = start_workers(args.workers, log)
        time.sleep(5)  # let them start (Django set-up), so the wall time is the work's
        connection.close()  # the generator's long transaction is over; start clean
        batch = batch_start(
            parent=nation,
            period=args.period,
            formats=tuple(args.formats.split(",")),
            level=level,
        )

        def show(counts: dict[str, int], elapsed: float) -> None:
            line = progress_text(counts["done"], counts["failed"], counts["total"])
            print(f"\r{line} {elapsed:6.1f} s", end="", file=sys.stderr, flush=True)
            if elapsed > args.timeout:
                raise TimeoutError(f"not finished after {args.timeout:.0f} s")
            if any(worker.poll() is not None for worker in workers):
                raise RuntimeError(f"a worker stopped; see {log}")

        done, failed, total, _ = batch_wait(batch=batch, interval=0.5, report=show)
        print(file=sys.stderr)
        batch.refresh_from_db()
        report(batch, scopes, args, summary, done, failed, total, url)
    finally:
        stop_workers(workers)
        connection.close()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
            if not args.sqlite:
                recreate_database(args.server, args.name, drop_only=True)


def report(
    batch: Any,
    scopes: int,
    args: argparse.Namespace,
    summary: Any,
    done: int,
    failed: int,
    total: int,
    url: str,
) -> None:
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from anju.bulletins.models import BulletinBatchFile

    items = list(batch.items.all())
    seconds = [item.seconds for item in items if item.seconds is not None]
    wall = (batch.finished_at - batch.created_at).total_seconds()
    tasks = DBTaskResult.objects.filter(id__in=[item.task_id for item in items])
    per_worker = Counter(worker for task in tasks for worker in task.worker_ids)
    claims = Counter(item.attempts for item in items)
    size = sum(BulletinBatchFile.objects.filter(item__batch=batch).values_list("size", flat=True))
    print(f"B2b every prefecture's bulletin for {args.period}, {args.formats}")
    print(f"  database           {connection.vendor} ({url.split('@')[-1]})")
    print(f"  data               {summary.prefectures} prefectures, {summary.counties} counties")
    print(f"  workers            {args.workers} × anju manage db_worker")
    print(f"  bulletins          {total} (scopes {scopes}); done {done}, failed {failed}")
    print(
        f"  per bulletin       median {statistics.median(seconds):.3f} s, "
        f"p95 {percentile(seconds, 0.95):.3f} s, max {max(seconds):.3f} s"
    )
    print(f"  sum of item times  {sum(seconds):.1f} s")
    print(f"  wall time          {wall:.1f} s (enqueue → last item stored)")
    print(
        f"  throughput         {total / wall:.2f} bulletins/s ({total / wall * 60:.0f} per minute)"
    )
    print(f"  parallel speed-up  {sum(seconds) / wall:.2f} (sum of item times / wall)")
    print(f"  tasks per worker   {dict(sorted(per_worker.items()))}")
    print(f"  claims per item    {dict(sorted(claims.items()))} (1 each: none made twice)")
    print(f"  files stored       {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
