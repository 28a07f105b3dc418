"""Reads for the month's endpoints: a period as listed, and the issued bulletin as issued
(its frozen tables), with its corrections and the figures that changed since."""

from __future__ import annotations

from dataclasses import astuple
from typing import Any

from anju.api.selectors import exact, unit_ref
from anju.bulletins.models import Bulletin
from anju.bulletins.selectors import (
    bulletin_changes_since_issue,
    bulletin_corrections,
    month_bulletin_issued,
)
from anju.bulletins.services import bulletin_document
from anju.bulletins.snapshot import snapshot_document
from anju.errors import InvalidInput, NotFound
from anju.periodkey import PeriodKey
from anju.programmes.models import Programme, Unit
from anju.reporting.models import Period
from anju.reporting.tables import Attachment, TableSet
from anju.reporting.tables_output import tables_data


def period_data(period: Period) -> dict[str, Any]:
    return {
        "period": period.key,
        "programme": period.programme.code,
        "year": period.programme.year,
        "month": period.month,
        "status": period.status,
        "status_label": period.get_status_display(),
        "due_date": period.due_date,
    }


def _attachments(bulletin: Bulletin) -> tuple[str, list[dict[str, Any]]]:
    if bulletin.snapshot is not None:
        document = snapshot_document(bulletin.snapshot)
    else:  # issued before bulletins were kept frozen: its document as built now
        document = bulletin_document(scope=bulletin.scope, period=bulletin.period)
    period = bulletin.period
    tables = TableSet(
        scope_code=bulletin.scope.code,
        scope_name=bulletin.scope.name,
        programme=period.programme.name,
        period=period.key,
        year=period.programme.year,
        month=period.month,
        attachments=tuple(
            Attachment(a.number, a.title, a.unit_line, a.period_line, a.table, a.title_lines)
            for a in document.attachments
        ),
    )
    return document.title_text, tables_data(tables)["attachments"]


def issued_bulletin_data(*, scope: Unit, period: Period) -> dict[str, Any]:
    """The month's issued bulletin; NotFound while it is not issued."""
    bulletin = month_bulletin_issued(scope=scope, period=period)
    if bulletin is None or bulletin.date is None or bulletin.number is None:
        raise NotFound(f"{scope.name}{period}的通报尚未印发")
    title, attachments = _attachments(bulletin)
    return {
        "scope": unit_ref(scope),
        "period": period.key,
        "number": bulletin.number,
        "document_number": bulletin.document_number,
        "date": bulletin.date,
        "issued_at": bulletin.issued_at,
        "title": title,
        "attachments": attachments,
        "changes_since_issue": [
            {
                "unit": {"code": c.unit_code, "name": c.unit},
                "figure": c.code,
                "figure_name": c.figure,
                "issued": exact(c.issued),
                "now": exact(c.now),
                "unlock_reasons": [u.reason for u in c.unlocks],
            }
            for c in bulletin_changes_since_issue(bulletin=bulletin)
        ],
        "corrections": [correction_data(c) for c in bulletin_corrections(bulletin)],
    }


def month_to_open(*, scope: Unit, key: str) -> tuple[Programme, int]:
    """The programme whose scope is ``scope`` for the key's year, and the month."""
    try:
        year, month = astuple(PeriodKey.of(key))
    except InvalidInput as error:
        raise NotFound(str(error)) from error
    programme = Programme.objects.filter(scope=scope, year=year).first()
    if programme is None:
        raise NotFound(f"{scope.name}没有{year}年的计划，月份由计划所在单位开启")
    return programme, month


def correction_data(correction: Bulletin) -> dict[str, Any]:
    original = correction.corrects
    return {
        "number": correction.number,
        "document_number": correction.document_number,
        "corrects": original.document_number if original is not None else "",
        "date": correction.date,
        "note": correction.note,
        "issued_at": correction.issued_at,
    }
