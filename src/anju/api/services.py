"""Writes through the API: the reporting and bulletin services, each call all or nothing."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping

from django.contrib.auth.models import User
from django.db import transaction

from anju.bulletins.models import BulletinFile
from anju.bulletins.render import renderer
from anju.bulletins.services import bulletin_document, month_bulletin
from anju.errors import InvalidInput
from anju.programmes.models import Unit
from anju.reporting.models import Period, Report, ValueChange
from anju.reporting.services import StaleVersion
from anju.reporting.workflow import report_for, report_submit
from anju.reporting.writes import report_write


def report_put(
    *,
    unit: Unit,
    period: Period,
    user: User,
    version: int,
    figures: Mapping[str, object],
    comment: str,
    unpublished: Collection[str] | None = None,
    as_of: datetime.date | None = None,
    keep_as_of: bool = True,
) -> Report:
    """Store figures read at ``version``; StaleVersion if someone changed the report since.

    The report is created on the first write; in the same transaction as the figures, so a
    refused write does not leave an empty draft behind.
    """
    with transaction.atomic():
        report = report_for(unit=unit, period=period, lock=True)
        return report_write(
            report=report,
            figures=figures,
            unpublished=unpublished,
            as_of=as_of,
            keep_as_of=keep_as_of,
            user=user,
            channel=ValueChange.Channel.API,
            comment=comment,
            expected_version=version,
            locked=True,
        )


def report_submit_checked(
    *, unit: Unit, period: Period, user: User, note: str, version: int | None
) -> Report:
    """Submit for review; with ``version``, only if the report is still as the caller read it."""
    with transaction.atomic():
        report = report_for(unit=unit, period=period)
        if version is not None:
            # Locked until the transaction ends, so no write slips in between check and submit.
            current = (
                Report.objects.select_for_update(of=("self",))
                .select_related("unit")
                .get(pk=report.pk)
            )
            if current.version != version:
                raise StaleVersion(current)
        return report_submit(report=report, user=user, note=note)


def bulletin_file_bytes(*, scope: Unit, period: Period, fmt: str) -> bytes:
    """The issued bulletin's archived file, else the draft as it stands, rendered now."""
    stored = BulletinFile.objects.filter(
        bulletin__scope=scope, bulletin__period=period, bulletin__corrects__isnull=True, format=fmt
    ).first()
    if stored is not None:
        return bytes(stored.content)
    return renderer(fmt)(bulletin_document(scope=scope, period=period))


def bulletin_render(
    *,
    scope: Unit,
    period: Period,
    fmt: str,
    number: int | None = None,
    date: datetime.date | None = None,
) -> bytes:
    """The month's document rendered now from the current figures and texts.

    A draft may be previewed with the number and date it is meant to be issued with; an
    issued bulletin keeps its own, so asking for others is refused rather than ignored.
    """
    record = month_bulletin(scope=scope, period=period)
    if record is not None and record.is_issued:
        fields = {
            name: "通报已印发，文号和日期不能更改"
            for name, value in (("number", number), ("date", date))
            if value is not None
        }
        if fields:
            raise InvalidInput(list(dict.fromkeys(fields.values())), fields=fields)
    return renderer(fmt)(bulletin_document(scope=scope, period=period, number=number, date=date))
