"""A unit's report for a month: the entry form, saving and submitting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from anju.accounts.policy import can_read_report, can_review, can_write_report
from anju.errors import InvalidInput
from anju.periodkey import PeriodKey
from anju.reporting.entry import entry_rows
from anju.reporting.models import Report, ValueChange
from anju.reporting.services import EDITABLE, StaleVersion, report_set_values
from anju.reporting.workflow import report_for, report_peek, report_submit
from anju.web.views.common import Place, require, resolve


@login_required
def report(request: HttpRequest, unit: str, period: PeriodKey) -> HttpResponse:
    place = resolve(request, unit, period, can_read_report)
    if request.method == "POST":
        require(request, place.unit, can_write_report)
        return _post(request, place, report_for(unit=place.unit, period=place.period))
    return _page(request, place, report_peek(unit=place.unit, period=place.period))


def _page(
    request: HttpRequest,
    place: Place,
    current: Report,
    *,
    entered: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    editable = (
        current.status in EDITABLE
        and can_write_report(request.user, place.unit)
        and not place.unit.children.exists()
    )
    context = {
        "place": place,
        "report": current,
        "rows": entry_rows(current, entered=entered, errors=errors),
        "editable": editable,
        "can_review": can_review(request.user, place.unit),
        "problems": problems or [],
        "note": request.POST.get("note", current.note) if entered else current.note,
        "events": current.events.select_related("user")[:10] if current.pk else [],
    }
    return render(request, "web/report.html", context, status=status)


def _post(request: HttpRequest, place: Place, current: Report) -> HttpResponse:
    entered = {
        key.removeprefix("fig_"): request.POST.get(key, "").strip()
        for key in request.POST
        if key.startswith("fig_")
    }
    version = int(request.POST.get("version", "0") or 0)
    try:
        report_set_values(
            report=current,
            values=entered,
            user=request.user,
            channel=ValueChange.Channel.FORM,
            comment=request.POST.get("note", ""),
            expected_version=version,
        )
        if request.POST.get("action") == "submit":
            current.refresh_from_db()
            report_submit(report=current, user=request.user, note=request.POST.get("note", ""))
            messages.success(request, _("已报送，等待审核"))
        else:
            messages.success(request, _("已保存草稿"))
    except StaleVersion as error:
        current.refresh_from_db()
        return _page(request, place, current, problems=error.problems, status=409)
    except InvalidInput as error:
        current.refresh_from_db()
        return _page(
            request,
            place,
            current,
            entered=entered,
            errors=error.fields,
            problems=error.problems,
            status=422,
        )
    return redirect("web:report", unit=place.unit.code, period=place.key)
