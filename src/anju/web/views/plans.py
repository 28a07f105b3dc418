"""A unit's monthly plan (月工作目标) for a year: the plan in force, its versions, entry and
the office's review. The rules live in ``anju.plans``; this page only asks and shows."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from anju.accounts.policy import can_read_report, can_review, can_write_report
from anju.engine.values import format_value
from anju.errors import InvalidInput, NotFound
from anju.plans.entry import plan_input
from anju.plans.models import PlanVersion
from anju.plans.selectors import (
    Plan,
    pending_version,
    plan_in_force,
    plan_versions,
    planned_elements,
    programme_for,
    unit_targets,
    version_plan,
)
from anju.plans.services import field_name, plan_approve, plan_return, plan_save
from anju.programmes.models import DataElement, Programme, Unit
from anju.web.forms.common import form_problems
from anju.web.forms.plans import MONTHS, PlanForm, PlanReviewForm
from anju.web.views.common import require, resolve_unit, signed_in


@login_required
def plan(request: HttpRequest, unit: str, year: int) -> HttpResponse:
    found = resolve_unit(unit)
    require(request, found, can_read_report)
    try:
        programme = programme_for(found, year)
    except NotFound as error:
        raise Http404(str(error)) from error
    elements = list(planned_elements(programme))
    targets = unit_targets(programme, found)
    form = PlanForm(elements=elements)
    problems: list[str] = []
    fields: dict[str, str] = {}
    if request.method == "POST":
        review = PlanReviewForm(request.POST)
        try:
            if review.data.get("action") in ("approve", "return"):
                _review(request, found, programme, review)
            else:
                form = PlanForm(request.POST, elements=elements)
                _save(request, found, programme, form)
            return redirect("web:plan", unit=found.code, year=year)
        except InvalidInput as error:
            problems, fields = error.problems, error.fields
    context = {
        "unit": found,
        "programme": programme,
        "year": year,
        "elements": elements,
        "columns": [(element, targets.get(element.code)) for element in elements],
        "rows": _rows(form, elements, plan_in_force(programme, found), fields),
        "versions": plan_versions(programme, found),
        "pending": pending_version(programme, found),
        "problems": problems,
        "editable": can_write_report(request.user, found),
        "reviewer": can_review(request.user, found),
    }
    pending = context["pending"]
    if isinstance(pending, PlanVersion):
        context["pending_rows"] = _rows(None, elements, version_plan(pending), {})
    return render(request, "web/plan.html", context)


def _rows(
    form: PlanForm | None,
    elements: list[DataElement],
    plan: Plan,
    fields: dict[str, str],
) -> list[dict[str, object]]:
    """One row per month: for each figure its field name, what to show in it, its error."""
    rows = []
    for month in MONTHS:
        cells = []
        for element in elements:
            name = field_name(element.code, month)
            goal = plan.get(element.code, {}).get(month)
            shown = "" if goal is None else format_value(goal, None, trim=True)
            if form is not None and form.is_bound:
                shown = str(form.data.get(name, ""))
            cells.append({"name": name, "value": shown, "error": fields.get(name, "")})
        rows.append({"month": month, "cells": cells})
    return rows


def _save(request: HttpRequest, unit: Unit, programme: Programme, form: PlanForm) -> None:
    if not form.is_valid():
        raise InvalidInput(form_problems(form))
    version = plan_save(
        user=signed_in(request),
        unit=unit,
        programme=programme,
        figures=plan_input(programme, form.goals()),
        reason=form.cleaned_data["reason"],
        channel=PlanVersion.Channel.FORM,
    )
    done = {"number": version.number}
    if version.status == PlanVersion.Status.APPROVED:
        messages.success(request, _("已保存第%(number)s版，即日起执行") % done)
    else:
        messages.success(request, _("已提交第%(number)s版，待上级审核后执行") % done)


def _review(request: HttpRequest, unit: Unit, programme: Programme, form: PlanReviewForm) -> None:
    if not form.is_valid():
        raise InvalidInput(form_problems(form))
    data = form.cleaned_data
    version = PlanVersion.objects.filter(
        programme=programme, unit=unit, number=data["version"]
    ).first()
    if version is None:
        raise InvalidInput([_("没有这个版本")])
    if data["action"] == "approve":
        plan_approve(user=signed_in(request), version=version, comment=data["comment"])
        messages.success(request, _("已批准第%(number)s版") % {"number": version.number})
    else:
        plan_return(user=signed_in(request), version=version, comment=data["comment"])
        messages.success(request, _("已退回第%(number)s版") % {"number": version.number})
