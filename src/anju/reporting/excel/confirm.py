"""A checked upload confirmed (all of it, or none) or discarded."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anju.errors import InvalidInput
from anju.programmes.models import DataElement, Unit
from anju.reporting.checks import (
    finding_text,
    parse_figure,
)
from anju.reporting.excel.bulk import import_write
from anju.reporting.excel.common import (
    Change,
    ImportPreview,
    Ledger,
    NoteChange,
    ledger_load,
    reason_text,
    tree_sorted,
)
from anju.reporting.excel.gaps import gaps_refuse, notes_store
from anju.reporting.models import ExcelImport, Report

# --- preview, apply, discard ------------------------------------------------------------------


def import_preview(*, excel_import: ExcelImport) -> ImportPreview:
    """The import's changes against today's figures, with the warnings they raise and, when
    confirming would be refused (a report changed or closed since), why."""
    scope, period = excel_import.scope, excel_import.period
    units = tree_sorted(Unit.objects.filter(code__in=list(excel_import.changes)), scope)
    ledger = ledger_load(period=period, scope=scope, units=units)
    preview = ImportPreview()
    missing = set(excel_import.changes) - {unit.code for unit in units}
    preview.problems += [
        _("单位代码“%(code)s”已不存在") % {"code": code} for code in sorted(missing)
    ]
    for unit in units:
        _preview_unit(preview, ledger, unit, excel_import)
    return preview


def _preview_unit(
    preview: ImportPreview, ledger: Ledger, unit: Unit, excel_import: ExcelImport
) -> None:
    report = ledger.reports.get(unit.pk)
    # As import_apply will compare: no report then means version 1 (a fresh draft) now.
    if (report.version if report else 1) != (excel_import.versions.get(unit.code) or 1):
        preview.problems.append(
            _("%(unit)s的报表在上传后已被修改，确认导入会被拒绝，请重新上传") % {"unit": unit.name}
        )
    if report is not None and not report.editable:
        preview.problems.append(
            _("%(unit)s的报表%(status)s，不能修改") % {"unit": unit.name, "status": report.label}
        )
    entered = _stored_values(excel_import.changes[unit.code], ledger.elements, preview, unit)
    findings: dict[str, str] = {}
    for finding in ledger.findings(unit.pk, entered):
        text = finding_text(finding)
        if finding.level == "error":
            preview.problems.append(f"{unit.name} {text}")
        elif finding.element in entered:
            findings.setdefault(finding.element, reason_text(ledger.names[finding.element], text))
        else:
            preview.warnings.append(f"{unit.name} {text}")
    note = excel_import.notes.get(unit.code)
    if note is not None and note != (report.note if report else ""):
        preview.notes.append(NoteChange(unit, report.note if report else "", note))
    current = ledger.current[unit.pk]
    for code in (c for c in ledger.elements if c in entered):
        element = ledger.elements[code]
        change = Change(unit, element, current.get(code), entered[code], findings.get(code, ""))
        preview.changes.append(change)


def _stored_values(
    stored: Mapping[str, str],
    elements: Mapping[str, DataElement],
    preview: ImportPreview,
    unit: Unit,
) -> dict[str, Decimal | None]:
    entered: dict[str, Decimal | None] = {}
    for code, text in stored.items():
        element = elements.get(code)
        try:
            if element is None:
                raise ValueError(_("“%(code)s”已不是本计划的填报指标") % {"code": code})
            entered[code] = parse_figure(element, text)
        except (ValueError, InvalidOperation) as error:
            preview.problems.append(f"{unit.name} {error}")
    return entered


def import_apply(
    *, excel_import: ExcelImport, user: User, running: bool = False, submit: bool = False
) -> list[Report]:
    """Store the import's figures and 填报说明, every unit or none, each change recorded as
    from Excel: the checks and outcome of ``report_set_values`` unit by unit, written
    set-wise (bulk.py). ``submit``: for 确认导入并报送, refused whole as well when a report
    would carry a gap with its projects that no 填报说明 explains (gaps.py).

    Refused (InvalidInput, nothing stored) when the user is not the uploader, the import was
    already confirmed or discarded, or a report changed or closed since the file was checked.
    ``running``: a background task has claimed the import (background.py), not the page.
    """
    with transaction.atomic():
        locked = ExcelImport.objects.select_for_update().get(pk=excel_import.pk)
        expected = ExcelImport.Status.RUNNING if running else ExcelImport.Status.PENDING
        refuse_unless_pending(locked, user, _("确认"), expected)
        units = tree_sorted(Unit.objects.filter(code__in=list(locked.changes)), locked.scope)
        if len(units) != len(locked.changes):
            raise InvalidInput([_("文件中的部分单位已不存在，本次导入未保存任何数据，请重新上传")])
        reports = import_write(excel_import=locked, units=units, user=user)
        notes_store(excel_import=locked, reports=reports)
        if submit:
            gaps_refuse(excel_import=locked, reports=reports)
        locked.status, locked.applied_at = ExcelImport.Status.APPLIED, timezone.now()
        locked.save(update_fields=["status", "applied_at"])
    excel_import.status, excel_import.applied_at = locked.status, locked.applied_at
    return reports


def import_discard(*, excel_import: ExcelImport, user: User) -> ExcelImport:
    with transaction.atomic():
        locked = ExcelImport.objects.select_for_update().get(pk=excel_import.pk)
        refuse_unless_pending(locked, user, _("放弃"))
        locked.status = ExcelImport.Status.DISCARDED
        locked.save(update_fields=["status"])
    excel_import.status = locked.status
    return locked


def refuse_unless_pending(
    excel_import: ExcelImport, user: User, doing: str, expected: str = ExcelImport.Status.PENDING
) -> None:
    if excel_import.user_id != user.pk:
        raise InvalidInput([_("只有上传该文件的用户本人可以%(doing)s这次导入") % {"doing": doing}])
    if excel_import.status != expected:
        status = excel_import.get_status_display()
        raise InvalidInput(
            [
                _("这次导入%(status)s，不能再%(doing)s；如需修改请重新上传")
                % {"status": status, "doing": doing}
            ]
        )
