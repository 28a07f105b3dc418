"""A confirmed import written set-wise: every unit's checks first, then one statement per table.

The outcome is the one ``report_set_values`` (and, for 确认导入并报送, ``report_submit``) gives
unit by unit: the same checks in the same order with the same messages (the first unit in
tree order that fails stops the whole import), the same figures, audit rows, statuses and
versions. Only the number of statements differs: the reports are locked in one query, the
figures the rules need are loaded set-based (``ledger_load``), and the values, changes,
versions and events are written in batches. Callers hold one transaction around it, so a
refusal writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import IntegrityError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from anju.accounts.policy import can_write_report
from anju.errors import InvalidInput
from anju.national.bulk import bulk_load
from anju.programmes.models import DataElement, Unit
from anju.programmes.versions import data_changed
from anju.reporting.checks import finding_text, parse_figure
from anju.reporting.excel.common import Ledger, ledger_load
from anju.reporting.models import ExcelImport, Period, Report, ReportEvent, ReportValue, ValueChange
from anju.reporting.services import EDITABLE, closed_message

# Rows per INSERT or UPDATE: within every database's limit on parameters per statement.
BATCH = 500
NOTHING_STORED = _("本次导入未保存任何数据")


def chunks(items: Sequence[int], size: int = BATCH) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _stale(unit: Unit) -> InvalidInput:
    return InvalidInput(
        [
            _(
                "%(unit)s的报表在上传后已被修改，为免覆盖他人的修改，"
                "本次导入未保存任何数据；请重新下载模板填写后上传"
            )
            % {"unit": unit.name}
        ]
    )


def _refused(unit: Unit, problems: Sequence[str]) -> InvalidInput:
    return InvalidInput([*(f"{unit.name}：{problem}" for problem in problems), NOTHING_STORED])


@dataclass
class _Writes:
    """What the import writes, gathered while every unit is checked."""

    new_units: list[Unit] = field(default_factory=list)  # units without a report yet
    inserts: list[tuple[Unit, DataElement, Decimal]] = field(default_factory=list)
    updates: list[tuple[int, DataElement, Decimal]] = field(default_factory=list)  # report id
    deletes: list[tuple[int, int]] = field(default_factory=list)  # (report id, element id)
    changes: list[tuple[Unit, DataElement, Decimal | None, Decimal | None]] = field(
        default_factory=list
    )


def import_write(
    *,
    excel_import: ExcelImport,
    units: Sequence[Unit],
    user: User,
) -> list[Report]:
    """Check every unit's figures as ``report_set_values`` would, then write them all.
    Raises InvalidInput (nothing written by this function) on the first unit refused."""
    period = excel_import.period
    scope = excel_import.scope
    ids = [unit.pk for unit in units]
    wanted = set(ids)
    reports: dict[int, Report] = {}
    for chunk in chunks(ids):
        for report in Report.objects.select_for_update().filter(period=period, unit_id__in=chunk):
            reports[report.unit_id] = report
    children = with_children(ids=ids)
    unlocked = reopened(period, [report.pk for report in reports.values()])
    ledger = ledger_load(period=period, scope=scope, units=units)
    writes = _Writes()
    comment = f"Excel导入：{excel_import.filename}"
    for unit in units:
        if not can_write_report(user, unit):
            raise InvalidInput(
                [_("您已没有填报%(unit)s的权限，本次导入未保存任何数据") % {"unit": unit.name}]
            )
        found = reports.get(unit.pk)
        # None: no report when the file was checked; a new one would start at version 1.
        if (found.version if found else 1) != (excel_import.versions.get(unit.code) or 1):
            raise _stale(unit)
        problems = _closed(unit, found, period, children, unlocked)
        if problems:
            raise _refused(unit, problems)
        parsed = _checked(unit, excel_import.changes[unit.code], ledger)
        _gather(writes, unit, found, parsed, ledger)
    written = _write(writes, period, units, reports, wanted, user, comment)
    data_changed(programme_id=period.programme_id)
    return written


def with_children(*, ids: Sequence[int]) -> set[int]:
    found: set[int] = set()
    for chunk in chunks(ids):
        found |= set(Unit.objects.filter(parent_id__in=chunk).values_list("parent_id", flat=True))
    return found


def reopened(period: Period, report_ids: Sequence[int]) -> set[int]:
    """In a closed month, the reports an admin has unlocked since it closed."""
    if not period.is_closed or period.closed_at is None:
        return set()
    found: set[int] = set()
    for chunk in chunks(report_ids):
        found |= set(
            ReportEvent.objects.filter(
                report_id__in=chunk, action=ReportEvent.Action.UNLOCK, at__gte=period.closed_at
            ).values_list("report_id", flat=True)
        )
    return found


def _closed(
    unit: Unit,
    report: Report | None,
    period: Period,
    with_children: set[int],
    reopened: set[int],
) -> list[str]:
    """Why the unit's report cannot be written, in ``report_set_values``'s order."""
    if unit.pk in with_children:
        return [
            _("%(unit)s有下级单位，数据由下级单位填报；本级数据请在本级单位填报") % {"unit": unit}
        ]
    if period.is_closed and (report is None or report.pk not in reopened):
        return [closed_message(period)]
    status = report.status if report else Report.Status.DRAFT
    if status not in EDITABLE:
        label = Report.Status(status).label
        return [_("报表%(status)s，不能修改；如需更正请联系管理员") % {"status": label}]
    return []


def _checked(unit: Unit, values: Mapping[str, str], ledger: Ledger) -> dict[str, Decimal | None]:
    """The unit's stored texts parsed and its declared rules checked, as ``check_entry``."""
    errors: dict[str, str] = {}
    parsed: dict[str, Decimal | None] = {}
    for code, raw in values.items():
        element = ledger.elements.get(code)
        if element is None:
            errors[code] = _("“%(code)s”不是本计划的填报指标") % {"code": code}
            continue
        try:
            parsed[code] = parse_figure(element, raw)
        except ValueError as error:
            errors[code] = str(error)
    for finding in ledger.findings(unit.pk, parsed):
        if finding.level == "error":
            errors.setdefault(finding.element, finding_text(finding))
    if errors:
        raise _refused(unit, list(errors.values()))
    return parsed


def _gather(
    writes: _Writes,
    unit: Unit,
    report: Report | None,
    parsed: Mapping[str, Decimal | None],
    ledger: Ledger,
) -> None:
    current = ledger.current[unit.pk]
    if report is None:
        writes.new_units.append(unit)
    for code, new in parsed.items():
        element = ledger.elements[code]
        old = current.get(code)
        if old == new:
            continue
        if new is None:
            assert report is not None  # a figure was stored, so its report exists
            writes.deletes.append((report.pk, element.pk))
        elif old is None:
            writes.inserts.append((unit, element, new))
        else:
            assert report is not None
            writes.updates.append((report.pk, element, new))
        writes.changes.append((unit, element, old, new))


def _write(
    writes: _Writes,
    period: Period,
    units: Sequence[Unit],
    reports: dict[int, Report],
    wanted: set[int],
    user: User,
    comment: str,
) -> list[Report]:
    if writes.new_units:
        try:
            bulk_load(Report, {"period": period}, ["unit"], ((u.pk,) for u in writes.new_units))
        except IntegrityError:
            # Someone else started one of these reports since they were locked above.
            raise InvalidInput(
                [_("部分单位的报表在导入过程中被他人创建，本次导入未保存任何数据，请重新确认")]
            ) from None
        for chunk in chunks([unit.pk for unit in writes.new_units]):
            for found in Report.objects.filter(period=period, unit_id__in=chunk):
                reports[found.unit_id] = found
    _write_values(writes, reports)
    # Below the ORM: at 35,000 rows, model instances cost far more than the database's work.
    bulk_load(
        ValueChange,
        {"user": user, "channel": ValueChange.Channel.EXCEL, "comment": comment},
        ["report", "element", "old_value", "new_value"],
        ((reports[unit.pk].pk, element.pk, old, new) for unit, element, old, new in writes.changes),
    )
    changed = sorted({reports[unit.pk].pk for unit, *_rest in writes.changes})
    now = timezone.now()
    for chunk in chunks(changed):
        Report.objects.filter(pk__in=chunk).update(version=F("version") + 1, updated_at=now)
    ordered = [reports[unit.pk].pk for unit in units if unit.pk in wanted]
    fresh: dict[int, Report] = {}
    for chunk in chunks(ordered):
        for report in Report.objects.filter(pk__in=chunk).select_related("period", "unit"):
            fresh[report.pk] = report
    return [fresh[pk] for pk in ordered]


def _write_values(writes: _Writes, reports: Mapping[int, Report]) -> None:
    bulk_load(
        ReportValue,
        {},
        ["report", "element", "value"],
        ((reports[unit.pk].pk, element.pk, value) for unit, element, value in writes.inserts),
    )
    if writes.updates:
        by_report: dict[int, dict[int, Decimal]] = {}
        for report_id, element, value in writes.updates:
            by_report.setdefault(report_id, {})[element.pk] = value
        changed: list[ReportValue] = []
        for chunk in chunks(sorted(by_report)):
            for row in ReportValue.objects.filter(report_id__in=chunk).only(
                "pk", "report_id", "element_id"
            ):
                new = by_report[row.report_id].get(row.element_id)
                if new is not None:
                    row.value = new
                    changed.append(row)
        ReportValue.objects.bulk_update(changed, ["value"], batch_size=BATCH)
    if writes.deletes:
        doomed: dict[int, set[int]] = {}
        for report_id, element_id in writes.deletes:
            doomed.setdefault(report_id, set()).add(element_id)
        pks = []
        for chunk in chunks(sorted(doomed)):
            stored = ReportValue.objects.filter(report_id__in=chunk).values_list(
                "pk", "report_id", "element_id"
            )
            pks += [pk for pk, report_id, element_id in stored if element_id in doomed[report_id]]
        for chunk in chunks(pks):
            ReportValue.objects.filter(pk__in=chunk).delete()
