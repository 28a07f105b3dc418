"""A unit's projects as a workbook: download the month's template, upload it filled in, see
what it changes, confirm (all of it) or discard."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from anju.accounts.policy import can_write_report
from anju.errors import InvalidInput
from anju.periodkey import PeriodKey
from anju.projects.models import ProjectImport
from anju.projects.workbook import workbook_filename, workbook_template
from anju.projects.workbook_upload import (
    ProjectCheck,
    workbook_apply,
    workbook_check,
    workbook_discard,
)
from anju.reporting.excel import XLSX_CONTENT_TYPE
from anju.web.forms.common import form_problems
from anju.web.forms.projects import WorkbookActionForm
from anju.web.views.common import Place, attachment, resolve, signed_in
from anju.web.views.uploads import upload_context, uploaded_workbook


def _place(request: HttpRequest, unit: str, period: PeriodKey) -> Place:
    return resolve(request, unit, period, can_write_report)


@login_required
@require_safe
def template(request: HttpRequest, unit: str, period: PeriodKey) -> HttpResponseBase:
    place = _place(request, unit, period)
    try:
        data = workbook_template(user=signed_in(request), unit=place.unit, period=place.period)
    except InvalidInput as error:
        messages.error(request, "；".join(error.problems))
        return redirect("web:projects", unit=place.unit.code, period=place.key)
    name = workbook_filename(unit=place.unit, period=place.period)
    return attachment(data, name, XLSX_CONTENT_TYPE, private=True)


@login_required
def upload(request: HttpRequest, unit: str, period: PeriodKey) -> HttpResponse:
    place = _place(request, unit, period)
    if request.method != "POST":
        return _page(request, place)
    upload = uploaded_workbook(request)
    if isinstance(upload, list):
        return _page(request, place, ProjectCheck(problems=upload), status=400)
    check = workbook_check(
        user=signed_in(request),
        unit=place.unit,
        period=place.period,
        data=upload.data,
        filename=upload.filename,
    )
    if check.pending is not None:
        return redirect(
            "web:project_workbook_confirm",
            unit=place.unit.code,
            period=place.key,
            pk=check.pending.pk,
        )
    return _page(request, place, check, status=422 if check.problems else 200)


def _page(
    request: HttpRequest,
    place: Place,
    check: ProjectCheck | None = None,
    pending: ProjectImport | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        **upload_context(place, check, workbook_filename(unit=place.unit, period=place.period)),
        "pending": pending,
        "changes": _changes(pending) if pending else [],
        "problems": problems or [],
    }
    return render(request, "web/project_workbook.html", context, status=status)


FIELDS = ("started", "basic", "completed", "invested", "node")


def _changes(pending: ProjectImport) -> list[tuple[str, str, list[tuple[str, str, bool]]]]:
    """Per project (code, name), each field's old and new text and whether it changes."""
    return [
        (
            code,
            row.get("name", ""),
            [(row["old"][n], row["new"][n], row["old"][n] != row["new"][n]) for n in FIELDS],
        )
        for code, row in pending.rows.items()
    ]


@login_required
def confirm(request: HttpRequest, unit: str, period: PeriodKey, pk: int) -> HttpResponse:
    place = _place(request, unit, period)
    pending = get_object_or_404(ProjectImport, pk=pk, unit=place.unit, period=place.period)
    if pending.user_id != request.user.pk:
        raise PermissionDenied  # only the uploader sees and confirms their file
    if request.method != "POST":
        return _page(request, place, pending=pending)
    form = WorkbookActionForm(request.POST)
    try:
        if not form.is_valid():
            raise InvalidInput(form_problems(form))
        if form.cleaned_data["action"] == "discard":
            workbook_discard(pending=pending)
            messages.info(request, _("已放弃这次导入，系统中的数据没有改动"))
            return redirect("web:project_workbook", unit=place.unit.code, period=place.key)
        stored = workbook_apply(pending=pending, user=signed_in(request))
    except InvalidInput as error:
        return _page(request, place, pending=pending, problems=error.problems, status=409)
    messages.success(request, _("已导入 %(n)d 个项目的本月进度") % {"n": stored})
    return redirect("web:projects", unit=place.unit.code, period=place.key)
