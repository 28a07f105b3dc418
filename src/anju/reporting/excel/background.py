"""A large confirmed import, written by a background task while the page shows how it goes.

The page enqueues (``import_enqueue``: 待确认 → 排队中, in the transaction that enqueues the
task, so a worker never sees a task whose import it cannot see); a worker claims it
(``work.import_run``: 排队中 → 导入中, committed, so the page can say so), then writes it exactly as
the page would (``import_apply``: one transaction, all or nothing) and, when asked, submits
the reports. A refusal puts the import back to 待确认 with its reasons, which the page shows.

Progress is told by stage (queued, writing, submitting, done): the writing is one transaction,
and what it has done is invisible to every other connection until it commits.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anju.reporting.excel.confirm import refuse_unless_pending
from anju.reporting.excel.tasks import apply_excel_import
from anju.reporting.models import ExcelImport

Status = ExcelImport.Status
# Imports of more units than this run as a background task; smaller ones at once.
TASK_ABOVE = 200
# Queued this long with no worker claiming it: most likely no task worker is running.
STALL_AFTER = datetime.timedelta(seconds=30)


def import_in_background(excel_import: ExcelImport) -> bool:
    return len(excel_import.changes) > TASK_ABOVE


def import_enqueue(*, excel_import: ExcelImport, user: User, submit: bool) -> ExcelImport:
    """Hand the confirmation to a background task; refused as confirming would be."""
    with transaction.atomic():
        locked = ExcelImport.objects.select_for_update().get(pk=excel_import.pk)
        refuse_unless_pending(locked, user, _("确认"))
        locked.status, locked.submit, locked.problems = Status.QUEUED, submit, []
        locked.queued_at, locked.started_at, locked.outcome = timezone.now(), None, {}
        locked.save()
        locked.task_id = str(apply_excel_import.enqueue(locked.pk).id)
        ExcelImport.objects.filter(pk=locked.pk).update(task_id=locked.task_id)
    return ExcelImport.objects.get(pk=locked.pk)


def import_finished(excel_import: ExcelImport) -> bool:
    """Nothing more will happen without the user: written (and submitted, if asked), or back
    to 待确认 with the reasons."""
    if excel_import.status == Status.APPLIED:
        return not excel_import.submit or "submitted" in excel_import.outcome
    return excel_import.status not in (Status.QUEUED, Status.RUNNING)


def import_stalled(excel_import: ExcelImport) -> bool:
    queued = excel_import.queued_at
    return (
        excel_import.status == Status.QUEUED
        and queued is not None
        and timezone.now() - queued > STALL_AFTER
    )
