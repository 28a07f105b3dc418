"""Photos as every owner's photo endpoints show them, and the path parameter naming one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from django.urls import reverse
from ninja import Path

from anju.api.selectors import exact
from anju.photos.models import Photo

PhotoId = Annotated[int, Path(ge=1, le=2**63 - 1, description="the photo's id")]


def photo_out(photo: Photo) -> dict[str, Any]:
    return {
        "id": photo.pk,
        "filename": photo.filename,
        "sha256": photo.sha256,
        "kind": photo.kind,
        "size": photo.size,
        "width": photo.width,
        "height": photo.height,
        "taken_at": photo.taken_at,
        "latitude": exact(photo.latitude),
        "longitude": exact(photo.longitude),
        "uploaded_by": photo.uploaded_by.username if photo.uploaded_by else "",
        "uploaded_at": photo.uploaded_at,
        "url": reverse("web:photo", args=[photo.pk]),
        "thumbnail_url": reverse("web:photo_thumbnail", args=[photo.pk]),
    }


def photos_out(photos: Iterable[Photo]) -> list[dict[str, Any]]:
    """The photos, in the order given (oldest first, as their owners list them)."""
    return [photo_out(photo) for photo in photos]
