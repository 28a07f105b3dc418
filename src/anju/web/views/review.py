"""The office's review: approve or return one report, approve many, unlock a locked one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
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
    return _step(request, place, ReviewForm(request.POST), _approve_or_return)


@login_required
@require_POST
def unlock(request: HttpRequest, unit: str, period: PeriodKey) -> HttpResponse:
    place = resolve(request, unit, period, can_review)
    return _step(request, place, UnlockForm(request.POST), _unlock)


def _approve_or_return(report: Report, user: User, data: dict[str, Any]) -> str:
    if data["action"] == "approve":
        report_approve(report=report, user=user)
        return _("已审核通过")
    report_return(report=report, user=user, comment=data["comment"])
    return _("已退回，填报人将看到退回意见")


def _unlock(report: Report, user: User, data: dict[str, Any]) -> str:
    report_unlock(report=report, user=user, reason=data["reason"])
    return _("已解锁，报表退回填报人更正")


def _step(
    request: HttpRequest,
    place: Place,
    form: forms.Form,
    step: Callable[[Report, User, dict[str, Any]], str],
) -> HttpResponse:
    """One review step on the month's report, then back to the report, which says what was
    done or why it was refused (then nothing was written)."""
    try:
        if not form.is_valid():
            raise InvalidInput(form_problems(form))
        report = report_peek(unit=place.unit, period=place.period)
        messages.success(request, step(report, signed_in(request), form.cleaned_data))
    except InvalidInput as error:
        _say(request, error.problems)
    return redirect("web:report", unit=place.unit.code, period=place.key)


def _say(request: HttpRequest, problems: list[str]) -> None:
    for problem in problems:
        messages.error(request, problem)


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
            _say(request, error.problems)
        return redirect("web:review_list", unit=place.unit.code, period=place.key)
    progress = period_completeness(period=place.period, scope=place.unit)
    waiting = [p for p in progress if p.status == Report.Status.SUBMITTED]
    return render(request, "web/review_list.html", {"place": place, "waiting": waiting})
