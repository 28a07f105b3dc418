"""The work of one batch item, as a background task does it: claim the item, make its
bulletin outside any transaction, store the files only if the claim still stands.

Kept apart from the batch services (``anju.bulletins.batch``), which enqueue the tasks that
call this: the services import the tasks, the tasks import this, and nothing imports back.
"""

from __future__ import annotations

import datetime
import time

from django.db import transaction
from django.utils import timezone

from anju.bulletins.models import BulletinBatch, BulletinBatchFile, BulletinBatchItem
from anju.bulletins.render import render_all
from anju.bulletins.services import bulletin_document
from anju.errors import AnjuError
from anju.reporting.selectors import period_find

Status = BulletinBatchItem.Status
OPEN = (Status.QUEUED, Status.RUNNING)
# A claim older than this is taken to belong to a worker that died (a machine lost, a process
# killed): the item may be claimed again. Well above one bulletin's few seconds.
STALE_AFTER = datetime.timedelta(minutes=15)


def item_generate(*, item_id: int) -> str:
    """Make one item's bulletin; returns the item's status afterwards.

    Safe to run twice and from several workers at once: only the run holding the current
    claim makes and stores the files; a finished item is left as it is.
    """
    claim = _claim(item_id)
    if claim is None:
        item = BulletinBatchItem.objects.filter(pk=item_id).only("status").first()
        return item.status if item else "missing"
    item, attempt = claim
    started = time.perf_counter()
    batch = item.batch
    try:
        period = period_find(unit=item.scope, key=batch.key)
        files = render_all(bulletin_document(scope=item.scope, period=period), tuple(batch.formats))
    except AnjuError as error:
        # A scope without a programme or reviewed figures: the message says which and why.
        return _finish(item_id, attempt, started=started, error=str(error) or type(error).__name__)
    except Exception as error:
        # A bug, not the user's doing: the item still ends (the batch must complete), and
        # the queue records the traceback when the error is raised again.
        _finish(item_id, attempt, started=started, error=f"生成失败：{type(error).__name__}")
        raise
    return _finish(item_id, attempt, started=started, files=files)


def _claim(item_id: int) -> tuple[BulletinBatchItem, int] | None:
    """Mark the item running under a row lock, unless it is finished or another worker's."""
    now = timezone.now()
    # A row lock; on SQLite every transaction takes the write lock as it begins (the
    # database's IMMEDIATE transaction mode, see settings), so a second worker waits here.
    with transaction.atomic():
        item = BulletinBatchItem.objects.select_for_update().filter(pk=item_id).first()
        if item is None or item.status in (Status.DONE, Status.FAILED):
            return None
        if (
            item.status == Status.RUNNING
            and item.started_at
            and item.started_at > now - STALE_AFTER
        ):
            return None
        item.status, item.error, item.started_at = Status.RUNNING, "", now
        item.attempts += 1
        item.save(update_fields=["status", "error", "attempts", "started_at"])
    return BulletinBatchItem.objects.select_related("batch", "scope").get(pk=item_id), item.attempts


def _finish(
    item_id: int,
    attempt: int,
    *,
    started: float,
    files: dict[str, bytes] | None = None,
    error: str = "",
) -> str:
    with transaction.atomic():
        item = BulletinBatchItem.objects.select_for_update().get(pk=item_id)
        if item.status != Status.RUNNING or item.attempts != attempt:
            # Taken over as stale while this run was slow: the newer claim's result stands.
            return str(item.status)
        item.files.all().delete()
        BulletinBatchFile.objects.bulk_create(
            BulletinBatchFile.holding(data, item=item, format=fmt)
            for fmt, data in (files or {}).items()
        )
        item.status = Status.FAILED if error else Status.DONE
        item.error, item.finished_at = error, timezone.now()
        item.seconds = round(time.perf_counter() - started, 3)
        item.save(update_fields=["status", "error", "finished_at", "seconds"])
    _close_if_finished(item.batch_id)
    return str(item.status)


def _close_if_finished(batch_id: int) -> None:
    # Asked after this item's commit, so of two items finishing together the later commit
    # sees both and closes the batch; closing twice changes nothing.
    if not BulletinBatchItem.objects.filter(batch_id=batch_id, status__in=OPEN).exists():
        BulletinBatch.objects.filter(pk=batch_id, finished_at__isnull=True).update(
            finished_at=timezone.now()
        )
