"""Photos of a project's month: the unit's reporters attach and remove them while the month
can change; whoever may read the unit's report sees them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anju.accounts.policy import can_read_report, can_write_report
from anju.errors import InvalidInput, NotFound
from anju.periodkey import PeriodKey
from anju.photos.imaging import MAX_BYTES, MAX_PIXELS
from anju.projects.models import Project
from anju.projects.photos import (
    month_on_record,
    month_photo_add,
    month_photo_find,
    month_photo_remove,
    month_photos,
)
from anju.projects.selectors import months_editable, project_find
from anju.web.forms.common import form_problems
from anju.web.forms.projects import PhotoUploadForm
from anju.web.views.common import Place, require, resolve, signed_in


def _project(
    request: HttpRequest, unit: str, period: PeriodKey, code: str
) -> tuple[Place, Project]:
    place = resolve(request, unit, period, can_read_report)
    try:
        return place, project_find(unit=place.unit, period=place.period, code=code)
    except NotFound as error:
        raise Http404(str(error)) from error


@login_required
def project_photos(request: HttpRequest, unit: str, period: PeriodKey, code: str) -> HttpResponse:
    place, project = _project(request, unit, period, code)
    problems: list[str] = []
    if request.method == "POST":
        require(request, place.unit, can_write_report)
        form = PhotoUploadForm(request.POST, request.FILES)
        try:
            if not form.is_valid():
                raise InvalidInput(form_problems(form))
            month_photo_add(
                project=project,
                period=place.period,
                upload=form.cleaned_data["photo"],
                user=signed_in(request),
            )
        except InvalidInput as error:
            problems = list(error.problems)
        else:
            messages.success(request, _("已上传照片"))
            return redirect("web:project_photos", unit=place.unit.code, period=place.key, code=code)
    context = {
        "place": place,
        "project": project,
        "photos": month_photos(project=project, period=place.period),
        "editable": months_editable(user=request.user, unit=place.unit, period=place.period),
        "can_write": can_write_report(request.user, place.unit),
        "on_record": month_on_record(project=project, period=place.period),
        "problems": problems,
        "limit_mb": MAX_BYTES // 2**20,
        "limit_mpx": MAX_PIXELS // 10**6,
    }
    return render(request, "web/project_photos.html", context, status=422 if problems else 200)


@login_required
@require_POST
def project_photo_remove(
    request: HttpRequest, unit: str, period: PeriodKey, code: str, pk: int
) -> HttpResponse:
    place, project = _project(request, unit, period, code)
    require(request, place.unit, can_write_report)
    photo = month_photo_find(project=project, period=place.period, pk=pk)
    if photo is None:
        raise Http404(_("没有这张照片"))
    try:
        month_photo_remove(photo=photo, user=signed_in(request))
    except InvalidInput as error:
        messages.error(request, "；".join(error.problems))
    else:
        messages.success(request, _("已删除照片“%(name)s”") % {"name": photo.filename})
    return redirect("web:project_photos", unit=place.unit.code, period=place.key, code=code)
