"""A month's bulletin from the command line: issue it as the bulletin page does, and take out its
files (the archived ones once it is issued: its 文号 and date, no 草稿)."""

from __future__ import annotations

import datetime
from pathlib import Path

from anju.bulletins.builder import document_number
from anju.bulletins.document import chinese_date
from anju.bulletins.files import write_files
from anju.bulletins.models import BulletinFile
from anju.bulletins.render import FORMATS, render_all
from anju.bulletins.services import bulletin_document, bulletin_issue_month
from anju.periodkey import PeriodKey
from anju.programmes.models import Unit
from anju.reporting.models import Period
from anju.reporting.selectors import period_find, unit_find


def _month(unit: str, period: str) -> tuple[Unit, Period]:
    scope = unit_find(unit)
    return scope, period_find(unit=scope, key=PeriodKey.parse(period))


def month_files(
    *,
    unit: str,
    period: str,
    number: int | None = None,
    date: datetime.date | None = None,
) -> dict[str, bytes]:
    """Every format, by file name: the files archived at issue, else the draft rendered now
    (with ``number`` and ``date`` if given)."""
    scope, month = _month(unit, period)
    stored = BulletinFile.objects.filter(bulletin__scope=scope, bulletin__period=month)
    archived = {file.format: bytes(file.content) for file in stored}
    if archived:
        files = {fmt: archived[fmt] for fmt in FORMATS if fmt in archived}
    else:
        document = bulletin_document(scope=scope, period=month, number=number, date=date)
        files = render_all(document)
    base = f"{scope.name}{month.programme.year}年{month.month}月通报"
    return {f"{base}.{fmt}": data for fmt, data in files.items()}


def month_write(
    *,
    folder: Path,
    unit: str,
    period: str,
    number: int | None = None,
    date: datetime.date | None = None,
) -> list[Path]:
    """Write the month's files into ``folder``, made if missing, all or none; their paths."""
    files = month_files(unit=unit, period=period, number=number, date=date)
    if not folder.exists():  # made once there is something to put in it
        folder.mkdir(parents=True)
    return write_files(folder, files)


def month_issue(
    *, unit: str, period: str, number: int, date: datetime.date, allow: bool = False
) -> str:
    """Issue the month's bulletin with the page's service and refusals (units not reviewed
    only if ``allow``); the line to print."""
    scope, month = _month(unit, period)
    bulletin_issue_month(
        scope=scope, period=month, number=number, date=date, allow_incomplete=allow
    )
    issued = document_number(month.programme, number, date) or f"第{number}号"
    return f"已印发 {issued}（{chinese_date(date)}）：各格式文件已存档，所用报表已锁定"
