"""Photos of a project's month: listed for whoever may read the unit's report, uploaded
(multipart, field ``photo``) by its reporters while the month can change. The same services
and policy as the page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Router
from ninja.files import UploadedFile

from anju.accounts.policy import can_read_report
from anju.api.photos import PhotoId, photos_out
from anju.api.places import caller, find_place
from anju.api.project_schemas import PhotosOut
from anju.api.routes.common import READ_ERRORS, WRITE_ERRORS, PeriodKey, UnitCode
from anju.api.routes.projects import READ_REFUSAL, ProjectCode, editable, writable_project
from anju.errors import NotFound
from anju.projects.photos import (
    month_photo_add,
    month_photo_find,
    month_photo_remove,
    month_photos,
)
from anju.projects.selectors import project_find

router = Router(tags=["projects"])


def _photos(request: HttpRequest, unit: str, period: str, code: str) -> dict[str, Any]:
    place = find_place(request, unit, period, can_read_report, READ_REFUSAL)
    project = project_find(unit=place.unit, period=place.period, code=code)
    return {
        "unit": place.unit.code,
        "period": place.period.key,
        "project": project.code,
        "editable": editable(request, place),
        "photos": photos_out(month_photos(project=project, period=place.period)),
    }


@router.get(
    "/projects/{unit}/{period}/{code}/photos",
    summary="A project month's photos",
    response={200: PhotosOut, **READ_ERRORS},
)
def project_photos_get(
    request: HttpRequest, unit: UnitCode, period: PeriodKey, code: ProjectCode
) -> dict[str, Any]:
    """The month's photos, oldest first, with when and where each was taken (from its EXIF)."""
    return _photos(request, unit, period, code)


@router.post(
    "/projects/{unit}/{period}/{code}/photos",
    summary="Attach a photo to a project's month",
    response={200: PhotosOut, **WRITE_ERRORS},
)
def project_photo_post(
    request: HttpRequest,
    unit: UnitCode,
    period: PeriodKey,
    code: ProjectCode,
    photo: File[UploadedFile],
) -> dict[str, Any]:
    """A JPEG, PNG or WebP (≤ 10 MB, ≤ 40 million pixels), checked by decoding it; refused
    (422, nothing stored) when it is not one, is damaged, is already attached, or the month's
    report has been submitted."""
    project, month = writable_project(request, unit, period, code)
    month_photo_add(project=project, period=month, upload=photo, user=caller(request))
    return _photos(request, unit, period, code)


@router.delete(
    "/projects/{unit}/{period}/{code}/photos/{photo}",
    summary="Remove a photo from a project's month",
    response={200: PhotosOut, **WRITE_ERRORS},
)
def project_photo_delete(
    request: HttpRequest,
    unit: UnitCode,
    period: PeriodKey,
    code: ProjectCode,
    photo: PhotoId,
) -> dict[str, Any]:
    """Refused (422) once the month's report has been submitted; the removal is kept in the
    project's history."""
    project, month = writable_project(request, unit, period, code)
    found = month_photo_find(project=project, period=month, pk=photo)
    if found is None:
        raise NotFound(f"{project.name} {month}没有编号为{photo}的照片")
    month_photo_remove(photo=found, user=caller(request))
    return _photos(request, unit, period, code)
