"""Batches: many scopes' bulletins for one month, made by background tasks, one per scope.

``batch_start`` records a batch with one item per scope and puts one task per item on the
tasks queue; any number of workers, on any number of machines, take the tasks from the
database. Each task runs ``anju.bulletins.work.item_generate``, which claims its item under a
row lock, builds and renders the bulletin outside any transaction, then stores the files in
the database (the one place all machines share) only if its claim still stands. So a task
that runs twice, or two workers handed the same item, make the files once.
"""

from __future__ import annotations

import logging
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import astuple
from pathlib import Path
from typing import IO

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from anju.bulletins.files import write_files
from anju.bulletins.models import BulletinBatch, BulletinBatchFile, BulletinBatchItem
from anju.bulletins.render import FORMATS
from anju.bulletins.tasks import generate_bulletin_item
from anju.bulletins.work import STALE_AFTER, Status
from anju.errors import InvalidInput
from anju.periodkey import PeriodKey
from anju.programmes.models import Unit

logger = logging.getLogger(__name__)


def _has_units_below() -> Exists:
    return Exists(Unit.objects.filter(parent=OuterRef("pk")))


def batch_scopes(*, parent: Unit, level: int = 1) -> list[Unit]:
    """The scopes a batch makes bulletins for: the units ``level`` generations below the
    parent (0: the parent itself) that have units below them — a bulletin ranks a scope's
    children, so a unit with none has no bulletin. Whether a scope has reviewed figures is
    not asked here: one without them becomes a failed item that says so."""
    if level < 0:
        raise InvalidInput(["层数不能为负数"])
    return list(
        Unit.objects.filter(path__startswith=parent.path, depth=parent.depth + level)
        .filter(_has_units_below())
        .order_by("path")
    )


def batch_levels(*, parent: Unit) -> dict[int, int]:
    """For each level below the parent (0: itself), how many scopes a batch there would have."""
    rows = (
        Unit.objects.filter(path__startswith=parent.path)
        .filter(_has_units_below())
        .values("depth")
        .annotate(count=Count("pk"))
        .order_by("depth")
    )
    return {row["depth"] - parent.depth: row["count"] for row in rows}


def batch_start(
    *,
    parent: Unit,
    period: PeriodKey | str,
    user: User | None = None,
    formats: Sequence[str] = FORMATS,
    level: int = 1,
) -> BulletinBatch:
    """Record a batch for the month ``period`` (``YYYY-MM``) and enqueue one task per scope."""
    year, month = astuple(PeriodKey.of(period))
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown or not formats:
        raise InvalidInput([f"格式应为 {'、'.join(FORMATS)} 中的一种或几种"])
    scopes = batch_scopes(parent=parent, level=level)
    if not scopes:
        where = "本身不能生成通报" if level == 0 else f"的下{level}级单位中没有可生成通报的单位"
        raise InvalidInput([f"{parent.name}{where}（通报单位须有下级单位）"])
    # Enqueued inside the transaction that creates the items: with the database queue the
    # tasks commit together with their items, so no worker ever takes a task whose item it
    # cannot see yet, and a failure part-way leaves neither.
    with transaction.atomic():
        batch = BulletinBatch.objects.create(
            parent=parent,
            year=year,
            month=month,
            level=level,
            formats=[fmt for fmt in FORMATS if fmt in formats],
            requested_by=user if user is not None and user.is_authenticated else None,
        )
        items = BulletinBatchItem.objects.bulk_create(
            BulletinBatchItem(batch=batch, scope=scope) for scope in scopes
        )
        for item in items:
            item.task_id = str(generate_bulletin_item.enqueue(item.pk).id)
        # Only the task ids: with a backend that runs tasks at once, the items have moved on.
        BulletinBatchItem.objects.bulk_update(items, ["task_id"])
    return batch


def batch_retry(*, batch: BulletinBatch) -> int:
    """Enqueue again the items that failed, or whose worker has been silent for too long."""
    stale = timezone.now() - STALE_AFTER
    with transaction.atomic():
        items = list(
            batch.items.select_for_update().filter(
                Q(status=Status.FAILED) | Q(status=Status.RUNNING, started_at__lt=stale)
            )
        )
        if not items:
            return 0
        for item in items:
            item.status, item.error = Status.QUEUED, ""
            item.save(update_fields=["status", "error"])
        # Open again before any task can finish (and close it) under the immediate backend.
        BulletinBatch.objects.filter(pk=batch.pk).update(finished_at=None)
        for item in items:
            item.task_id = str(generate_bulletin_item.enqueue(item.pk).id)
        BulletinBatchItem.objects.bulk_update(items, ["task_id"])
    return len(items)


def batch_counts(batch: BulletinBatch) -> dict[str, int]:
    """How many items are in each status, and in all, in one query."""
    counts = BulletinBatchItem.objects.filter(batch=batch).aggregate(
        total=Count("pk"),
        **{status: Count("pk", filter=Q(status=status)) for status in Status.values},
    )
    return {key: int(value or 0) for key, value in counts.items()}


def batch_progress(batch: BulletinBatch) -> tuple[int, int, int]:
    """(done, failed, total): the batch is finished when done + failed == total."""
    counts = batch_counts(batch)
    return counts[Status.DONE], counts[Status.FAILED], counts["total"]


def batch_wait(
    *,
    batch: BulletinBatch,
    interval: float = 0.5,
    report: Callable[[dict[str, int], float], None] | None = None,
) -> tuple[int, int, int, float]:
    """Poll until every item has finished: (done, failed, total, seconds waited).

    ``report`` sees the counts and the seconds so far at each poll.
    """
    started = time.monotonic()
    while True:
        counts = batch_counts(batch)
        elapsed = time.monotonic() - started
        if report is not None:
            report(counts, elapsed)
        if counts[Status.DONE] + counts[Status.FAILED] >= counts["total"]:
            return counts[Status.DONE], counts[Status.FAILED], counts["total"], elapsed
        time.sleep(interval)


def batch_latest(*, parent: Unit, period: PeriodKey | str) -> BulletinBatch | None:
    year, month = astuple(PeriodKey.of(period))
    return BulletinBatch.objects.filter(parent=parent, year=year, month=month).first()


def batch_items(batch: BulletinBatch) -> QuerySet[BulletinBatchItem]:
    """The batch's items in tree order with their files' formats (not their contents)."""
    files = BulletinBatchFile.objects.defer("content").order_by("pk")
    return (
        batch.items.select_related("scope")
        .prefetch_related(Prefetch("files", queryset=files))
        .order_by("pk")
    )


def item_file_name(item: BulletinBatchItem, fmt: str) -> str:
    """Unit code first: names of units in different places may be the same."""
    batch = item.batch
    return f"{item.scope.code}_{item.scope.name}{batch.year}年{batch.month}月通报.{fmt}"


def _done_files(items: Iterable[BulletinBatchItem]) -> Iterable[tuple[str, bytes]]:
    """Each finished item's files, read item by item so the whole batch is never in memory."""
    for item in items:
        if item.status != Status.DONE:
            continue
        for file in BulletinBatchFile.objects.filter(item=item).order_by("pk"):
            yield item_file_name(item, file.format), bytes(file.content)


def batch_zip(*, items: Iterable[BulletinBatchItem]) -> IO[bytes]:
    """A zip of the finished items' files, spooled to disk past 32 MB, rewound for reading."""
    # Not a context manager: the caller reads and closes it (a FileResponse closes it when sent).
    spool = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115
    with zipfile.ZipFile(spool, "w") as archive:
        for name, data in _done_files(items):
            # HTML shrinks; the other formats are zip files or compressed PDF already.
            method = zipfile.ZIP_DEFLATED if name.endswith(".html") else zipfile.ZIP_STORED
            archive.writestr(name, data, compress_type=method)
    spool.seek(0)
    return spool


def batch_export(*, batch: BulletinBatch, folder: Path) -> list[Path]:
    """Write every finished item's files into the folder, each item's set whole or absent."""
    written: list[Path] = []
    items = list(batch.items.select_related("batch", "scope").order_by("pk"))
    for item in items:
        files = dict(_done_files([item]))
        if files:
            written.extend(write_files(folder, files))
    return written


def progress_text(done: int, failed: int, total: int, *, width: int = 30) -> str:
    """A one-line text bar: [#########-----]  12/333 完成 10 失败 2."""
    finished = done + failed
    filled = width * finished // total if total else width
    bar = "#" * filled + "-" * (width - filled)
    return f"[{bar}] {finished:>{len(str(total))}}/{total} 完成 {done} 失败 {failed}"
