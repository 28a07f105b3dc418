"""Photos on a finding's page: its inspectors and office admins attach and remove the
finding's photos while it is not closed; the responsible unit's reporters those of their
rectification while it awaits the verdict. The rules are inspections.photos', as the API's."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anju.accounts.policy import Person, can_view_inspections
from anju.errors import InvalidInput, NotFound
from anju.inspections.models import Finding, Rectification
from anju.inspections.photos import (
    finding_photo_sets,
    inspection_photo_add,
    inspection_photo_locate,
    inspection_photo_remove,
)
from anju.photos.imaging import MAX_BYTES, MAX_PIXELS
from anju.web.forms.common import form_problems
from anju.web.forms.inspections import InspectionPhotoForm
from anju.web.views.common import require, signed_in
from anju.web.views.inspections import finding_or_404


def photo_context(user: Person, finding: Finding) -> dict[str, Any]:
    """What the finding's page shows of photos: the finding's, and each rectification's,
    with whether the viewer may change them."""
    first, *rectifications = finding_photo_sets(user, finding)
    return {
        "finding_photos": first,
        "rectification_photos": rectifications,
        "limit_mb": MAX_BYTES // 2**20,
        "limit_mpx": MAX_PIXELS // 10**6,
    }


def _owner(finding: Finding, rectification: int | None) -> Finding | Rectification:
    if rectification is None:
        return finding
    found = finding.rectifications.filter(pk=rectification).first()
    if found is None:
        raise InvalidInput([_("整改情况不存在，请刷新页面")])
    return found


@login_required
@require_POST
def finding_photo_upload(request: HttpRequest, pk: int) -> HttpResponse:
    finding = finding_or_404(pk)
    require(request, finding.unit, can_view_inspections)
    form = InspectionPhotoForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise InvalidInput(form_problems(form))
        owner = _owner(finding, form.cleaned_data["rectification"])
        inspection_photo_add(
            owner=owner, upload=form.cleaned_data["photo"], user=signed_in(request)
        )
    except InvalidInput as error:
        messages.error(request, _("照片没有保存：") + "；".join(error.problems))
    else:
        messages.success(request, _("已上传照片"))
    return redirect("web:inspection_finding", pk=finding.pk)


@login_required
@require_POST
def finding_photo_remove(request: HttpRequest, pk: int, photo: int) -> HttpResponse:
    finding = finding_or_404(pk)
    require(request, finding.unit, can_view_inspections)
    try:
        found = inspection_photo_locate(finding, photo)[1]
    except NotFound as error:
        raise Http404(str(error)) from error
    try:
        inspection_photo_remove(photo=found, user=signed_in(request))
    except InvalidInput as error:
        messages.error(request, "；".join(error.problems))
    else:
        messages.success(request, _("已删除照片“%(name)s”") % {"name": found.filename})
    return redirect("web:inspection_finding", pk=finding.pk)
