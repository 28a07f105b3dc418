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
    report_peek,
    report_return,
    report_unlock,
    reports_approve,
)
from anju.web.forms.common import form_problems
from anju.web.forms.reports import BulkApproveForm, ReviewForm, UnlockForm
from anju.web.views.common import Place, resolve, signed_in


@login_required
@require_POST
def review(request: HttpRequest, unit: str, period: PeriodKey) -> HttpResponse:
    place = resolve(request, unit, period, can_review)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _refused(request, place, form_problems(form))
    current = report_peek(unit=place.unit, period=place.period)
    try:
        if form.cleaned_data["action"] == "approve":
            report_approve(report=current, user=signed_in(request))
            messages.success(request, _("已审核通过"))
        else:
            report_return(
                report=current, user=signed_in(request), comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("已退回，填报人将看到退回意见"))
    except InvalidInput as error:
        return _refused(request, place, error.problems)
    return redirect("web:report", unit=place.unit.code, period=place.key)


@login_required
@require_POST
def unlock(request: HttpRequest, unit: str, period: PeriodKey) -> HttpResponse:
    place = resolve(request, unit, period, can_review)
    form = UnlockForm(request.POST)
    if not form.is_valid():
        return _refused(request, place, form_problems(form))
    try:
        report_unlock(
            report=report_peek(unit=place.unit, period=place.period),
            user=signed_in(request),
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("已解锁，报表退回填报人更正"))
    except InvalidInput as error:
        return _refused(request, place, error.problems)
    return redirect("web:report", unit=place.unit.code, period=place.key)


def _refused(request: HttpRequest, place: Place, problems: list[str]) -> HttpResponse:
    """Back to the report, which shows why; nothing was written."""
    for problem in problems:
        messages.error(request, problem)
    return redirect("web:report", unit=place.unit.code, period=place.key)


@login_required
def review_list(request: HttpRequest, unit: str, period: PeriodKey) -> HttpResponse:
    """Every submitted report in the scope, to approve several at once."""
    place = resolve(request, unit, period, can_review)
    if request.method == "POST":
        in_scope = Report.objects.filter(
            period=place.period, unit__path__startswith=place.unit.path
        ).select_related("unit")
        form = BulkApproveForm(request.POST, reports=in_scope)
        try:
            if not form.is_valid():
                raise InvalidInput(form_problems(form))
            done = reports_approve(reports=form.cleaned_data["report"], user=signed_in(request))
            messages.success(request, _("已审核通过 %(count)d 份报表") % {"count": len(done)})
        except InvalidInput as error:
            for problem in error.problems:
                messages.error(request, problem)
        return redirect("web:review_list", unit=place.unit.code, period=place.key)
    progress = period_completeness(period=place.period, scope=place.unit)
    waiting = [p for p in progress if p.status == Report.Status.SUBMITTED]
    return render(request, "web/review_list.html", {"place": place, "waiting": waiting})
