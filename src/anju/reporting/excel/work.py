"""The work of a background import, as the task does it (see background.py): claim, write
all or nothing, submit if asked. Kept apart from the enqueuing side, which imports the task
that calls this: the task imports this, and nothing imports back."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy

from anju.errors import InvalidInput
from anju.reporting.excel.confirm import import_apply
from anju.reporting.excel.submit import imported_submit
from anju.reporting.models import ExcelImport

Status = ExcelImport.Status
# A claim older than this belongs to a worker that died; the import may be claimed again.
STALE_AFTER = datetime.timedelta(minutes=15)
INTERNAL_ERROR = _lazy("导入未能完成（系统内部错误），未保存任何数据；请重试，或联系管理员")


def import_run(*, import_id: int) -> str:
    """The task's work: claim, write all or nothing, submit if asked; the status after."""
    excel_import = _claim(import_id)
    if excel_import is None:
        found = ExcelImport.objects.filter(pk=import_id).only("status").first()
        return str(found.status) if found else "missing"
    user = excel_import.user
    try:
        reports = import_apply(
            excel_import=excel_import, user=user, running=True, submit=excel_import.submit
        )
    except InvalidInput as error:
        return _back_to_pending(import_id, [str(problem) for problem in error.problems])
    except Exception:
        _back_to_pending(import_id, [str(INTERNAL_ERROR)])
        raise  # the queue keeps the traceback
    outcome: dict[str, object] = {
        "units": len(reports),
        "figures": sum(len(values) for values in excel_import.changes.values()),
    }
    if excel_import.submit:
        done = imported_submit(reports=reports, user=user, scope=excel_import.scope)
        outcome["submitted"] = [report.unit.name for report in done.submitted]
        outcome["refused"] = [[unit, list(why)] for unit, why in done.refused]
    ExcelImport.objects.filter(pk=import_id).update(outcome=outcome)
    return str(Status.APPLIED)


def _claim(import_id: int) -> ExcelImport | None:
    now = timezone.now()
    with transaction.atomic():
        found = ExcelImport.objects.select_for_update().filter(pk=import_id).first()
        if found is None:
            return None
        stale = found.started_at is not None and found.started_at < now - STALE_AFTER
        if not (found.status == Status.QUEUED or (found.status == Status.RUNNING and stale)):
            return None
        found.status, found.started_at = Status.RUNNING, now
        found.save(update_fields=["status", "started_at"])
    return ExcelImport.objects.select_related("user", "period__programme", "scope").get(
        pk=import_id
    )


def _back_to_pending(import_id: int, problems: list[str]) -> str:
    ExcelImport.objects.filter(pk=import_id, status=Status.RUNNING).update(
        status=Status.PENDING, problems=problems
    )
    return str(Status.PENDING)
