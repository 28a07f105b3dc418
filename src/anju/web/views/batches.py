"""Batches of bulletins: start one for a unit's scopes below it, watch it, download its files.

The page and its small JSON status share the unit's view permission; starting (or retrying)
needs ``can_manage``. Downloads are the page's own URL with ``?item=&format=`` or ``?zip=``,
each file checked against the viewer's permission on the bulletin's own scope.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from anju.accounts.policy import can_manage, can_view_scope
from anju.bulletins.batch import (
    batch_counts,
    batch_items,
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
from anju.web.views.common import Place, require, resolve_unit

POLL_MILLISECONDS = 1500


@login_required
def batch(request: HttpRequest, unit: str, period: PeriodKey) -> HttpResponseBase:
    parent = _parent(request, unit, period)
    if request.method == "POST":
        require(request, parent, can_manage)
        return _post(request, parent, period)
    if "item" in request.GET:
        return _download_file(request, parent, period)
    chosen = _chosen(request, parent, period)
    if "zip" in request.GET:
        return _download_zip(request, chosen, parent)
    items = list(batch_items(chosen)) if chosen else []
    context = {
        "place": _place(parent, period),
        "parent": parent,
        "period": period,
        "batch": chosen,
        "counts": batch_counts(chosen) if chosen else None,
        "rows": [_row(request, parent, period, item) for item in items],
        "earlier": BulletinBatch.objects.filter(
            parent=parent, year=chosen.year, month=chosen.month
        ).exclude(pk=chosen.pk)[:10]
        if chosen
        else [],
        "can_manage": can_manage(request.user, parent),
        "levels": _level_choices(parent),
        "formats": FORMATS,
        "status_url": _status_url(parent, period, chosen),
        "poll_ms": POLL_MILLISECONDS,
    }
    return render(request, "web/batch.html", context)


@login_required
def batch_status(request: HttpRequest, unit: str, period: PeriodKey) -> JsonResponse:
    """What the page's script polls: the counts and each item's state and files."""
    parent = _parent(request, unit, period)
    chosen = _chosen(request, parent, period)
    if chosen is None:
        return JsonResponse({"batch": None})
    counts = batch_counts(chosen)
    return JsonResponse(
        {
            "batch": chosen.pk,
            **counts,
            "finished": counts["done"] + counts["failed"] >= counts["total"],
            "summary": _("完成 %(done)s，失败 %(failed)s，共 %(total)s") % counts,
            "zip": _page_url(parent, period, batch=chosen.pk, zip=1) if counts["done"] else "",
            "items": [_row(request, parent, period, item) for item in batch_items(chosen)],
        }
    )


def _parent(request: HttpRequest, unit: str, period: PeriodKey) -> Unit:
    parent = resolve_unit(unit)
    require(request, parent, can_view_scope)
    return parent


def _place(parent: Unit, period: PeriodKey) -> Place | None:
    """The unit's month for the navigation, when a programme covers the unit itself (a
    province above prefectures that each run their own programme has none)."""
    try:
        return Place(parent, period_find(unit=parent, key=period))
    except NotFound:
        return None


def _chosen(request: HttpRequest, parent: Unit, period: PeriodKey) -> BulletinBatch | None:
    """The batch named by ``?batch=`` (404 if it is not this unit's for this month), else the
    unit's latest for the month."""
    year, month = period.year, period.month
    batches = BulletinBatch.objects.filter(parent=parent, year=year, month=month)
    wanted = request.GET.get("batch", "")
    if not wanted:
        return batches.first()
    found = batches.filter(pk=int(wanted)).first() if wanted.isdigit() else None
    if found is None:
        raise Http404
    return found


def _post(request: HttpRequest, parent: Unit, period: PeriodKey) -> HttpResponse:
    """Start a batch; or, with ``action=retry`` on a batch's page, enqueue its failures again."""
    try:
        if request.POST.get("action") == "retry":
            started = _chosen(request, parent, period)
            if started is None:
                raise Http404
            count = batch_retry(batch=started)
            messages.success(request, _("已重新加入队列：%(count)s 份通报") % {"count": count})
        else:
            started = batch_start(
                parent=parent,
                period=period,
                user=request.user,
                formats=request.POST.getlist("formats"),
                level=int(request.POST.get("level") or 1),
            )
            count = started.items.count()
            messages.success(request, _("已加入队列：%(count)s 份通报") % {"count": count})
    except ValueError:
        messages.error(request, _("层数应为整数"))
        return redirect("web:batch", unit=parent.code, period=period)
    except AnjuError as error:
        for problem in str(error).splitlines():
            messages.error(request, problem)
        return redirect("web:batch", unit=parent.code, period=period)
    return redirect(_page_url(parent, period, batch=started.pk))


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
                "url": _page_url(parent, period, item=item.pk, format=file.format),
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


def _page_url(parent: Unit, period: PeriodKey, **query: Any) -> str:
    url = reverse("web:batch", kwargs={"unit": parent.code, "period": period})
    return f"{url}?{urlencode(query)}" if query else url


def _status_url(parent: Unit, period: PeriodKey, chosen: BulletinBatch | None) -> str:
    url = reverse("web:batch_status", kwargs={"unit": parent.code, "period": period})
    return f"{url}?{urlencode({'batch': chosen.pk})}" if chosen else url


def _download_file(request: HttpRequest, parent: Unit, period: PeriodKey) -> HttpResponse:
    year, month = period.year, period.month
    wanted, fmt = request.GET.get("item", ""), request.GET.get("format", "")
    if not wanted.isdigit() or fmt not in FORMATS:
        raise Http404
    file = (
        BulletinBatchFile.objects.select_related("item__scope", "item__batch")
        .filter(
            item_id=int(wanted),
            format=fmt,
            item__batch__parent=parent,
            item__batch__year=year,
            item__batch__month=month,
        )
        .first()
    )
    if file is None:
        raise Http404
    require(request, file.item.scope, can_view_scope)
    response = HttpResponse(bytes(file.content), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = _attachment(item_file_name(file.item, fmt))
    return response


def _download_zip(request: HttpRequest, chosen: BulletinBatch | None, parent: Unit) -> FileResponse:
    if chosen is None:
        raise Http404
    items = [item for item in batch_items(chosen) if can_view_scope(request.user, item.scope)]
    name = f"{parent.name}{chosen.year}年{chosen.month}月通报.zip"
    response = FileResponse(batch_zip(items=items), content_type="application/zip")
    response["Content-Disposition"] = _attachment(name)
    return response


def _attachment(name: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(name)}"
