"""Storing, listing, removing and serving photos, under the policy their owner's app declares."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from anju.modelparts import kept_filename
from anju.photos.imaging import MAX_BYTES, Rejected, photo_checked
from anju.photos.models import Photo
from anju.photos.storage import file_write, files_remove, photo_path, thumbnail_path

Person = User | AnonymousUser
ADDED, REMOVED = "added", "removed"


class Upload(Protocol):
    """What a Django ``UploadedFile`` offers and a store needs."""

    name: str | None

    def read(self, size: int = ..., /) -> bytes: ...


@dataclass(frozen=True)
class OwnerPolicy:
    """Who may see an owner's photos; who may add or remove them (``check_write`` raises
    PermissionDenied, or ValidationError when the owner cannot change now); and what the
    owner records of each add or remove (called inside the same transaction)."""

    can_read: Callable[[Person, Any], bool]
    check_write: Callable[[User, Any], None]
    on_change: Callable[[Any, Photo, User, str], None] | None = None


_POLICIES: dict[type[models.Model], OwnerPolicy] = {}


def register_owner(
    model: type[models.Model],
    *,
    can_read: Callable[[Person, Any], bool],
    check_write: Callable[[User, Any], None],
    on_change: Callable[[Any, Photo, User, str], None] | None = None,
) -> None:
    """Declare ``model`` an owner of photos (from the owner app's ``AppConfig.ready``)."""
    _POLICIES[model] = OwnerPolicy(can_read, check_write, on_change)


def _policy(owner: models.Model) -> OwnerPolicy:
    policy = _POLICIES.get(type(owner))
    if policy is None:
        raise LookupError(f"{type(owner).__name__} has no photo policy; call register_owner")
    return policy


def _owner_filter(owner: models.Model) -> dict[str, Any]:
    return {"owner_type": ContentType.objects.get_for_model(owner), "owner_id": owner.pk}


def photos_of(owner: models.Model) -> QuerySet[Photo]:
    """The owner's photos, oldest first."""
    return Photo.objects.filter(**_owner_filter(owner)).select_related("uploaded_by")


def store_photo(owner: models.Model, upload: Upload, user: User) -> Photo:
    """Check the upload and keep it as a photo of ``owner``; ValidationError (in Chinese)
    and nothing stored when the file is not a photo anju accepts or is already attached."""
    policy = _policy(owner)
    policy.check_write(user, owner)
    data = upload.read(MAX_BYTES + 1)
    name = kept_filename(upload.name or "photo")
    try:
        checked = photo_checked(data, name)
    except Rejected as error:
        raise ValidationError(f"{name}：{error}") from None
    sha256 = hashlib.sha256(data).hexdigest()
    _refuse_twice(owner, sha256, name)
    taken_at = checked.taken_at
    if taken_at is not None and timezone.is_naive(taken_at):
        taken_at = timezone.make_aware(taken_at)
    original, thumbnail = photo_path(sha256, checked.kind), thumbnail_path(sha256)
    written = not original.exists()
    if written:
        file_write(original, data)
        file_write(thumbnail, checked.thumbnail)
    try:
        with transaction.atomic():
            photo = Photo.objects.create(
                **_owner_filter(owner),
                sha256=sha256,
                kind=checked.kind,
                filename=name,
                size=len(data),
                width=checked.width,
                height=checked.height,
                taken_at=taken_at,
                latitude=checked.latitude,
                longitude=checked.longitude,
                uploaded_by=user,
            )
            if policy.on_change is not None:
                policy.on_change(owner, photo, user, ADDED)
    except BaseException as error:
        if written and not Photo.objects.filter(sha256=sha256).exists():
            files_remove(sha256, checked.kind)
        if isinstance(error, IntegrityError):  # the same photo, sent twice at once
            _refuse_twice(owner, sha256, name)
        raise
    return photo


def _refuse_twice(owner: models.Model, sha256: str, name: str) -> None:
    """ValidationError when the owner already has this picture (one upload is kept)."""
    existing = photos_of(owner).filter(sha256=sha256).first()
    if existing is not None:
        raise ValidationError(
            _("%(name)s：这张照片已上传过（%(first)s，%(at)s），不再重复保存")
            % {
                "name": name,
                "first": existing.filename,
                "at": timezone.localtime(existing.uploaded_at).strftime("%Y-%m-%d %H:%M"),
            }
        )


def remove_photo(photo: Photo, user: User) -> None:
    """Remove a photo from its owner; its file goes once no owner has it any more."""
    owner = photo.owner
    if owner is None:
        raise Photo.DoesNotExist
    policy = _policy(owner)
    policy.check_write(user, owner)
    with transaction.atomic():
        if policy.on_change is not None:
            policy.on_change(owner, photo, user, REMOVED)
        sha256, kind = photo.sha256, photo.kind
        photo.delete()

        def gone() -> None:
            if not Photo.objects.filter(sha256=sha256).exists():
                files_remove(sha256, kind)

        transaction.on_commit(gone)


def photo_readable(pk: int, user: Person) -> Photo:
    """The photo, for someone who may read its owner; PermissionDenied otherwise, and
    Photo.DoesNotExist when there is no such photo (or its owner is gone)."""
    photo = Photo.objects.select_related("owner_type").get(pk=pk)
    owner = photo.owner
    if owner is None:
        raise Photo.DoesNotExist
    if not _policy(owner).can_read(user, owner):
        raise PermissionDenied
    return photo
