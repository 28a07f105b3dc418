"""Photos of a project's month: attached while the month can change (the same rule as its
flows), seen by whoever may read the unit's report, each add and remove in the project's
change history."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from anju.accounts.policy import Person, can_read_report
from anju.errors import InvalidInput
from anju.photos.models import Photo
from anju.photos.services import ADDED, Upload, photos_of, register_owner, remove_photo, store_photo
from anju.projects.models import Project, ProjectChange, ProjectMonth
from anju.projects.services import month_report_open
from anju.reporting.models import Period

PHOTO_FIELD = "photo"
CHANNEL = "photo"


def _can_read(user: Person, month: ProjectMonth) -> bool:
    return can_read_report(user, month.project.unit)


def _check_write(user: User, month: ProjectMonth) -> None:
    try:
        month_report_open(project=month.project, period=month.period, user=user)
    except InvalidInput as error:
        raise ValidationError(list(error.problems)) from None


def _recorded(month: ProjectMonth, photo: Photo, user: User, action: str) -> None:
    shown = f"{photo.filename}（{photo.sha256[:12]}）"
    ProjectChange.objects.create(
        project=month.project,
        period=month.period,
        field=PHOTO_FIELD,
        old_value="" if action == ADDED else shown,
        new_value=shown if action == ADDED else "",
        user=user,
        channel=CHANNEL,
    )


def photos_register() -> None:
    register_owner(ProjectMonth, can_read=_can_read, check_write=_check_write, on_change=_recorded)


def month_on_record(*, project: Project, period: Period) -> bool:
    return ProjectMonth.objects.filter(project=project, period=period).exists()


def month_photos(*, project: Project, period: Period) -> QuerySet[Photo] | list[Photo]:
    month = ProjectMonth.objects.filter(project=project, period=period).first()
    return photos_of(month) if month is not None else []


@transaction.atomic
def month_photo_add(*, project: Project, period: Period, upload: Upload, user: User) -> Photo:
    """Attach a photo to the project's month; InvalidInput, and nothing stored, when the file
    or the month refuses it. The month must be on record first: a photo shows the progress
    entered, and attaching one never changes a figure."""
    month = ProjectMonth.objects.filter(project=project, period=period).first()
    try:
        if month is None:
            month_report_open(project=project, period=period, user=user)
            raise ValidationError(
                _("%(project)s %(period)s还没有填报进度：请先保存本月进度（可以为0），再上传照片")
                % {"project": project, "period": period}
            )
        return store_photo(month, upload, user)
    except ValidationError as error:
        raise InvalidInput(list(error.messages)) from None


def month_photo_find(*, project: Project, period: Period, pk: int) -> Photo | None:
    month = ProjectMonth.objects.filter(project=project, period=period).first()
    return photos_of(month).filter(pk=pk).first() if month is not None else None


def month_photo_remove(*, photo: Photo, user: User) -> None:
    try:
        remove_photo(photo, user)
    except ValidationError as error:
        raise InvalidInput(list(error.messages)) from None
