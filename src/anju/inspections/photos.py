"""Photos of findings and rectifications: seen by whoever may read the finding; attached and
removed by its inspectors and office admins while the finding is not closed, and for a
rectification by the responsible unit's reporters while it awaits the verdict. Every add and
remove is kept in the finding's change history."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from anju.accounts.policy import Person, can_inspect, can_rectify, can_view_inspections
from anju.errors import InvalidInput, NotFound
from anju.inspections.models import Finding, Rectification
from anju.inspections.trail import record
from anju.photos.models import Photo
from anju.photos.services import ADDED, Upload, photos_of, register_owner, remove_photo, store_photo

# The history names them apart: 问题照片 and 整改照片.
PHOTO_FIELDS = {"finding": "photo", "rectification": "rectification_photo"}
CHANNEL = "photo"
# A finding takes no more photos once it is closed, nor once it lives on in a later round.
FINDING_SHUT = (Finding.Status.CLOSED, Finding.Status.CARRIED)


def finding_photos_writable(user: Person, finding: Finding) -> bool:
    return can_inspect(user, finding.unit) and finding.status not in FINDING_SHUT


def rectification_photos_writable(user: Person, rectification: Rectification) -> bool:
    return (
        can_rectify(user, rectification.finding.unit)
        and rectification.verdict == Rectification.Verdict.PENDING
    )


def _finding_write(user: User, finding: Finding) -> None:
    if not can_inspect(user, finding.unit):
        raise PermissionDenied
    if finding.status in FINDING_SHUT:
        raise ValidationError(
            _("该问题%(status)s，不能再增删照片") % {"status": finding.get_status_display()}
        )


def _rectification_write(user: User, rectification: Rectification) -> None:
    if not can_rectify(user, rectification.finding.unit):
        raise PermissionDenied
    if rectification.verdict != Rectification.Verdict.PENDING:
        raise ValidationError(
            _("整改情况已核验（%(verdict)s），不能再增删照片")
            % {"verdict": rectification.get_verdict_display()}
        )


def _recorded(owner: Finding | Rectification, photo: Photo, user: User, action: str) -> None:
    finding = owner if isinstance(owner, Finding) else owner.finding
    subject = "finding" if isinstance(owner, Finding) else "rectification"
    shown = f"{photo.filename}（{photo.sha256[:12]}）"
    record(
        round=finding.visit.round,
        finding=finding,
        subject=subject,
        changes=[
            (
                PHOTO_FIELDS[subject],
                "" if action == ADDED else shown,
                shown if action == ADDED else "",
            )
        ],
        user=user,
        channel=CHANNEL,
    )


def photos_register() -> None:
    register_owner(
        Finding,
        can_read=lambda user, finding: can_view_inspections(user, finding.unit),
        check_write=_finding_write,
        on_change=_recorded,
    )
    register_owner(
        Rectification,
        can_read=lambda user, rectification: can_view_inspections(user, rectification.finding.unit),
        check_write=_rectification_write,
        on_change=_recorded,
    )


def inspection_photos(owner: Finding | Rectification) -> QuerySet[Photo]:
    return photos_of(owner)


@dataclass(frozen=True)
class PhotoSet:
    """The photos of a finding or of one of its rectifications, and whether the viewer may
    add and remove them now."""

    owner: Finding | Rectification
    photos: list[Photo]
    editable: bool


def finding_photo_sets(user: Person, finding: Finding) -> list[PhotoSet]:
    """The finding's photos first, then each rectification's, oldest first."""
    rectifications = finding.rectifications.select_related("finding__unit")
    return [
        PhotoSet(finding, list(photos_of(finding)), finding_photos_writable(user, finding)),
        *(
            PhotoSet(r, list(photos_of(r)), rectification_photos_writable(user, r))
            for r in rectifications
        ),
    ]


def inspection_photo_locate(finding: Finding, pk: int) -> tuple[Finding | Rectification, Photo]:
    """A photo of the finding or of one of its rectifications, with its owner; NotFound."""
    owners: list[Finding | Rectification] = [finding, *finding.rectifications.all()]
    for owner in owners:
        photo = photos_of(owner).filter(pk=pk).first()
        if photo is not None:
            return owner, photo
    raise NotFound(_("该问题没有编号为%(pk)s的照片") % {"pk": pk})


def inspection_photo_add(*, owner: Finding | Rectification, upload: Upload, user: User) -> Photo:
    """Attach a photo; InvalidInput, and nothing stored, when the file or the owner refuses
    it; PermissionDenied for someone who may not."""
    try:
        return store_photo(owner, upload, user)
    except ValidationError as error:
        raise InvalidInput(list(error.messages)) from None


def inspection_photo_remove(*, photo: Photo, user: User) -> None:
    try:
        remove_photo(photo, user)
    except ValidationError as error:
        raise InvalidInput(list(error.messages)) from None
