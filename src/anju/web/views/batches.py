"""Batches of bulletins: start one for a unit's scopes below it, watch it, download its files.

One view per job: the month's page (its latest batch) where a batch is started; a batch's own
page, its small JSON status (what the page's script polls), its retry, an item's file and the
whole batch as a zip. The pages share the unit's view permission; starting and retrying need
``can_manage``; each file is checked against the viewer's permission on its own scope.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from anju.accounts.policy import can_manage, can_view_scope
from anju.bulletins.batch import (
    batch_counts,
    batch_items,
    batch_latest,
    batch_levels,
    batch_retry,
    batch_start,
    batch_zip,
    item_file_name,
)
from anju.bulletins.models import BulletinBatch, BulletinBatchFile, BulletinBatchItem
from anju.bulletins.render import CONTENT_TYPES, FORMATS
from anju.errors import AnjuError, NotFound
from anju.periodkey import PeriodKey
from anju.programmes.models import Unit
from anju.reporting.selectors import period_find
from anju.web.forms.batches import BatchStartForm
from anju.web.forms.common import form_problems
from anju.web.views.common import Place, attachment, require, resolve_unit, signed_in

POLL_MILLISECONDS = 1500
# Queued work nobody has touched for this long: most likely no task worker is running.
STALL_SECONDS = 30


def batch_stalled(batch: BulletinBatch, counts: dict[str, int]) -> bool:
    """Items wait, none runs, and nothing has started or finished for a while."""
    if not counts.get("queued") or counts.get("running"):
        return False
    latest = BulletinBatchItem.objects.filter(batch=batch).aggregate(
        started=Max("started_at"), finished=Max("finished_at")
    )
    moments = [batch.created_at, *(moment for moment in latest.values() if moment is not None)]
    waited: datetime.timedelta = timezone.now() - max(moments)
    return waited > datetime.timedelta(seconds=STALL_SECONDS)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def batch_month(request: HttpRequest, unit: str, period: PeriodKey) -> HttpResponse:
    """The month's page, showing its latest batch; a POST starts a new one."""
    parent = _parent(request, unit)
    if request.method == "POST":
        require(request, parent, can_manage)
        return _start(request, parent, period, BatchStartForm(request.POST))
    return _page(request, parent, period, batch_latest(parent=parent, period=period))


@login_required
@require_safe
def batch_detail(request: HttpRequest, unit: str, period: PeriodKey, batch: int) -> HttpResponse:
    parent = _parent(request, unit)
    return _page(request, parent, period, _batch(parent, period, batch))


@login_required
@require_safe
def batch_status(request: HttpRequest, unit: str, period: PeriodKey, batch: int) -> JsonResponse:
    """What the page's script polls: the counts and each item's state and files."""
    parent = _parent(request, unit)
    chosen = _batch(parent, period, batch)
    counts = batch_counts(chosen)
    return JsonResponse(
        {
            "batch": chosen.pk,
            **counts,
            "finished": counts["done"] + counts["failed"] >= counts["total"],
            "stalled": batch_stalled(chosen, counts),
            "summary": _("完成 %(done)s，失败 %(failed)s，共 %(total)s") % counts,
            "zip": _url("batch_zip", parent, period, batch=chosen.pk) if counts["done"] else "",
            "items": [_row(request, parent, period, item) for item in batch_items(chosen)],
        }
    )


@login_required
@require_POST
def batch_retry_failed(
    request: HttpRequest, unit: str, period: PeriodKey, batch: int
) -> HttpResponse:
    """Enqueue the batch's failed items again."""
    parent = _parent(request, unit)
    require(request, parent, can_manage)
    chosen = _batch(parent, period, batch)
    count = batch_retry(batch=chosen)
    messages.success(request, _("已重新加入队列：%(count)s 份通报") % {"count": count})
    return redirect(_url("batch_detail", parent, period, batch=chosen.pk))


@login_required
@require_safe
def batch_file(
    request: HttpRequest, unit: str, period: PeriodKey, batch: int, item: int, fmt: str
) -> FileResponse:
    parent = _parent(request, unit)
    if fmt not in FORMATS:
        raise Http404
    chosen = _batch(parent, period, batch)
    file = (
        BulletinBatchFile.objects.select_related("item__scope", "item__batch")
        .filter(item_id=item, format=fmt, item__batch=chosen)
        .first()
    )
    if file is None:
        raise Http404
    require(request, file.item.scope, can_view_scope)
    return attachment(bytes(file.content), item_file_name(file.item, fmt), CONTENT_TYPES[fmt])


@login_required
@require_safe
def batch_zip_file(request: HttpRequest, unit: str, period: PeriodKey, batch: int) -> FileResponse:
    parent = _parent(request, unit)
    chosen = _batch(parent, period, batch)
    items = [item for item in batch_items(chosen) if can_view_scope(request.user, item.scope)]
    name = f"{parent.name}{chosen.year}年{chosen.month}月通报.zip"
    return attachment(batch_zip(items=items), name, "application/zip")


def _parent(request: HttpRequest, unit: str) -> Unit:
    parent = resolve_unit(unit)
    require(request, parent, can_view_scope)
    return parent


def _batch(parent: Unit, period: PeriodKey, pk: int) -> BulletinBatch:
    """The batch of the URL: 404 unless it is this unit's for this month."""
    found = BulletinBatch.objects.filter(
        pk=pk, parent=parent, year=period.year, month=period.month
    ).first()
    if found is None:
        raise Http404
    return found


def _page(
    request: HttpRequest, parent: Unit, period: PeriodKey, chosen: BulletinBatch | None
) -> HttpResponse:
    items = list(batch_items(chosen)) if chosen else []
    context = {
        "place": _place(parent, period),
        "parent": parent,
        "period": period,
        "batch": chosen,
        "counts": batch_counts(chosen) if chosen else None,
        "stalled": batch_stalled(chosen, batch_counts(chosen)) if chosen else False,
        "rows": [_row(request, parent, period, item) for item in items],
        "earlier": [
            {"pk": other.pk, "created_at": other.created_at, "url": _detail(parent, period, other)}
            for other in BulletinBatch.objects.filter(
                parent=parent, year=period.year, month=period.month
            ).exclude(pk=chosen.pk)[:10]
        ]
        if chosen
        else [],
        "can_manage": can_manage(request.user, parent),
        "levels": _level_choices(parent),
        "formats": FORMATS,
        "poll_ms": POLL_MILLISECONDS,
        **(_batch_urls(parent, period, chosen) if chosen else {}),
    }
    return render(request, "web/batch.html", context)


def _place(parent: Unit, period: PeriodKey) -> Place | None:
    """The unit's month for the navigation, when a programme covers the unit itself (a
    province above prefectures that each run their own programme has none)."""
    try:
        return Place(parent, period_find(unit=parent, key=period))
    except NotFound:
        return None


def _start(
    request: HttpRequest, parent: Unit, period: PeriodKey, form: BatchStartForm
) -> HttpResponse:
    try:
        if not form.is_valid():
            raise AnjuError("\n".join(form_problems(form)))
        started = batch_start(
            parent=parent,
            period=period,
            user=signed_in(request),
            formats=form.cleaned_data["formats"],
            level=form.cleaned_data["level"],
        )
    except AnjuError as error:
        for problem in str(error).splitlines():
            messages.error(request, problem)
        return redirect(_url("batch", parent, period))
    count = started.items.count()
    messages.success(request, _("已加入队列：%(count)s 份通报") % {"count": count})
    return redirect(_detail(parent, period, started))


def _row(
    request: HttpRequest, parent: Unit, period: PeriodKey, item: BulletinBatchItem
) -> dict[str, Any]:
    """An item as the page's table row and the status JSON both show it."""
    visible = can_view_scope(request.user, item.scope)
    return {
        "id": item.pk,
        "code": item.scope.code,
        "name": item.scope.name,
        "status": item.status,
        "status_label": str(item.get_status_display()),
        "error": item.error,
        "seconds": f"{item.seconds:.2f}" if item.seconds is not None else "",
        "files": [
            {
                "format": file.format,
                "url": _url(
                    "batch_file", parent, period, batch=item.batch_id, item=item.pk, fmt=file.format
                ),
            }
            for file in item.files.all()
        ]
        if visible and item.status == BulletinBatchItem.Status.DONE
        else [],
    }


def _level_choices(parent: Unit) -> list[dict[str, Any]]:
    """The depths below the unit a batch can reach, each with its number of bulletins."""
    names = {0: _("本单位"), 1: _("下一级单位"), 2: _("下两级单位"), 3: _("下三级单位")}
    levels = batch_levels(parent=parent)
    default = 1 if levels.get(1) else min(levels, default=1)
    return [
        {
            "level": level,
            "label": names.get(level, _("下%(level)s级单位") % {"level": level}),
            "count": count,
            "selected": level == default,
        }
        for level, count in sorted(levels.items())
    ]


def _url(name: str, parent: Unit, period: PeriodKey, **kwargs: Any) -> str:
    return reverse(f"web:{name}", kwargs={"unit": parent.code, "period": period, **kwargs})


def _detail(parent: Unit, period: PeriodKey, batch: BulletinBatch) -> str:
    return _url("batch_detail", parent, period, batch=batch.pk)


def _batch_urls(parent: Unit, period: PeriodKey, batch: BulletinBatch) -> dict[str, str]:
    return {
        "status_url": _url("batch_status", parent, period, batch=batch.pk),
        "retry_url": _url("batch_retry", parent, period, batch=batch.pk),
        "zip_url": _url("batch_zip", parent, period, batch=batch.pk),
    }
