"""A photo's file, or its thumbnail, served to those its owner's app lets read the owner."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from anju.photos.models import Photo
from anju.photos.services import photo_readable
from anju.photos.storage import photo_path, thumbnail_path


def _served(request: HttpRequest, pk: int) -> Photo:
    try:
        return photo_readable(pk, request.user)
    except Photo.DoesNotExist:
        raise Http404(_("没有这张照片")) from None


def _file(path: Path, content_type: str) -> FileResponse:
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise Http404(_("照片文件已不在存储目录中，请联系管理员")) from None
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=86400"  # a photo's file never changes
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_safe
def photo_file(request: HttpRequest, pk: int) -> FileResponse:
    photo = _served(request, pk)
    return _file(photo_path(photo.sha256, photo.kind), photo.content_type)


@login_required
@require_safe
def photo_thumbnail(request: HttpRequest, pk: int) -> FileResponse:
    photo = _served(request, pk)
    return _file(thumbnail_path(photo.sha256), "image/jpeg")
