"""Months: the office opens one with a due date; everyone sees who has reported."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from anju.accounts.policy import can_manage, can_read_report, can_review, can_view_scope
from anju.periodkey import PeriodKey
from anju.programmes.models import Programme
from anju.reporting.models import Period
from anju.reporting.selectors import period_completeness
from anju.reporting.services import period_open
from anju.web.forms.common import form_problems
from anju.web.forms.periods import PeriodOpenForm
from anju.web.views.common import require, resolve, resolve_unit


@login_required
def completeness(request: HttpRequest, unit: str, period: PeriodKey) -> HttpResponse:
    place = resolve(request, unit, period, can_view_scope)
    progress = period_completeness(period=place.period, scope=place.unit)
    rows = [(item, can_read_report(request.user, item.unit)) for item in progress]
    counts = Counter(item.status_label for item in progress)
    context = {
        "place": place,
        "rows": rows,
        "counts": sorted(counts.items()),
        "late": sum(item.late for item in progress),
        "can_review": can_review(request.user, place.unit),
        "can_manage": can_manage(request.user, place.unit),
    }
    return render(request, "web/completeness.html", context)


@login_required
def periods(request: HttpRequest, unit: str) -> HttpResponse:
    scope = resolve_unit(unit)
    require(request, scope, can_manage)
    programmes = Programme.objects.filter(scope=scope).order_by("-year")
    if request.method == "POST":
        _open(request, PeriodOpenForm(request.POST, programmes=programmes))
        return redirect("web:periods", unit=scope.code)
    listed = Period.objects.filter(programme__in=programmes).select_related("programme")
    context = {"scope": scope, "programmes": programmes, "periods": listed}
    return render(request, "web/periods.html", context)


def _open(request: HttpRequest, form: PeriodOpenForm) -> None:
    if not form.is_valid():
        for problem in form_problems(form):
            messages.error(request, problem)
        return
    data = form.cleaned_data
    period = period_open(programme=data["programme"], month=data["month"])
    period.due_date = data["due_date"]
    period.save(update_fields=["due_date"])
    messages.success(request, _("已开启 %(period)s 的填报") % {"period": period})
