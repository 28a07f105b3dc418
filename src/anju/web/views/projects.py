"""The project register of a unit and month: its projects with their month, registering and
editing one, and the unit's figures beside the sums of its projects; every gap of a scope."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from anju.accounts.policy import can_read_report, can_view_audit, can_write_report
from anju.errors import InvalidInput, NotFound
from anju.periodkey import PeriodKey
from anju.projects.models import Project, ProjectMonth
from anju.projects.photos import PHOTO_FIELD
from anju.projects.selectors import (
    months_editable,
    project_find,
    project_rows,
    report_reconciliation,
    scope_gaps,
)
from anju.projects.services import project_create, project_month_save, project_update
from anju.web.forms.common import form_problems
from anju.web.forms.projects import ProjectForm, ProjectMonthForm
from anju.web.views.common import field_labels, require, resolve, signed_in

# The trail names each field as the form does: 本期开工（套）, 已入住套数, …
FIELD_LABELS = field_labels(Project, ProjectMonth) | {PHOTO_FIELD: "照片"}


@login_required
def project_list(request: HttpRequest, unit: str, period: PeriodKey) -> HttpResponse:
    place = resolve(request, unit, period, can_read_report)
    problems: list[str] = []
    if request.method == "POST":
        require(request, place.unit, can_write_report)
        form = ProjectMonthForm(request.POST)
        try:
            if not form.is_valid():
                raise InvalidInput(form_problems(form))
            data = form.cleaned_data
            project = project_find(unit=place.unit, period=place.period, code=data["project"])
            project_month_save(
                project=project,
                period=place.period,
                flows=form.flows(),
                node=data["node"],
                user=signed_in(request),
            )
        except NotFound as error:
            problems = [str(error)]
        except InvalidInput as error:
            problems = list(error.problems)
        else:
            messages.success(request, _("已保存%(project)s的本月进度") % {"project": project})
            return redirect("web:projects", unit=place.unit.code, period=place.key)
    context = {
        "place": place,
        "rows": project_rows(unit=place.unit, period=place.period),
        "reconciliation": [
            row
            for row in report_reconciliation(unit=place.unit, period=place.period)
            if row.summed is not None
        ],
        "editable": months_editable(user=request.user, unit=place.unit, period=place.period),
        "can_register": can_write_report(request.user, place.unit),
        "problems": problems,
    }
    return render(request, "web/projects.html", context, status=422 if problems else 200)


@login_required
def project_edit(
    request: HttpRequest, unit: str, period: PeriodKey, code: str | None = None
) -> HttpResponse:
    """Register a project (no code in the URL) or change one."""
    place = resolve(request, unit, period, can_read_report)
    require(request, place.unit, can_write_report)
    project: Project | None = None
    if code is not None:
        try:
            project = project_find(unit=place.unit, period=place.period, code=code)
        except NotFound as error:
            raise Http404(str(error)) from error
    problems: list[str] = []
    if request.method == "POST":
        form = ProjectForm(request.POST, creating=project is None)
        try:
            if not form.is_valid():
                raise InvalidInput(form_problems(form))
            if project is None:
                project = project_create(
                    programme=place.period.programme,
                    unit=place.unit,
                    code=form.cleaned_data["code"],
                    data=form.project_data(),
                    user=signed_in(request),
                )
            else:
                project = project_update(
                    project=project,
                    data=form.project_data(),
                    user=signed_in(request),
                    expected_version=form.cleaned_data.get("version"),
                )
        except InvalidInput as error:
            problems = list(error.problems)
        else:
            messages.success(request, _("已保存项目“%(name)s”") % {"name": project.name})
            return redirect("web:projects", unit=place.unit.code, period=place.key)
    else:
        initial = (
            {name: getattr(project, name) for name in ProjectForm.base_fields} if project else {}
        )
        form = ProjectForm(
            initial=initial or {"task_year": place.period.programme.year}, creating=project is None
        )
    changes = [
        (change, FIELD_LABELS.get(change.field, change.field))
        for change in (project.changes.select_related("user", "period")[:100] if project else [])
    ]
    context = {
        "place": place,
        "project": project,
        "form": form,
        "problems": problems,
        "changes": changes,
    }
    return render(request, "web/project_form.html", context, status=422 if problems else 200)


@login_required
def project_gaps(request: HttpRequest, unit: str, period: PeriodKey) -> HttpResponse:
    """Every gap between a reported figure and its projects in the scope's month, for the
    office and inspectors; the unexplained first."""
    place = resolve(request, unit, period, can_view_audit)
    gaps = scope_gaps(scope=place.unit, period=place.period)
    context = {
        "place": place,
        "unexplained": [g for g in gaps if not g.explained],
        "explained": [g for g in gaps if g.explained],
    }
    return render(request, "web/project_gaps.html", context)
