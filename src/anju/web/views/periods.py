"""Months: the office opens one with a due date and closes it; everyone sees who has reported."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from anju.accounts.policy import can_manage
from anju.errors import InvalidInput
from anju.programmes.models import Programme
from anju.reporting.models import Period
from anju.reporting.services import period_close, period_open
from anju.web.forms.common import form_problems
from anju.web.forms.periods import PeriodActionForm, PeriodCloseForm, PeriodOpenForm
from anju.web.views.common import require, resolve_unit, signed_in


@login_required
def periods(request: HttpRequest, unit: str) -> HttpResponse:
    scope = resolve_unit(unit)
    require(request, scope, can_manage)
    programmes = Programme.objects.filter(scope=scope).order_by("-year")
    if request.method == "POST":
        _post(request, programmes)
        return redirect("web:periods", unit=scope.code)
    listed = Period.objects.filter(programme__in=programmes).select_related("programme")
    context = {"scope": scope, "programmes": programmes, "periods": listed}
    return render(request, "web/periods.html", context)


def _post(request: HttpRequest, programmes: QuerySet[Programme]) -> None:
    chosen = PeriodActionForm(request.POST)
    try:
        if not chosen.is_valid():
            raise InvalidInput(form_problems(chosen))
        if chosen.cleaned_data["action"] == "close":
            _close(request, PeriodCloseForm(request.POST, programmes=programmes))
        else:
            _open(request, PeriodOpenForm(request.POST, programmes=programmes))
    except InvalidInput as error:
        for problem in error.problems:
            messages.error(request, problem)


def _open(request: HttpRequest, form: PeriodOpenForm) -> None:
    if not form.is_valid():
        raise InvalidInput(form_problems(form))
    data = form.cleaned_data
    period = period_open(
        programme=data["programme"], month=data["month"], due_date=data["due_date"]
    )
    messages.success(request, _("已开启 %(period)s 的填报") % {"period": period})


def _close(request: HttpRequest, form: PeriodCloseForm) -> None:
    if not form.is_valid():
        raise InvalidInput(form_problems(form))
    data = form.cleaned_data
    period = Period.objects.filter(programme=data["programme"], month=data["month"]).first()
    if period is None:
        raise InvalidInput([_("该月份尚未开启")])
    period_close(period=period, user=signed_in(request))
    messages.success(
        request,
        _("%(period)s已关闭：报表已锁定，如需更正须由管理员解锁并填写理由") % {"period": period},
    )
