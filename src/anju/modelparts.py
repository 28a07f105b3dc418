"""Pieces several apps' models share: who did something and when, a month's range, a version
every write raises, a change of one field, a file kept in the database, an uploaded file's
name, and a value as a change history keeps it.

Not an app: the abstract models and field makers here add no table of their own.
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal
from typing import Any, Self

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.db.models import Q


def by_user(
    verbose_name: str, *, on_delete: Any = models.PROTECT, blank: bool = True
) -> models.ForeignKey[Any, Any]:
    """The user who did something (issued, closed, uploaded…); empty when no one did or the
    system did it. No reverse accessor: a user's history is found from the records."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=blank,
        on_delete=on_delete,
        related_name="+",
    )


def month_check(name: str) -> models.CheckConstraint:
    """The database's own check that a row's ``month`` is a month of the year, 1 to 12."""
    return models.CheckConstraint(condition=Q(month__gte=1) & Q(month__lte=12), name=name)


def shown(value: object) -> str:
    """A field's value as a change history keeps it: empty for none, a date as YYYY-MM-DD, a
    number without trailing zeros, a user by username."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, AbstractBaseUser):
        return value.get_username()
    return str(value)


class Record(models.Model):
    """Something done, kept for good: by whom (empty: by the system) and when; newest first."""

    user = by_user("操作人")
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-at", "-id"]


class FieldChange(Record):
    """A change of one field, kept for good: which field, and the channel it came through.
    Each history declares its own ``old_value`` and ``new_value`` (as ``shown`` writes them),
    as long as the values it records."""

    field = models.CharField("字段", max_length=32)
    channel = models.CharField("渠道", max_length=8)

    class Meta(Record.Meta):
        abstract = True


class Versioned(models.Model):
    """Bumped by every write: a writer holding an older version is refused, not overwritten."""

    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        abstract = True


FILENAME_LENGTH = 255  # what a record's 文件名 field holds


def filename_field() -> models.CharField[str, str]:
    """An uploaded file's name as the client sent it (``kept_filename`` fits it in)."""
    return models.CharField("文件名", max_length=FILENAME_LENGTH)


def kept_filename(name: str) -> str:
    """An uploaded file's name as a record keeps it: without any folder the client sent, and
    cut from the front when too long, so that the extension stays."""
    return name.replace("\\", "/").rpartition("/")[2][-FILENAME_LENGTH:]


class StoredFile(models.Model):
    """A file kept byte for byte in the database with its SHA-256: the one place every worker
    and web server share, with no file storage to set up."""

    content = models.BinaryField("内容")
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        abstract = True

    @classmethod
    def stored(cls, data: bytes) -> dict[str, Any]:
        """The fields that keep ``data``."""
        return {"content": data, "sha256": hashlib.sha256(data).hexdigest()}

    @classmethod
    def holding(cls, data: bytes, **fields: Any) -> Self:
        """A new, unsaved row keeping ``data`` beside the other ``fields``."""
        return cls(**cls.stored(data), **fields)


class SizedFile(StoredFile):
    """A stored file whose size is kept too, for listing it without reading it."""

    size = models.PositiveIntegerField("字节数")

    class Meta:
        abstract = True

    @classmethod
    def stored(cls, data: bytes) -> dict[str, Any]:
        return {**super().stored(data), "size": len(data)}
