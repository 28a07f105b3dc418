"""Writes to bulletins: start a month's draft, edit its texts, issue it."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from anju.bulletins.builder import build_document, outline_blocks
from anju.bulletins.document import BulletinDocument
from anju.bulletins.models import Bulletin, BulletinFile
from anju.bulletins.render import render_all
from anju.bulletins.selfcheck import bulletin_self_check
from anju.bulletins.snapshot import snapshot_document, snapshot_of
from anju.engine import UnitValues
from anju.engine.narrative import NarrativeError, check_template
from anju.errors import InvalidInput
from anju.programmes.models import Unit
from anju.programmes.selectors import score_names
from anju.programmes.versions import data_changed
from anju.reporting.models import Period, Report, ReportEvent
from anju.reporting.selectors import PUBLISHED, period_completeness
from anju.reporting.tables import published_children_values


def starting_blocks(*, scope: Unit, period: Period) -> list[dict[str, Any]]:
    """A new bulletin starts from the previous month's texts, else from the programme outline."""
    previous = (
        Bulletin.objects.filter(
            scope=scope,
            period__programme=period.programme,
            period__month__lt=period.month,
            corrects__isnull=True,
        )
        .order_by("-period__month")
        .first()
    )
    return list(previous.blocks) if previous else outline_blocks(period.programme)


def month_bulletin(*, scope: Unit, period: Period) -> Bulletin | None:
    """The month's bulletin (draft or issued); its 更正通报 are separate, see ``corrections``."""
    return Bulletin.objects.filter(scope=scope, period=period, corrects__isnull=True).first()


def bulletin_blocks(*, scope: Unit, period: Period) -> list[dict[str, Any]]:
    existing = month_bulletin(scope=scope, period=period)
    return list(existing.blocks) if existing else starting_blocks(scope=scope, period=period)


def bulletin_draft(*, scope: Unit, period: Period) -> Bulletin:
    """The month's bulletin, created as a draft the first time. Call it inside the
    transaction of the write it is for, so a refused write leaves no draft behind."""
    bulletin, _ = Bulletin.objects.get_or_create(
        scope=scope,
        period=period,
        corrects=None,
        defaults={"blocks": starting_blocks(scope=scope, period=period)},
    )
    return bulletin


# 文号: the sequence number of the office's documents in a year, 〔2017〕12号.
NUMBER_MIN, NUMBER_MAX = 1, 1_000_000


def bulletin_next_number(*, scope: Unit, year: int) -> int:
    """The number the scope's next bulletin of the year would take: one past the highest."""
    used = Bulletin.objects.filter(scope=scope, year=year).aggregate(Max("number"))
    return min((used["number__max"] or 0) + 1, NUMBER_MAX)


def bulletin_number_check(
    *, scope: Unit, number: int, date: datetime.date, exclude: Bulletin | None = None
) -> None:
    """InvalidInput unless ``number`` is in range and free in the scope's year of ``date``."""
    if not NUMBER_MIN <= number <= NUMBER_MAX:
        message = _("文号应为1到1000000之间的整数")
        raise InvalidInput([message], fields={"number": message})
    taken = Bulletin.objects.filter(scope=scope, year=date.year, number=number)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        message = number_taken(number, date.year)
        raise InvalidInput([message], fields={"number": message})


def number_taken(number: int, year: int) -> str:
    return _("文号第%(number)s号在%(year)s年已使用") % {"number": number, "year": year}


@transaction.atomic
def bulletin_save_texts(*, scope: Unit, period: Period, texts: Mapping[str, str]) -> Bulletin:
    """Save edited texts; the draft is created only if they are accepted."""
    return bulletin_update_texts(bulletin=bulletin_draft(scope=scope, period=period), texts=texts)


@transaction.atomic
def bulletin_issue_month(
    *,
    scope: Unit,
    period: Period,
    number: int,
    date: datetime.date,
    user: User | None = None,
    allow_incomplete: bool = False,
) -> Bulletin:
    """Issue the month's bulletin; a refused issue leaves no draft behind either."""
    return bulletin_issue(
        bulletin=bulletin_draft(scope=scope, period=period),
        number=number,
        date=date,
        user=user,
        allow_incomplete=allow_incomplete,
    )


def bulletin_update_texts(*, bulletin: Bulletin, texts: Mapping[str, str]) -> Bulletin:
    """Replace the texts of some blocks (by code); placeholders are checked before saving."""
    if bulletin.status == Bulletin.Status.ISSUED:
        raise InvalidInput(["通报已印发，不能再修改"])
    programme = bulletin.period.programme
    codes = frozenset(
        [
            *programme.data_elements.values_list("code", flat=True),
            *programme.indicators.values_list("code", flat=True),
            *(code for code, _ in score_names(programme)),
        ]
    )
    blocks = {block["code"]: dict(block) for block in bulletin.blocks}
    problems = []
    for code, text in texts.items():
        if code not in blocks:
            problems.append(f"正文中没有“{code}”这一段")
            continue
        try:
            check_template(
                text, codes, frozenset(programme.milestones.values_list("code", flat=True))
            )
        except NarrativeError as error:
            problems.append(
                _("“%(code)s”段：%(error)s")
                % {"code": code, "error": _(error.template) % error.params}
            )
        blocks[code]["text"] = text
    if problems:
        raise InvalidInput(problems)
    bulletin.blocks = list(blocks.values())
    bulletin.save(update_fields=["blocks", "updated_at"])
    return bulletin


def bulletin_document(
    *,
    scope: Unit,
    period: Period,
    number: int | None = None,
    date: datetime.date | None = None,
) -> BulletinDocument:
    """The document of the scope's bulletin for the month: a draft as it stands now, an issued
    bulletin as it was issued (its snapshot), whatever happened to the figures since."""
    existing = month_bulletin(scope=scope, period=period)
    issued = existing is not None and existing.is_issued
    if existing is not None and existing.snapshot is not None:
        return snapshot_document(existing.snapshot)
    return build_document(
        scope=scope,
        period=period,
        blocks=bulletin_blocks(scope=scope, period=period),
        number=number if number is not None else (existing.number if existing else None),
        date=date or (existing.date if existing and existing.date else timezone.localdate()),
        draft=not issued,
    )


def units_not_reviewed(*, scope: Unit, period: Period) -> list[str]:
    """Reporting units of the scope whose month is not reviewed: a bulletin would omit them."""
    return [
        progress.unit.name
        for progress in period_completeness(period=period, scope=scope)
        if progress.status not in PUBLISHED
    ]


@transaction.atomic
def bulletin_issue(
    *,
    bulletin: Bulletin,
    number: int,
    date: datetime.date,
    user: User | None = None,
    allow_incomplete: bool = False,
) -> Bulletin:
    """Issue: render every format, archive the files, lock the reports the bulletin used.

    A month in which some units' reports are not reviewed is issued only when the caller
    says so knowingly (``allow_incomplete``): their figures would be missing from it.
    """
    missing = units_not_reviewed(scope=bulletin.scope, period=bulletin.period)
    if missing and not allow_incomplete:
        raise InvalidInput(
            [f"以下单位本月的报表尚未审核，通报中将没有它们的数据：{'、'.join(missing)}"]
        )
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if bulletin.status == Bulletin.Status.ISSUED:
        raise InvalidInput(["通报已印发"])
    bulletin_number_check(scope=bulletin.scope, number=number, date=date, exclude=bulletin)
    bulletin_save_issued(bulletin=bulletin, number=number, date=date, user=user)
    # Built from the saved record, so it carries the number, date and no draft mark.
    document = bulletin_document(scope=bulletin.scope, period=bulletin.period)
    units = published_children_values(scope=bulletin.scope, period=bulletin.period)
    bulletin_self_check(document=document)  # an error in its own figures blocks the issue
    bulletin_archive(bulletin=bulletin, document=document, units=units)
    lock_reports(bulletin=bulletin, user=user, comment=f"通报第{bulletin.number}号印发")
    if bulletin.scope_id == bulletin.period.programme.scope_id:
        Period.objects.filter(pk=bulletin.period_id, status=Period.Status.OPEN).update(
            status=Period.Status.ISSUED
        )
    data_changed(programme_id=bulletin.period.programme_id)
    return bulletin


def bulletin_save_issued(
    *, bulletin: Bulletin, number: int, date: datetime.date, user: User | None
) -> None:
    """Save the bulletin (or correction) as issued now by ``user`` under its 文号; a number
    someone else took a moment ago is refused like any number already taken."""
    bulletin.number, bulletin.date, bulletin.year = number, date, date.year
    bulletin.status, bulletin.issued_at, bulletin.issued_by = (
        Bulletin.Status.ISSUED,
        timezone.now(),
        user,
    )
    try:
        with transaction.atomic():
            bulletin.save()
    except IntegrityError:
        message = number_taken(number, date.year)
        raise InvalidInput([message], fields={"number": message}) from None


def bulletin_archive(
    *,
    bulletin: Bulletin,
    document: BulletinDocument,
    units: list[UnitValues],
    trail: list[dict[str, Any]] | None = None,
) -> None:
    """Freeze the issued document with the bulletin and archive every format of it; a
    correction keeps the audit trail (unlocks, edits) behind each figure it corrects."""
    bulletin.snapshot = snapshot_of(document, units)
    if trail is not None:
        bulletin.snapshot["changes"] = trail
    bulletin.save(update_fields=["snapshot"])
    BulletinFile.objects.bulk_create(
        BulletinFile.holding(data, bulletin=bulletin, format=fmt)
        for fmt, data in render_all(document).items()
    )


def lock_reports(*, bulletin: Bulletin, user: User | None, comment: str) -> None:
    """The figures a bulletin published stay as published until an admin unlocks them."""
    used = list(
        Report.objects.filter(
            period=bulletin.period,
            unit__path__startswith=bulletin.scope.path,
            status__in=PUBLISHED,
        ).values_list("pk", flat=True)
    )
    Report.objects.filter(pk__in=used).update(status=Report.Status.LOCKED)
    ReportEvent.objects.bulk_create(
        ReportEvent(report_id=pk, action=ReportEvent.Action.LOCK, user=user, comment=comment)
        for pk in used
    )
