"""The figures file (``anju: figures/1``): one month's figures for several units, loaded whole.

It is the office's own load (history, or figures gathered outside anju): the reports take the
file's status directly rather than going through the workflow, so the declared rules' warnings
do not stop it. One rule of 报送 holds all the same: a file that submits or approves reports is
refused when a unit reports a figure that differs from the sum of its projects and the file's
``notes:`` give that unit no 填报说明 (``reports_unexplained``, as every path that submits).
"""

from __future__ import annotations

import re
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from anju.errors import InvalidInput
from anju.programmes.definition import read_figures
from anju.programmes.models import Programme, Unit
from anju.programmes.spec import FiguresSpec
from anju.programmes.yamlio import read_yaml
from anju.projects.reconcile import reports_unexplained
from anju.reporting.checks import check_entry
from anju.reporting.marks import as_of_problem, report_mark, resolve_as_of, split_unpublished
from anju.reporting.models import Report, ValueChange
from anju.reporting.rollup import subtree_sums_change, subtree_sums_withdraw
from anju.reporting.selectors import PUBLISHED
from anju.reporting.services import period_open, report_set_values


def figures_import_file(*, path: Path, user: User | None = None) -> list[Report]:
    """Load a figures file (one month, several units); all of it or, on any problem, none."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput([f"{path}: 无法读取文件（{error}）"]) from error
    # Figures stay the text written ("1_000" is not 1000): the checks judge them as entered.
    figures = read_figures(read_yaml(text, str(path), as_text=True))
    return figures_import(figures=figures, user=user)


def _gaps_refuse(figures: FiguresSpec, reports: list[Report]) -> None:
    """A file that submits or approves reports is held to the rule of 报送: a figure that
    differs from the sum of the unit's projects needs the unit's 填报说明 (``notes:``)."""
    if not reports:
        return
    gaps = reports_unexplained(
        period=reports[0].period,
        reports={report.pk: (report.unit_id, report.note) for report in reports},
        units=Q(unit_id__in=[report.unit_id for report in reports]),
    )
    problems = [
        _("%(where)s%(gap)s；请在 notes: 下写明%(unit)s的差异原因（填报说明）")
        % {
            "where": figures.where(report.unit.code, gap.element.code),
            "gap": gap.message(report.unit),
            "unit": report.unit.name,
        }
        for report in reports
        for gap in gaps.get(report.pk, [])
    ]
    if problems:
        raise InvalidInput(problems)


def _in_file_order(problems: list[str]) -> list[str]:
    """Problems named "file:line: …" sorted by their line (the file's name is the same)."""

    def line(problem: str) -> int:
        match = re.match(r"^.*?:(\d+): ", problem)
        return int(match.group(1)) if match else 0

    return sorted(dict.fromkeys(problems), key=line)


@transaction.atomic
def figures_import(*, figures: FiguresSpec, user: User | None = None) -> list[Report]:
    """Store a month's figures; every problem of the file is named in one pass (malformed
    parts, an unknown programme or unit, each figure's checks) and then nothing is stored."""
    problems = figures.found
    programme = Programme.objects.filter(code=figures.programme).first()
    if programme is None:
        problems.append(
            f"{figures.where_key('programme')}计划“{figures.programme}”不存在，请先导入计划定义文件"
        )
    elif programme.year != figures.year:
        problems.append(
            f"{figures.where_key('period')}月份 {figures.year}-{figures.month:02d} "
            f"不在计划年度 {programme.year}"
        )
    units = Unit.objects.in_bulk(list(figures.reports), field_name="code")
    problems += [
        f"{figures.where_unit(code)}单位代码“{code}”不存在"
        for code in figures.reports
        if code not in units
    ]
    problems += [
        f"{figures.where_note(code)}单位“{code}”不在本文件的 reports 中，其填报说明无处存放"
        for code in figures.notes
        if code not in figures.reports
    ]
    if programme is None or programme.year != figures.year:
        raise InvalidInput(_in_file_order(problems))
    split = {
        code: split_unpublished(values) for code, values in figures.reports.items() if code in units
    }
    known = {code: values for code, (values, _marked) in split.items()}
    period = period_open(programme=programme, month=figures.month)
    reports = [Report.objects.get_or_create(period=period, unit=units[code])[0] for code in known]
    problems += [
        f"{figures.where(report.unit.code, element)}{message}"
        for report, values in zip(reports, known.values(), strict=True)
        for element, message in check_entry(report=report, values=values).errors.items()
    ]
    as_of = {code: resolve_as_of(given, period) for code, given in figures.as_of.items()}
    problems += [
        f"{figures.where_key(f'as_of.{code}')}{problem}"
        for code, date in as_of.items()
        if (
            problem := as_of_problem(date, period)
            if code in known
            else _("as_of 中的单位须同时在 reports 中列出")
        )
    ]
    if problems:
        # The transaction takes the new period and reports back too.
        raise InvalidInput(_in_file_order(problems))
    # Figures change whatever the reports' status: what was published leaves the sums first.
    subtree_sums_withdraw(report_ids=[report.pk for report in reports])
    for report, values in zip(reports, known.values(), strict=True):
        report_set_values(
            report=report,
            values=values,
            user=user,
            channel=ValueChange.Channel.IMPORT,
            allow_any_status=True,
        )
        report_mark(
            report=report,
            unpublished=split[report.unit.code][1],
            as_of=as_of.get(report.unit.code),
            user=user,
            channel=ValueChange.Channel.IMPORT,
        )
    now = timezone.now()
    for report in reports:
        report.note = figures.notes.get(report.unit.code, report.note)
        report.status = figures.status
        report.submitted_at = now if figures.status != Report.Status.DRAFT else None
        report.reviewed_at = now if figures.status == Report.Status.APPROVED else None
        report.save(update_fields=["note", "status", "submitted_at", "reviewed_at"])
    if figures.status != Report.Status.DRAFT:
        _gaps_refuse(figures, reports)
    if figures.status in PUBLISHED:
        subtree_sums_change(report_ids=[report.pk for report in reports], sign=1)
    return reports
