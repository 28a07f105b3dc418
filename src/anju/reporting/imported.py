"""Past bulletins into history: a published bulletin's tables become a month's approved reports.

The bulletin is audited first and kept (file, SHA-256, findings); every figure stored from it
records that document as its source. Columns are matched to the programme's data elements by
their headers in the programme's table specs, rows to units by name within the programme's
tree. A cell the audit flags is stored as printed, and its change says so: never corrected.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anju.audit import Finding, Severity
from anju.audit.core import recognise_tables
from anju.audit.marks import table_place
from anju.audit.numbers import read_cell
from anju.audit.tables import Table
from anju.bulletins.audit_models import BulletinAudit
from anju.bulletins.audit_store import bulletin_audit_keep, bulletin_audit_read
from anju.engine import ChangeFormat
from anju.errors import InvalidInput
from anju.periodkey import PeriodKey
from anju.programmes.models import DataElement, Programme, TableColumn, Unit
from anju.reporting.checks import check_entry
from anju.reporting.models import Report, ReportEvent, ValueChange
from anju.reporting.rollup import subtree_sums_change
from anju.reporting.services import period_open, report_set_values

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class _Match:
    """A printed column and the data element(s) it carries."""

    index: int
    label: str
    element: str = ""
    change: ChangeFormat | None = None


@dataclass
class BulletinImport:
    audit: BulletinAudit
    reports: list[Report]
    figures: int
    marked: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        period = self.reports[0].period if self.reports else None
        head = _(
            "%(file)s：已导入%(units)s个单位%(period)s的%(figures)s个数，审核状态为已审核；"
            "文件SHA-256 %(sha)s，核对记录第%(audit)s号"
        ) % {
            "file": self.audit.filename,
            "units": len(self.reports),
            "period": period or "",
            "figures": self.figures,
            "sha": self.audit.sha256,
            "audit": self.audit.pk,
        }
        return [head] + [_("按原样保存并标注：%(place)s") % {"place": m} for m in self.marked]


def _squeeze(text: str) -> str:
    return _SPACE.sub("", text)


def _actual_codes(programme: Programme) -> set[str]:
    return set(
        programme.data_elements.filter(role=DataElement.Role.ACTUAL).values_list("code", flat=True)
    )


def _matches(table: Table, programme: Programme, actual: set[str]) -> list[_Match]:
    """The table's columns whose headers are a programme table's value or change columns;
    the table of the same 附件 number is preferred when a header is in several."""
    number = table.label.removeprefix("附件")
    columns = sorted(
        TableColumn.objects.filter(
            table__programme=programme, kind__in=[TableColumn.Kind.VALUE, TableColumn.Kind.CHANGE]
        ).select_related("table"),
        key=lambda c: (str(c.table.number) != number, c.table.number, c.order),
    )
    found: list[_Match] = []
    for column in table.columns:
        spec = next(
            (c for c in columns if column.header and _squeeze(c.header) == column.header), None
        )
        if spec is None:
            continue
        if spec.kind == TableColumn.Kind.CHANGE and spec.change:
            change = ChangeFormat(**spec.change)
            if {change.increase, change.decrease} <= actual:
                found.append(_Match(column.index, column.label, change=change))
        elif spec.source in actual:
            found.append(_Match(column.index, column.label, element=spec.source))
    return found


def _split_change(change: ChangeFormat, text: str) -> dict[str, str] | None:
    """新增40套退出95套 → increase 40, decrease 95; the zero text → both 0; a net, None."""
    cell = _squeeze(text)
    if cell == change.zero_text:
        return {change.increase: "0", change.decrease: "0"}
    values = {}
    for code, template in (
        (change.increase, change.increase_text),
        (change.decrease, change.decrease_text),
    ):
        pattern = re.escape(template).replace(re.escape("{}"), r"(\d+(?:\.\d+)?)")
        found = re.search(pattern, cell)
        values[code] = found[1] if found else "0"
    return values if any(v != "0" for v in values.values()) else None


def _cell_values(match: _Match, cell: str, where: str) -> dict[str, str] | None:
    """The figures a cell prints (element code → value as printed); None for a blank cell."""
    if match.change is not None:
        if read_cell(cell) is None and _squeeze(cell) != match.change.zero_text:
            return None
        split = _split_change(match.change, cell)
        if split is None:
            raise InvalidInput(
                [
                    _("%(where)s“%(cell)s”只有净数，无法分出新增和退出")
                    % {"where": where, "cell": cell}
                ]
            )
        return split
    printed = read_cell(cell)
    return None if printed is None else {match.element: str(printed.value)}


def _units(programme: Programme, names: list[str]) -> dict[str, Unit]:
    tree: dict[str, list[Unit]] = defaultdict(list)
    for unit in Unit.objects.filter(path__startswith=programme.scope.path):
        tree[_squeeze(unit.name)].append(unit)
    unknown = [n for n in names if n not in tree]
    if unknown:
        raise InvalidInput(
            [
                _("以下单位在计划“%(code)s”的单位中找不到：%(names)s")
                % {"code": programme.code, "names": "、".join(unknown)}
            ]
        )
    twice = [n for n in names if len(tree[n]) > 1]
    if twice:
        raise InvalidInput(
            [_("以下单位名称在计划中不止一个：%(names)s") % {"names": "、".join(twice)}]
        )
    return {name: tree[name][0] for name in names}


def _programme(code: str, key: PeriodKey) -> Programme:
    programme = Programme.objects.select_related("scope").filter(code=code).first()
    if programme is None:
        raise InvalidInput([_("计划“%(code)s”不存在") % {"code": code}])
    if programme.year != key.year:
        raise InvalidInput(
            [_("月份 %(key)s 不在计划年度 %(year)s") % {"key": key, "year": programme.year}]
        )
    return programme


def _flag(finding: Finding) -> str:
    figures = (
        _("印作%(printed)s，应为%(expected)s")
        % {"printed": finding.printed, "expected": finding.expected}
        if finding.expected
        else ""
    )
    return f"{finding.where}{('：' + figures) if figures else ''}"


def bulletin_import_file(
    *, path: Path, programme: str, period: str, user: User | None = None
) -> BulletinImport:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InvalidInput(
            [_("%(file)s：无法读取（%(error)s）") % {"file": path, "error": error}]
        ) from error
    return bulletin_import(
        data=data, filename=path.name, programme=programme, period=period, user=user
    )


@transaction.atomic
def bulletin_import(
    *, data: bytes, filename: str, programme: str, period: str, user: User | None = None
) -> BulletinImport:
    """A past bulletin's tables as the month's approved reports; all of it or nothing."""
    key = PeriodKey.parse(period)
    found = _programme(programme, key)
    document, result = bulletin_audit_read(data=data, filename=filename)
    actual = _actual_codes(found)
    flags = [f for f in result.findings if f.severity in (Severity.ERROR, Severity.WARNING)]
    values: dict[str, dict[str, str]] = defaultdict(dict)
    notes: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    marked: list[str] = []
    for table in recognise_tables(document):
        for match in _matches(table, found, actual):
            for row in table.body:
                cell = row.cells[match.index] if match.index < len(row.cells) else ""
                printed = _cell_values(match, cell, table.where(row, None))
                if printed is None:
                    continue
                values[row.name].update(printed)
                on_row = [
                    f
                    for f in flags
                    if (table_place(f.where) or ("", None, ""))[:2] == (table.label, row.number)
                ]
                for code in printed:
                    notes[row.name][code] += [_flag(f) for f in on_row]
                marked += [_flag(f) for f in on_row if _flag(f) not in marked]
    if not values:
        raise InvalidInput(
            [
                _("通报中没有一列与计划“%(code)s”的表格列标题相符，没有导入任何数据")
                % {"code": programme}
            ]
        )
    units = _units(found, list(values))
    month = period_open(programme=found, month=key.month)
    reports = {
        name: Report.objects.get_or_create(period=month, unit=unit)[0]
        for name, unit in units.items()
    }
    taken = [r.unit.name for r in reports.values() if r.values.exists()]
    if taken:
        raise InvalidInput(
            [
                _("%(period)s已有以下单位的数据，历史通报只导入到尚无数据的月份：%(names)s")
                % {"period": month, "names": "、".join(taken)}
            ]
        )
    problems = [
        f"{report.unit.name}：{message}"
        for name, report in reports.items()
        for message in check_entry(report=report, values=values[name]).errors.values()
    ]
    if problems:
        raise InvalidInput(problems)
    audit = bulletin_audit_keep(
        scope=found.scope,
        data=data,
        filename=filename,
        document=document,
        result=result,
        user=user,
        purpose=BulletinAudit.Purpose.IMPORT,
    )
    source = _("导入自通报“%(file)s”（SHA-256 %(sha)s）") % {"file": filename, "sha": audit.sha256}
    now = timezone.now()
    for name, report in reports.items():
        by_comment: dict[str, dict[str, str]] = defaultdict(dict)
        for code, value in values[name].items():
            flagged = notes[name][code]
            comment = source + (
                _("；核对发现，按原样保存：%(flags)s") % {"flags": "；".join(flagged)}
                if flagged
                else ""
            )
            by_comment[comment][code] = value
        for comment, group in by_comment.items():
            report_set_values(
                report=report,
                values=group,
                user=user,
                channel=ValueChange.Channel.BULLETIN,
                comment=comment,
                allow_any_status=True,
            )
        ValueChange.objects.filter(
            report=report, channel=ValueChange.Channel.BULLETIN, source=None
        ).update(source=audit)
        report.refresh_from_db()
        report.status, report.submitted_at, report.reviewed_at = Report.Status.APPROVED, now, now
        report.save(update_fields=["status", "submitted_at", "reviewed_at"])
        ReportEvent.objects.create(
            report=report, action=ReportEvent.Action.APPROVE, user=user, comment=source
        )
    subtree_sums_change(report_ids=[r.pk for r in reports.values()], sign=1)  # had no figures
    figures = sum(len(v) for v in values.values())
    return BulletinImport(audit, list(reports.values()), figures, marked)
