"""更正通报: when figures behind an issued bulletin were corrected (unlock → correct →
approve), the office issues a correction with its own 文号 and date. It says 更正 in its title,
names the original's 文号 and what changed, and is archived beside the original, which stays
as issued."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from anju.bulletins.builder import build_document
from anju.bulletins.document import BulletinDocument, Paragraph, chinese_date
from anju.bulletins.models import Bulletin
from anju.bulletins.selectors import FigureChange, bulletin_changes_since_issue, latest_issue
from anju.bulletins.selfcheck import bulletin_self_check
from anju.bulletins.services import (
    bulletin_archive,
    bulletin_number_check,
    bulletin_save_issued,
    lock_reports,
)
from anju.bulletins.snapshot import snapshot_document
from anju.errors import InvalidInput
from anju.programmes.models import Unit
from anju.programmes.versions import data_changed
from anju.reporting.models import Period
from anju.reporting.tables import published_children_values

NOTE_MAX = 2000


def correction_lines(changes: list[FigureChange]) -> str:
    """德钦县开工数由153更正为163；…"""
    return "；".join(f"{c.unit}{c.figure}由{c.issued_text}更正为{c.now_text}" for c in changes)


def correction_document(
    *, correction: Bulletin, original: Bulletin, changes: list[FigureChange]
) -> BulletinDocument:
    """The corrected bulletin: the original's texts over today's reviewed figures, titled
    更正 and opening with what it corrects. Only texts differ, so every renderer lays it out."""
    assert correction.date is not None and original.date is not None
    document = build_document(
        scope=correction.scope,
        period=correction.period,
        blocks=original.blocks,
        number=correction.number,
        date=correction.date,
        draft=False,
    )
    issued = original.snapshot
    title = snapshot_document(issued).title_text if issued else document.title_text
    opening = (
        f"我办于{chinese_date(original.date)}印发的《{title}》（{original.document_number}）"
        f"印发后，经审核更正：{correction_lines(changes)}。现将更正后的通报重新印发，"
        "请以本通报为准。"
    )
    preface = [Paragraph(opening)]
    if correction.note:
        preface.append(Paragraph(f"更正说明：{correction.note}"))
    return dataclasses.replace(
        document, title=f"{document.title}（更正）", body=(*preface, *document.body)
    )


def _check(original: Bulletin, changes: list[FigureChange], note: str) -> None:
    if len(note) > NOTE_MAX:
        message = _("更正说明不能超过%(count)s个字") % {"count": NOTE_MAX}
        raise InvalidInput([message], fields={"note": message})
    if not original.is_issued:
        raise InvalidInput([_("通报尚未印发，无需更正")])
    if not changes:
        raise InvalidInput([_("通报印发后数据没有变化，无需印发更正通报")])
    pending = sorted({c.unit for c in changes if c.now is None and c.issued is not None})
    if pending:
        raise InvalidInput(
            [
                _("以下单位的报表尚未重新审核，审核后才能印发更正通报：%(units)s")
                % {"units": "、".join(pending)}
            ]
        )


@transaction.atomic
def bulletin_correct(
    *,
    bulletin: Bulletin,
    number: int,
    date: datetime.date,
    note: str = "",
    user: User | None = None,
) -> Bulletin:
    """Issue a 更正通报 of ``bulletin``: its own 文号 and date, the figures as now reviewed,
    archived in every format; the reports it used are locked again. The audit trail's unlocks
    and edits behind each corrected figure are kept with it."""
    original = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    note = note.strip()
    changes = bulletin_changes_since_issue(bulletin=original)
    _check(original, changes, note)
    bulletin_number_check(scope=original.scope, number=number, date=date)
    correction = Bulletin(
        scope=original.scope,
        period=original.period,
        corrects=original,
        blocks=original.blocks,
        note=note,
    )
    bulletin_save_issued(bulletin=correction, number=number, date=date, user=user)
    document = correction_document(correction=correction, original=original, changes=changes)
    bulletin_self_check(document=document)  # an error in its own figures blocks the issue
    units = published_children_values(scope=original.scope, period=original.period)
    bulletin_archive(bulletin=correction, document=document, units=units, trail=_trail(changes))
    lock_reports(
        bulletin=correction,
        user=user,
        comment=f"更正通报第{number}号印发（更正{original.document_number}）",
    )
    data_changed(programme_id=original.period.programme_id)
    return correction


def _trail(changes: list[FigureChange]) -> list[dict[str, Any]]:
    """Each corrected figure with the audit trail behind it: unlock events and edits."""
    return [
        {
            "unit": c.unit_code,
            "figure": c.code,
            "issued": None if c.issued is None else str(c.issued),
            "now": None if c.now is None else str(c.now),
            "unlocks": [u.pk for u in c.unlocks],
            "edits": [e.pk for e in c.edits],
        }
        for c in changes
    ]


def bulletin_correct_month(
    *,
    scope: Unit,
    period: Period,
    number: int,
    date: datetime.date,
    note: str = "",
    user: User | None = None,
) -> Bulletin:
    """Correct the month's issued bulletin (refused when there is none)."""
    original = Bulletin.objects.filter(
        scope=scope, period=period, corrects__isnull=True, status=Bulletin.Status.ISSUED
    ).first()
    if original is None:
        raise InvalidInput([_("%(period)s的通报尚未印发，无需更正") % {"period": period}])
    return bulletin_correct(bulletin=original, number=number, date=date, note=note, user=user)


__all__ = ["bulletin_correct", "bulletin_correct_month", "correction_document", "latest_issue"]
