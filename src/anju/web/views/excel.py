"""The Excel round trip: download the month's template, upload it filled in, confirm the changes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from anju.accounts.policy import can_view_scope
from anju.errors import InvalidInput
from anju.periodkey import PeriodKey
from anju.reporting.excel import (
    XLSX_CONTENT_TYPE,
    ImportCheck,
    check_workbook,
    import_apply,
    import_discard,
    import_preview,
    template_filename,
    template_units,
    template_workbook,
)
from anju.reporting.excel.background import (
    import_enqueue,
    import_finished,
    import_in_background,
    import_stalled,
)
from anju.reporting.excel.submit import SubmitOutcome, imported_submit
from anju.reporting.models import ExcelImport
from anju.web.forms.common import form_problems
from anju.web.forms.excel import ImportActionForm
from anju.web.views.common import Place, attachment, resolve, signed_in
from anju.web.views.uploads import upload_context, uploaded_workbook

# A whole province's file changes tens of thousands of figures; the page lists the first
# ones (in tree order) and counts the rest rather than sending megabytes of table.
PREVIEW_ROWS = 500
POLL_MILLISECONDS = 1000


def _place(request: HttpRequest, unit: str, period: PeriodKey) -> Place:
    """The scope and month; 403 unless the user sees the scope and may write a unit in it."""
    place = resolve(request, unit, period, can_view_scope)
    if not template_units(user=signed_in(request), scope=place.unit):
        raise PermissionDenied
    return place


@login_required
def template(request: HttpRequest, unit: str, period: PeriodKey) -> FileResponse:
    place = _place(request, unit, period)
    data = template_workbook(user=signed_in(request), scope=place.unit, period=place.period)
    name = template_filename(scope=place.unit, period=place.period)
    return attachment(data, name, XLSX_CONTENT_TYPE, private=True)


@login_required
def upload(request: HttpRequest, unit: str, period: PeriodKey) -> HttpResponse:
    place = _place(request, unit, period)
    if request.method != "POST":
        return _upload_page(request, place)
    upload = uploaded_workbook(request)
    if isinstance(upload, list):
        return _upload_page(request, place, ImportCheck(upload), status=400)
    check = check_workbook(
        user=signed_in(request),
        scope=place.unit,
        period=place.period,
        data=upload.data,
        filename=upload.filename,
    )
    if check.excel_import is not None:
        return redirect("web:excel_confirm", pk=check.excel_import.pk)
    # A refused file is an answer about the request, as the project workbook's is.
    return _upload_page(request, place, check, status=422 if check.problems else 200)


def _upload_page(
    request: HttpRequest, place: Place, check: ImportCheck | None = None, status: int = 200
) -> HttpResponse:
    context = upload_context(place, check, template_filename(scope=place.unit, period=place.period))
    return render(request, "web/excel_upload.html", context, status=status)


def _own_import(request: HttpRequest, pk: int) -> ExcelImport:
    excel_import = get_object_or_404(
        ExcelImport.objects.select_related("period__programme", "scope", "user"), pk=pk
    )
    if excel_import.user_id != request.user.pk:
        raise PermissionDenied  # only the uploader sees and confirms their file
    return excel_import


@login_required
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    excel_import = _own_import(request, pk)
    place = Place(excel_import.scope, excel_import.period)
    if request.method != "POST":
        if _handed_to_task(excel_import):
            return _progress_page(request, place, excel_import)
        return _preview_page(request, place, excel_import, excel_import.problems)
    form = ImportActionForm(request.POST)
    if not form.is_valid():
        return _preview_page(request, place, excel_import, form_problems(form), status=400)
    try:
        if form.cleaned_data["action"] in ("apply", "apply_submit"):
            submit = form.cleaned_data["action"] == "apply_submit"
            return _apply(request, place, excel_import, submit=submit)
        import_discard(excel_import=excel_import, user=signed_in(request))
        messages.info(request, _("已放弃这次导入，系统中的数据没有改动"))
        return redirect("web:excel_upload", unit=place.unit.code, period=place.key)
    except InvalidInput as error:
        return _preview_page(request, place, excel_import, error.problems, status=409)


def _apply(
    request: HttpRequest, place: Place, excel_import: ExcelImport, *, submit: bool
) -> HttpResponse:
    if import_in_background(excel_import):  # a large file: a task writes it, the page follows
        import_enqueue(excel_import=excel_import, user=signed_in(request), submit=submit)
        return redirect("web:excel_confirm", pk=excel_import.pk)
    reports = import_apply(excel_import=excel_import, user=signed_in(request), submit=submit)
    figures = sum(len(values) for values in excel_import.changes.values())
    if figures:
        units = sum(1 for values in excel_import.changes.values() if values)
        messages.success(
            request,
            _("已导入 %(units)d 个单位的 %(figures)d 项数据")
            % {"units": units, "figures": figures},
        )
    if noted := sum(1 for values in excel_import.changes.values() if not values):
        messages.success(request, _("已更新 %(units)d 个单位的填报说明") % {"units": noted})
    if submit:
        _submitted(
            request, imported_submit(reports=reports, user=signed_in(request), scope=place.unit)
        )
    if len(reports) == 1:  # a county's own file: on to its report, to check and submit
        return redirect("web:report", unit=reports[0].unit.code, period=place.key)
    return redirect("web:excel_upload", unit=place.unit.code, period=place.key)


def _submitted(request: HttpRequest, outcome: SubmitOutcome) -> None:
    if outcome.submitted:
        names = "、".join(report.unit.name for report in outcome.submitted)
        messages.success(
            request,
            _("已报送 %(count)d 个单位，等待审核：%(units)s")
            % {"count": len(outcome.submitted), "units": names},
        )
    for unit, problems in outcome.refused:
        messages.error(
            request,
            _("%(unit)s未能报送，已保存为草稿：%(why)s")
            % {"unit": unit, "why": "；".join(problems)},
        )


def _preview_page(
    request: HttpRequest,
    place: Place,
    excel_import: ExcelImport,
    refused: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    pending = excel_import.status == ExcelImport.Status.PENDING
    preview = import_preview(excel_import=excel_import) if pending else None
    changes = preview.changes if preview else []
    context = {
        "place": place,
        "excel_import": excel_import,
        "preview": preview,
        "shown": changes[:PREVIEW_ROWS],
        "not_shown": max(0, len(changes) - PREVIEW_ROWS),
        "refused": refused or [],
        "can_apply": preview is not None and not preview.problems,
    }
    return render(request, "web/excel_preview.html", context, status=status)


def _handed_to_task(excel_import: ExcelImport) -> bool:
    """Queued, being written, or written by a background task (not refused, not discarded)."""
    Status = ExcelImport.Status
    running = excel_import.status in (Status.QUEUED, Status.RUNNING)
    return running or (excel_import.status == Status.APPLIED and bool(excel_import.task_id))


def _progress_page(request: HttpRequest, place: Place, excel_import: ExcelImport) -> HttpResponse:
    """A large import handed to a background task: how it goes, then how it ended."""
    outcome = excel_import.outcome
    context = {
        "place": place,
        "excel_import": excel_import,
        "finished": import_finished(excel_import),
        "stalled": import_stalled(excel_import),
        "stage": _stage(excel_import),
        "units": len(excel_import.changes),
        "outcome": outcome,
        "refused": [(unit, "；".join(why)) for unit, why in outcome.get("refused", [])],
        "status_url": reverse("web:excel_status", kwargs={"pk": excel_import.pk}),
        "poll_ms": POLL_MILLISECONDS,
    }
    return render(request, "web/excel_progress.html", context)


def _stage(excel_import: ExcelImport) -> str:
    Status = ExcelImport.Status
    units = len(excel_import.changes)
    if excel_import.status == Status.QUEUED:
        return _("排队中，等待后台任务进程领取")
    if excel_import.status == Status.RUNNING:
        return _("正在检查并写入 %(units)d 个单位的数据（全部成功才保存）") % {"units": units}
    if excel_import.status == Status.APPLIED and not import_finished(excel_import):
        return _("数据已保存，正在报送")
    return str(excel_import.get_status_display())


@login_required
@require_safe
def status(request: HttpRequest, pk: int) -> JsonResponse:
    """What the progress page polls; once finished, the page reloads to show the result."""
    excel_import = _own_import(request, pk)
    return JsonResponse(
        {
            "status": excel_import.status,
            "label": excel_import.get_status_display(),
            "stage": _stage(excel_import),
            "finished": import_finished(excel_import),
            "stalled": import_stalled(excel_import),
        }
    )
