"""Writes to periods, reports and their figures. Every change of a figure is recorded."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from anju.errors import InvalidInput
from anju.programmes.definition import FiguresDef, read_figures
from anju.programmes.models import DataElement, Programme, Unit
from anju.programmes.yamlio import read_yaml
from anju.reporting.models import Period, Report, ReportValue, ValueChange

MAX_FIGURE = Decimal("1e15")


def parse_figure(element: DataElement, raw: object) -> Decimal | None:
    """A figure as entered (text or number) → Decimal; None for an empty entry.

    Raises ValueError with a message that names the figure and says what is expected.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, float | bool):
        raise ValueError(f"{element.name}：“{raw}”不能作为精确数值录入")
    try:
        value = Decimal(str(raw).strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"{element.name}：“{raw}”不是数字，请填写{_expected(element)}") from None
    if not value.is_finite():
        raise ValueError(f"{element.name}：“{raw}”不是数字，请填写{_expected(element)}")
    if value < 0:
        raise ValueError(f"{element.name}：不能为负数，请填写{_expected(element)}")
    if value >= MAX_FIGURE:
        raise ValueError(f"{element.name}：“{raw}”超出合理范围")
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > element.places:
        raise ValueError(f"{element.name}：“{raw}”小数位过多，请填写{_expected(element)}")
    return value


def _expected(element: DataElement) -> str:
    if element.places == 0:
        return f"不小于0的整数（{element.measure}）"
    return f"不小于0、最多{element.places}位小数的数（{element.measure}）"


def period_open(*, programme: Programme, month: int, due_date: Any = None) -> Period:
    period, created = Period.objects.get_or_create(
        programme=programme, month=month, defaults={"due_date": due_date}
    )
    if not created and period.status != Period.Status.OPEN:
        period.status = Period.Status.OPEN
        period.save(update_fields=["status"])
    return period


def validate_figures(
    *, programme: Programme, values: Mapping[str, object]
) -> tuple[dict[DataElement, Decimal | None], dict[str, str]]:
    """Check entered figures (element code → value): the parsed ones and, per code, a problem."""
    elements = {
        e.code: e
        for e in DataElement.objects.filter(programme=programme, role=DataElement.Role.ACTUAL)
    }
    parsed: dict[DataElement, Decimal | None] = {}
    problems: dict[str, str] = {}
    for code, raw in values.items():
        element = elements.get(code)
        if element is None:
            problems[code] = f"“{code}”不是本计划的填报指标"
            continue
        try:
            parsed[element] = parse_figure(element, raw)
        except ValueError as error:
            problems[code] = str(error)
    return parsed, problems


@transaction.atomic
def report_set_values(
    *,
    report: Report,
    values: Mapping[str, object],
    user: Any = None,
    channel: str,
    comment: str = "",
) -> Report:
    """Store figures (element code → entered value) on a report, recording each change.

    Every figure is checked first; if any is wrong nothing is stored and InvalidInput lists
    each problem.
    """
    parsed, problems = validate_figures(programme=report.period.programme, values=values)
    if problems:
        raise InvalidInput(list(problems.values()))
    _store(report, parsed, user, channel, comment)
    return report


def _store(
    report: Report,
    values: Mapping[DataElement, Decimal | None],
    user: Any,
    channel: str,
    comment: str,
) -> None:
    current = {v.element_id: v for v in report.values.all()}
    changes: list[ValueChange] = []
    for element, new in values.items():
        existing = current.get(element.pk)
        old = existing.value if existing else None
        if old == new:
            continue
        if new is None:
            assert existing is not None
            existing.delete()
        elif existing is None:
            ReportValue.objects.create(report=report, element=element, value=new)
        else:
            existing.value = new
            existing.save(update_fields=["value"])
        changes.append(
            ValueChange(
                report=report,
                element=element,
                old_value=old,
                new_value=new,
                user=user,
                channel=channel,
                comment=comment,
            )
        )
    if changes:
        ValueChange.objects.bulk_create(changes)
        report.version += 1
        report.save(update_fields=["version", "updated_at"])


def figures_import_file(*, path: Path, user: Any = None) -> list[Report]:
    """Load a figures file (one month, several units); all of it or, on any problem, none."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput([f"{path}: 无法读取文件（{error}）"]) from error
    return figures_import(figures=read_figures(read_yaml(text, str(path))), user=user)


@transaction.atomic
def figures_import(*, figures: FiguresDef, user: Any = None) -> list[Report]:
    programme = Programme.objects.filter(code=figures.programme).first()
    if programme is None:
        raise InvalidInput([f"计划“{figures.programme}”不存在，请先导入计划定义文件"])
    if programme.year != figures.year:
        raise InvalidInput(
            [f"月份 {figures.year}-{figures.month:02d} 不在计划年度 {programme.year}"]
        )
    units = Unit.objects.in_bulk(list(figures.reports), field_name="code")
    missing = [f"单位代码“{code}”不存在" for code in figures.reports if code not in units]
    if missing:
        raise InvalidInput(missing)
    problems = [
        f"{figures.lines[(code, element)]}{message}"
        for code, values in figures.reports.items()
        for element, message in validate_figures(programme=programme, values=values)[1].items()
    ]
    if problems:
        raise InvalidInput(problems)
    period = period_open(programme=programme, month=figures.month)
    reports = []
    for code, values in figures.reports.items():
        report, _ = Report.objects.get_or_create(period=period, unit=units[code])
        report_set_values(
            report=report, values=values, user=user, channel=ValueChange.Channel.IMPORT
        )
        reports.append(report)
    now = timezone.now()
    for report in reports:
        report.status = figures.status
        report.submitted_at = now if figures.status != Report.Status.DRAFT else None
        report.reviewed_at = now if figures.status == Report.Status.APPROVED else None
        report.save(update_fields=["status", "submitted_at", "reviewed_at"])
    return reports
