"""A unit's project workbook uploaded: checked cell by cell, tried through the page's service
and rolled back, then kept for its uploader to confirm; confirmed all at once, or discarded."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anju.errors import InvalidInput
from anju.modelparts import kept_filename
from anju.programmes.models import Unit
from anju.programmes.spec.elements import PROJECT_FLOWS as FLOWS
from anju.projects.models import Project, ProjectImport, ProjectMonth
from anju.projects.selectors import unit_projects
from anju.projects.services import project_month_save
from anju.projects.workbook import (
    CHANNEL,
    COLUMNS,
    FORMAT,
    LETTERS,
    MAX_MONEY,
    MAX_NODE,
    MAX_UNITS,
    month_values,
)
from anju.reporting.excel.common import (
    FIRST_ROW,
    META_SHEET,
    NOT_A_WORKBOOK,
    NOT_THIS_TEMPLATE,
    SHEET,
    SPARE_ROWS,
    Problem,
    Refused,
)
from anju.reporting.excel.reading import (
    Area,
    Row,
    Unreadable,
    cell_text,
    identity_check,
    identity_read,
    sheet_rows,
    workbook_opened,
)
from anju.reporting.excel.upload import cell_entry
from anju.reporting.models import Period


@dataclass
class ProjectCheck:
    """An upload's outcome: every problem, or the months it changes (kept as ``pending``)."""

    problems: list[Problem] = field(default_factory=list)
    changes: list[tuple[Project, dict[str, str], dict[str, str]]] = field(default_factory=list)
    rows: int = 0
    pending: ProjectImport | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def workbook_check(
    *, user: User, unit: Unit, period: Period, data: bytes, filename: str
) -> ProjectCheck:
    """Check the file whole; keep it as a pending import only when nothing is wrong."""
    projects = {p.code: p for p in unit_projects(unit=unit, period=period)}
    area = Area(rows=FIRST_ROW + len(projects) + SPARE_ROWS, columns=len(COLUMNS))
    check = ProjectCheck()
    try:
        rows = _read(data, unit=unit, period=period, area=area)
    except Refused as refusal:
        check.problems.append(Problem(str(refusal)))
        return check
    check.rows = len(rows)
    months = _months_now(list(projects.values()), period)
    seen: dict[str, int] = {}
    for number, values in rows:
        project = _row_project(check, number, values, projects, seen)
        if project is None:
            continue
        new = _row_values(check, number, values)
        old = months[project.pk]
        if new is not None and new != old:
            check.changes.append((project, old, new))
    if not rows:
        check.problems.append(
            Problem(
                _("“%(sheet)s”表中没有项目（从第%(row)s行起每行一个项目）")
                % {"sheet": SHEET, "row": FIRST_ROW}
            )
        )
    if not (check.ok and check.changes):
        return check
    _try(check, user=user, period=period, rows={p.code: n for n, p in _numbered(rows, projects)})
    if check.ok:  # the page's service refused none of it
        check.pending = ProjectImport.objects.create(
            user=user,
            unit=unit,
            period=period,
            filename=kept_filename(filename),
            rows={
                project.code: {"name": project.name, "old": old, "new": new}
                for project, old, new in check.changes
            },
        )
    return check


def _months_now(projects: list[Project], period: Period) -> dict[int, dict[str, str]]:
    """Each project's month as it stands, as text (all zero when none is on record)."""
    found = {
        m.project_id: {n: getattr(m, n) for n in (*FLOWS, "node")}
        for m in ProjectMonth.objects.filter(project__in=projects, period=period)
    }
    return {p.pk: month_values(found.get(p.pk, {})) for p in projects}


def _numbered(rows: Sequence[Row], projects: dict[str, Project]) -> list[tuple[int, Project]]:
    return [
        (number, projects[cell_text(values[0])])
        for number, values in rows
        if cell_text(values[0]) in projects
    ]


def _read(data: bytes, *, unit: Unit, period: Period, area: Area) -> list[Row]:
    with workbook_opened(data, area=area) as workbook:
        if META_SHEET not in workbook.sheetnames or SHEET not in workbook.sheetnames:
            raise Refused(NOT_THIS_TEMPLATE.format(why=_("文件中没有模板标识")))
        try:
            identity = identity_read(workbook[META_SHEET]).values
            why = _("这不是项目进度模板，或模板格式已更新")
            identity_check(identity, expected=FORMAT, scope=unit, period=period, why=why)
            header, rows = sheet_rows(workbook[SHEET], area)
        except Refused:
            raise
        except Exception:  # a damaged sheet inside a readable zip
            raise Refused(NOT_A_WORKBOOK) from None
    for index, (_name, expected, _places, _width) in enumerate(COLUMNS):
        found = cell_text(header[index]) if index < len(header) else ""
        if found != expected:
            why = _("表头已被改动（%(cell)s应为“%(expected)s”，文件中是“%(found)s”）") % {
                "cell": f"{SHEET}!{LETTERS[COLUMNS[index][0]]}2",
                "expected": expected,
                "found": found,
            }
            raise Refused(NOT_THIS_TEMPLATE.format(why=why))
    return rows


def _problem(check: ProjectCheck, row: int, name: str, reason: str, label: str = "") -> None:
    check.problems.append(Problem(reason, SHEET, row, LETTERS[name], label))


def _row_project(
    check: ProjectCheck,
    row: int,
    values: Sequence[object],
    projects: dict[str, Project],
    seen: dict[str, int],
) -> Project | None:
    if isinstance(values[0], Unreadable):
        _problem(check, row, "code", values[0].reason)
        return None
    code, name = cell_text(values[0]), cell_text(values[1])
    project = projects.get(code)
    if not code:
        _problem(check, row, "code", _("缺少项目编号"))
    elif project is None:
        _problem(
            check,
            row,
            "code",
            _("项目编号“%(code)s”不是本单位本计划的项目；新项目请先在项目库登记") % {"code": code},
        )
    elif code in seen:
        _problem(
            check,
            row,
            "code",
            _("项目“%(code)s”在第%(row)s行已出现，每个项目只能有一行")
            % {"code": code, "row": seen[code]},
        )
    elif name and name != project.name:
        _problem(
            check,
            row,
            "name",
            _("项目名称“%(name)s”与项目编号%(code)s（%(project)s）不符")
            % {"name": name, "code": code, "project": project.name},
        )
    else:
        seen[code] = row
        return project
    return None


def _row_values(check: ProjectCheck, row: int, values: Sequence[object]) -> dict[str, str] | None:
    """The row's flows and node as text; None (and each problem recorded) when one is wrong."""
    read: dict[str, Any] = {}
    wrong = False
    for index, (name, label, places, _width) in enumerate(COLUMNS):
        if name in ("code", "name"):
            continue
        raw = values[index]
        try:
            read[name] = _node(raw) if places is None else _flow(raw, places, name == "invested")
        except ValueError as error:
            _problem(check, row, name, str(error), label)
            wrong = True
    return None if wrong else month_values(read)


def _flow(raw: object, places: int, money: bool) -> Decimal:
    if isinstance(raw, Unreadable):
        raise ValueError(raw.reason)
    entry = cell_entry(raw)
    if entry is None or (isinstance(entry, str) and not entry.strip()):
        return Decimal(0)  # a blank cell: nothing this month
    high = MAX_MONEY if money else MAX_UNITS
    message = (
        _("请填写0到%(high)s之间、最多%(places)s位小数的数") % {"high": high, "places": places}
        if places
        else _("请填写0到%(high)s之间的整数") % {"high": high}
    )
    try:
        value = Decimal(str(entry).strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError(message) from None
    if not value.is_finite() or not 0 <= value <= high:
        raise ValueError(message)
    if value != value.quantize(Decimal(1).scaleb(-places)):
        raise ValueError(message)
    return value


def _node(raw: object) -> str:
    if isinstance(raw, Unreadable):
        raise ValueError(raw.reason)
    text = cell_text(raw)
    if "\x00" in text:
        raise ValueError(_("不能包含空字符（NUL）"))
    if len(text) > MAX_NODE:
        raise ValueError(_("最多%(n)s个字") % {"n": MAX_NODE})
    return text


def _try(check: ProjectCheck, *, user: User, period: Period, rows: dict[str, int]) -> None:
    """The changes stored through the page's service and rolled back: what the programme's
    rules or the report's state refuse is named on the project's row, nothing is kept."""
    with transaction.atomic():
        for project, _old, new in _ordered(check.changes):
            try:
                with transaction.atomic():
                    _save(project, period, new, user)
            except InvalidInput as error:
                for problem in error.problems:
                    _problem(check, rows[project.code], "code", problem)
        transaction.set_rollback(True)


def _ordered(
    changes: list[tuple[Project, dict[str, str], dict[str, str]]],
) -> list[tuple[Project, dict[str, str], dict[str, str]]]:
    # Increases first, so that a file moving starts from one project to another does not dip
    # below last month's year to date on the way (each month is checked as it is stored).
    def growth(change: tuple[Project, dict[str, str], dict[str, str]]) -> Decimal:
        _project, old, new = change
        return sum((Decimal(new[n]) - Decimal(old[n]) for n in FLOWS), Decimal(0))

    return sorted(changes, key=growth, reverse=True)


def _save(project: Project, period: Period, new: dict[str, str], user: User) -> None:
    project_month_save(
        project=project,
        period=period,
        flows={name: Decimal(new[name]) for name in FLOWS},
        node=new["node"],
        user=user,
        channel=CHANNEL,
    )


# --- confirming --------------------------------------------------------------------------


@transaction.atomic
def workbook_apply(*, pending: ProjectImport, user: User) -> int:
    """Store every month of the import, or none: refused when one changed since the upload or
    the programme's rules or the report's state refuse it now. Returns how many were stored."""
    pending = ProjectImport.objects.select_for_update().get(pk=pending.pk)
    if pending.status != ProjectImport.Status.PENDING:
        raise InvalidInput(
            [
                _("这次导入已处理（%(status)s），请重新上传")
                % {"status": pending.get_status_display()}
            ]
        )
    projects = {p.code: p for p in unit_projects(unit=pending.unit, period=pending.period)}
    problems = [
        _("项目“%(code)s”已不存在") % {"code": code}
        for code in pending.rows
        if code not in projects
    ]
    if problems:
        raise InvalidInput(problems)
    months = _months_now([projects[code] for code in pending.rows], pending.period)
    changes = []
    for code, row in pending.rows.items():
        project = projects[code]
        if months[project.pk] != row["old"]:
            problems.append(
                _("%(project)s的本月进度在上传后已被修改，请重新下载模板填写后上传")
                % {"project": project.name}
            )
        changes.append((project, row["old"], row["new"]))
    if problems:
        raise InvalidInput(problems)
    for project, _old, new in _ordered(changes):
        try:
            _save(project, pending.period, new, user)
        except InvalidInput as error:
            raise InvalidInput([f"{project.name}：{p}" for p in error.problems]) from None
    pending.status, pending.applied_at = ProjectImport.Status.APPLIED, timezone.now()
    pending.save(update_fields=["status", "applied_at"])
    return len(changes)


def workbook_discard(*, pending: ProjectImport) -> None:
    if pending.status == ProjectImport.Status.PENDING:
        pending.status = ProjectImport.Status.DISCARDED
        pending.save(update_fields=["status"])
