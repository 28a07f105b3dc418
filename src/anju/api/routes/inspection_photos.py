"""Photos of a finding and of its rectifications: listed for whoever may read the finding,
uploaded (multipart, field ``photo``) and removed by its inspectors and office admins while it
is not closed, and for a rectification by the responsible unit's reporters while it awaits the
verdict. The same services and policy as the finding's page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Router
from ninja.files import UploadedFile

from anju.accounts.policy import can_inspect, can_rectify
from anju.api.inspection_schemas import FindingPhotosOut
from anju.api.photos import PhotoId, photos_out
from anju.api.places import caller, require
from anju.api.routes.common import READ_ERRORS, WRITE_ERRORS
from anju.api.routes.inspections import INSPECT_REFUSAL, RECTIFY_REFUSAL, Id, readable_finding
from anju.errors import NotFound
from anju.inspections.models import Finding
from anju.inspections.photos import (
    finding_photo_sets,
    inspection_photo_add,
    inspection_photo_locate,
    inspection_photo_remove,
)

router = Router(tags=["inspections"])


def _photos(request: HttpRequest, finding: Finding) -> dict[str, Any]:
    first, *rectifications = finding_photo_sets(caller(request), finding)
    return {
        "finding": finding.pk,
        "editable": first.editable,
        "photos": photos_out(first.photos),
        "rectifications": [
            {
                "rectification": r.owner.pk,
                "editable": r.editable,
                "photos": photos_out(r.photos),
            }
            for r in rectifications
        ],
    }


@router.get(
    "/findings/{finding}/photos",
    summary="A finding's photos and its rectifications'",
    response={200: FindingPhotosOut, **READ_ERRORS},
)
def finding_photos_get(request: HttpRequest, finding: Id) -> dict[str, Any]:
    """Oldest first, with when and where each was taken (from its EXIF)."""
    return _photos(request, readable_finding(request, finding))


@router.post(
    "/findings/{finding}/photos",
    summary="Attach a photo to a finding (its inspectors, while it is not closed)",
    response={200: FindingPhotosOut, **WRITE_ERRORS},
)
def finding_photo_post(
    request: HttpRequest, finding: Id, photo: File[UploadedFile]
) -> dict[str, Any]:
    """A JPEG, PNG or WebP (≤ 10 MB, ≤ 40 million pixels), checked by decoding it; refused
    (422, nothing stored) when it is not one, is damaged, is already attached, or the finding
    is closed. Kept in the finding's history."""
    found = readable_finding(request, finding, can_inspect, INSPECT_REFUSAL)
    inspection_photo_add(owner=found, upload=photo, user=caller(request))
    return _photos(request, found)


@router.post(
    "/findings/{finding}/rectifications/{rectification}/photos",
    summary="Attach a photo to a rectification (the responsible unit, before the verdict)",
    response={200: FindingPhotosOut, **WRITE_ERRORS},
)
def rectification_photo_post(
    request: HttpRequest, finding: Id, rectification: Id, photo: File[UploadedFile]
) -> dict[str, Any]:
    """The same checks as a finding's photo; refused (422) once the verdict is given."""
    found = readable_finding(request, finding, can_rectify, RECTIFY_REFUSAL)
    owner = found.rectifications.filter(pk=rectification).first()
    if owner is None:
        raise NotFound(f"该问题没有编号为{rectification}的整改情况")
    inspection_photo_add(owner=owner, upload=photo, user=caller(request))
    return _photos(request, found)


@router.delete(
    "/findings/{finding}/photos/{photo}",
    summary="Remove a photo from a finding or one of its rectifications",
    response={200: FindingPhotosOut, **WRITE_ERRORS},
)
def finding_photo_delete(request: HttpRequest, finding: Id, photo: PhotoId) -> dict[str, Any]:
    """Under the rules of its upload; the removal is kept in the finding's history."""
    found = readable_finding(request, finding)
    owner, attached = inspection_photo_locate(found, photo)
    if isinstance(owner, Finding):
        require(request, found.unit, can_inspect, INSPECT_REFUSAL)
    else:
        require(request, found.unit, can_rectify, RECTIFY_REFUSAL)
    inspection_photo_remove(photo=attached, user=caller(request))
    return _photos(request, found)
