"""The office's review: approve or return one report, approve many, unlock a locked one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anju.accounts.policy import can_review
from anju.errors import InvalidInput
from anju.periodkey import PeriodKey
from anju.reporting.models import Report
from anju.reporting.selectors import period_completeness
from anju.reporting.workflow import (
    report_approve,
    report_for,
    report_return,
    report_unlock,
    reports_approve,
)
from anju.web.views.common import resolve


@login_required
@require_POST
def review(request: HttpRequest, unit: str, period: PeriodKey) -> HttpResponse:
    place = resolve(request, unit, period, can_review)
    current = report_for(unit=place.unit, period=place.period)
    try:
        if request.POST.get("action") == "approve":
            report_approve(report=current, user=request.user)
            messages.success(request, _("已审核通过"))
        else:
            report_return(
                report=current, user=request.user, comment=request.POST.get("comment", "")
            )
            messages.success(request, _("已退回，填报人将看到退回意见"))
    except InvalidInput as error:
        for problem in error.problems:
            messages.error(request, problem)
    return redirect("web:report", unit=place.unit.code, period=place.key)


@login_required
@require_POST
def unlock(request: HttpRequest, unit: str, period: PeriodKey) -> HttpResponse:
    place = resolve(request, unit, period, can_review)
    try:
        report_unlock(
            report=report_for(unit=place.unit, period=place.period),
            user=request.user,
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("已解锁，报表退回填报人更正"))
    except InvalidInput as error:
        for problem in error.problems:
            messages.error(request, problem)
    return redirect("web:report", unit=place.unit.code, period=place.key)


@login_required
def review_list(request: HttpRequest, unit: str, period: PeriodKey) -> HttpResponse:
    """Every submitted report in the scope, to approve several at once."""
    place = resolve(request, unit, period, can_review)
    if request.method == "POST":
        chosen = Report.objects.filter(
            pk__in=request.POST.getlist("report"),
            period=place.period,
            unit__path__startswith=place.unit.path,
        )
        try:
            done = reports_approve(reports=chosen, user=request.user)
            messages.success(request, _("已审核通过 %(count)d 份报表") % {"count": len(done)})
        except InvalidInput as error:
            for problem in error.problems:
                messages.error(request, problem)
        return redirect("web:review_list", unit=place.unit.code, period=place.key)
    progress = period_completeness(period=place.period, scope=place.unit)
    waiting = [p for p in progress if p.status == Report.Status.SUBMITTED]
    return render(request, "web/review_list.html", {"place": place, "waiting": waiting})
