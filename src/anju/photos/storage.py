"""Photo files on disk: under the photos directory (``ANJU_PHOTOS_DIR``, by default ``photos/``
in anju's data directory), named by their sha256, so one picture attached twice is kept once."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings


def photos_dir() -> Path:
    return Path(settings.ANJU_PHOTOS_DIR)


def photo_path(sha256: str, kind: str) -> Path:
    return photos_dir() / sha256[:2] / f"{sha256}.{kind}"


def thumbnail_path(sha256: str) -> Path:
    return photos_dir() / sha256[:2] / f"{sha256}.thumb.jpg"


def file_write(path: Path, data: bytes) -> None:
    """Written whole or not at all: to a temporary file beside it, then renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o640)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def files_remove(sha256: str, kind: str) -> None:
    photo_path(sha256, kind).unlink(missing_ok=True)
    thumbnail_path(sha256).unlink(missing_ok=True)
