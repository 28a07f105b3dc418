"""An uploaded workbook checked whole: every cell, every row's declared rules."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from anju.accounts.policy import can_write_report
from anju.modelparts import kept_filename
from anju.programmes.entered import to_entered
from anju.programmes.models import DataElement, Unit
from anju.reporting.checks import (
    finding_text,
    parse_figure,
)
from anju.reporting.excel.common import (
    FIRST_INPUT_COLUMN,
    FIRST_ROW,
    FORMAT,
    HEADER_ROW,
    MAX_WHOLE,
    META_SHEET,
    NOT_A_WORKBOOK,
    NOT_THIS_TEMPLATE,
    NOTE_HEADER,
    SHEET,
    SPARE_ROWS,
    Change,
    Column,
    ImportCheck,
    Ledger,
    Problem,
    Refused,
    header_texts,
    layout,
    ledger_load,
    reason_text,
)
from anju.reporting.excel.gaps import note_read
from anju.reporting.excel.reading import (
    Area,
    Identity,
    Row,
    Unreadable,
    cell_text,
    collection_paused,
    identity_check,
    identity_read,
    sheet_rows,
    workbook_opened,
)
from anju.reporting.models import ExcelImport, Period
from anju.reporting.selectors import reporting_units

# --- checking an upload ----------------------------------------------------------------------


def check_workbook(
    *, user: User, scope: Unit, period: Period, data: bytes, filename: str
) -> ImportCheck:
    """Check an uploaded template whole; store it as a pending import only if nothing is wrong.

    A file that cannot be this month's template is refused with one message; otherwise every
    cell and every row is checked and each problem is named by sheet, cell and figure.
    """
    with collection_paused():
        return _check_workbook(user=user, scope=scope, period=period, data=data, filename=filename)


def _check_workbook(
    *, user: User, scope: Unit, period: Period, data: bytes, filename: str
) -> ImportCheck:
    units = reporting_units(scope)
    elements = {
        e.code: e
        for e in DataElement.objects.filter(
            programme_id=period.programme_id, role=DataElement.Role.ACTUAL
        )
    }
    # A row per unit in scope and a few blank lines a clerk may leave; two columns per figure
    # and the 填报说明.
    area = Area(
        rows=FIRST_ROW + len(units) + SPARE_ROWS,
        columns=FIRST_INPUT_COLUMN + 2 * len(elements),
    )
    try:
        columns, note, header, rows = _read(
            data, scope=scope, period=period, area=area, elements=elements
        )
        _check_header(header, columns, note)
    except Refused as refusal:
        return ImportCheck(problems=[Problem(str(refusal))])
    check = _check_rows(rows, columns, note, user=user, scope=scope, period=period, units=units)
    if check.ok and (check.changes or check.noted):
        check.excel_import = ExcelImport.objects.create(
            user=user,
            period=period,
            scope=scope,
            filename=kept_filename(filename),
            changes={**{code: {} for code in check.noted}, **_stored_changes(check.changes)},
            versions=check.versions,
            notes=check.notes,
            rows=check.unit_rows,
        )
    return check


def _read(
    data: bytes,
    *,
    scope: Unit,
    period: Period,
    area: Area,
    elements: Mapping[str, DataElement],
) -> tuple[list[Column], int | None, tuple[object, ...], list[Row]]:
    """The template's columns, its 填报说明 column (or None), header and rows; or Refused."""
    with workbook_opened(data, area=area) as workbook:
        if META_SHEET not in workbook.sheetnames or SHEET not in workbook.sheetnames:
            raise Refused(NOT_THIS_TEMPLATE.format(why=_("文件中没有模板标识")))
        try:
            identity = identity_read(workbook[META_SHEET])
            columns = _columns(identity, scope=scope, period=period, elements=elements)
            note = note_read(identity, columns)
            header, rows = sheet_rows(workbook[SHEET], area)
        except Refused:
            raise
        except Exception:  # a damaged sheet inside a readable zip
            raise Refused(NOT_A_WORKBOOK) from None
    return columns, note, header, rows


def _columns(
    identity: Identity, *, scope: Unit, period: Period, elements: Mapping[str, DataElement]
) -> list[Column]:
    """The template's columns, once the identity matches this programme, month and scope."""
    identity_check(
        identity.values,
        expected=FORMAT,
        scope=scope,
        period=period,
        why=_("模板格式已更新或标识已损坏"),
    )
    if any(code not in elements for _, code in identity.columns):
        raise Refused(NOT_THIS_TEMPLATE.format(why=_("本计划的填报指标已调整")))
    columns = layout(elements[code] for _, code in identity.columns)
    # The format fixes where each figure sits; an identity saying otherwise was tampered with
    # (and could, say, send the reading out to column XFD).
    if not columns or [c.letter for c in columns] != [letter for letter, _ in identity.columns]:
        raise Refused(NOT_THIS_TEMPLATE.format(why=_("模板标识已损坏")))
    return columns


def _check_header(header: Sequence[object], columns: Sequence[Column], note: int | None) -> None:
    # Headers are checked against today's figure names: a moved or renamed column would
    # otherwise put one figure's numbers into another.
    for index, expected in header_texts(columns, note).items():
        found = cell_text(header[index - 1]) if index <= len(header) else ""
        if found != expected:
            cell = f"{SHEET}!{get_column_letter(index)}{HEADER_ROW}"
            why = _("表头已被改动（%(cell)s应为“%(expected)s”，文件中是“%(found)s”）") % {
                "cell": cell,
                "expected": expected,
                "found": found,
            }
            raise Refused(NOT_THIS_TEMPLATE.format(why=why))


@dataclass
class _RowCheck:
    """The state of one upload's check as rows are read."""

    columns: Sequence[Column]
    note: int | None  # the 填报说明 column
    ledger: Ledger
    by_code: dict[str, Unit]
    writable: set[int]
    result: ImportCheck = field(default_factory=ImportCheck)
    seen: dict[str, int] = field(default_factory=dict)  # unit code → first row
    letters: dict[str, str] = field(init=False)  # element code → input column

    def __post_init__(self) -> None:
        self.letters = {column.element.code: column.letter for column in self.columns}

    def problem(self, row: int, column: str, reason: str, name: str = "") -> None:
        self.result.problems.append(Problem(reason, SHEET, row, column, name))


def _check_rows(
    rows: Sequence[Row],
    columns: Sequence[Column],
    note: int | None,
    *,
    user: User,
    scope: Unit,
    period: Period,
    units: Sequence[Unit],
) -> ImportCheck:
    writable = {unit.pk for unit in units if can_write_report(user, unit)}
    state = _RowCheck(
        columns=columns,
        note=note,
        ledger=ledger_load(
            period=period, scope=scope, units=[u for u in units if u.pk in writable]
        ),
        by_code={unit.code: unit for unit in units},
        writable=writable,
    )
    for number, values in rows:
        unit = _row_unit(state, number, values)
        if unit is not None:
            _check_figures(state, number, unit, values)
    state.result.rows = len(rows)
    if not rows:
        state.result.problems.append(
            Problem(
                _("“%(sheet)s”表中没有填报数据（从第%(row)s行起每行一个单位）")
                % {"sheet": SHEET, "row": FIRST_ROW}
            )
        )
    return state.result


def _row_unit(state: _RowCheck, row: int, values: Sequence[object]) -> Unit | None:
    """The row's unit if the user may write it; otherwise the reason is recorded."""
    for position, letter in enumerate("AB"):
        if position < len(values) and isinstance(values[position], Unreadable):
            state.problem(row, letter, str(getattr(values[position], "reason", "")))
            return None
    code, name = cell_text(values[0]), cell_text(values[1]) if len(values) > 1 else ""
    unit = state.by_code.get(code)
    if not code:
        state.problem(row, "A", _("缺少单位代码"))
    elif unit is None:
        state.problem(row, "A", _("单位代码“%(code)s”不是本页范围内的填报单位") % {"code": code})
    elif unit.pk not in state.writable:
        state.problem(
            row,
            "A",
            _("您没有填报%(unit)s（%(code)s）的权限，请删去这一行")
            % {"unit": unit.name, "code": code},
        )
    elif code in state.seen:
        state.problem(
            row,
            "A",
            _("%(unit)s在第%(row)s行已出现，每个单位只能有一行")
            % {"unit": unit.name, "row": state.seen[code]},
        )
    elif name and name != unit.name:
        state.problem(
            row,
            "B",
            _("单位名称“%(name)s”与单位代码%(code)s（%(unit)s）不符")
            % {"name": name, "code": code, "unit": unit.name},
        )
    else:
        state.seen[code] = row
        return unit
    return None


def _check_figures(state: _RowCheck, row: int, unit: Unit, values: Sequence[object]) -> None:
    """Every cell of the row read, compared with the stored figure, then the row's rules."""
    entered: dict[str, Decimal | None] = {}
    wrong: set[str] = set()
    changes: list[Change] = []
    current = state.ledger.current[unit.pk]
    for column in state.columns:
        element, position = column.element, column.index - 1
        try:
            new = _parse(element, values[position] if position < len(values) else None)
        except ValueError as error:
            state.problem(row, column.letter, reason_text(element.name, error), element.name)
            wrong.add(element.code)
            continue
        entered[element.code] = new
        old = current.get(element.code)
        if old != new:
            changes.append(Change(unit, element, old, new))
    if not changes:
        _check_note_alone(state, row, unit, values)
        return  # no figure of this unit's is written, so its figures are not this import's business
    _check_report(state, row, unit)
    state.result.unit_rows[unit.code] = row
    _read_note(state, row, unit, values)
    warned = _record_findings(state, row, unit, entered, wrong)
    for change in changes:
        change.warning = warned.get(change.element.code, "")
    state.result.changes += changes


def _check_note_alone(state: _RowCheck, row: int, unit: Unit, values: Sequence[object]) -> None:
    """A row whose figures stand as stored and whose 填报说明 is new: the note alone is this
    import's change, on a report that may still be written."""
    report = state.ledger.reports.get(unit.pk)
    _read_note(state, row, unit, values)
    note = state.result.notes.get(unit.code)
    if note is None or note == (report.note if report else ""):
        state.result.notes.pop(unit.code, None)
        return
    _check_report(state, row, unit)
    state.result.unit_rows[unit.code] = row
    state.result.noted.append(unit.code)


def _read_note(state: _RowCheck, row: int, unit: Unit, values: Sequence[object]) -> None:
    """The unit's 填报说明, for its report (a blank one keeps the report's own)."""
    value = values[state.note - 1] if state.note and state.note <= len(values) else None
    if isinstance(value, Unreadable):
        state.problem(row, get_column_letter(state.note), value.reason, NOTE_HEADER)
    elif text := cell_text(value):
        state.result.notes[unit.code] = text


def _check_report(state: _RowCheck, row: int, unit: Unit) -> None:
    """The version the changes were checked against, or the reason the report is closed."""
    report = state.ledger.reports.get(unit.pk)
    state.result.versions[unit.code] = report.version if report else None
    if report is not None and not report.editable:
        status = report.label
        state.problem(
            row,
            "A",
            _("%(unit)s的报表%(status)s，不能修改；如需更正请联系管理员")
            % {"unit": unit.name, "status": status},
        )


def _record_findings(
    state: _RowCheck,
    row: int,
    unit: Unit,
    entered: Mapping[str, Decimal | None],
    wrong: set[str],
) -> dict[str, str]:
    """Rule errors as problems, warnings kept aside; one of each per figure, and none on a
    figure whose cell is already wrong (as check_entry does). Returns the warnings by code.

    A figure whose cell could not be read keeps its stored value for the rules, as in
    check_entry, so its neighbours are still checked against something real."""
    seen: dict[str, set[str]] = {"error": set(), "warning": set(wrong)}
    seen["error"] |= wrong
    warned: dict[str, str] = {}
    readable = {code: value for code, value in entered.items() if code not in wrong}
    for finding in state.ledger.findings(unit.pk, readable):
        if finding.element in seen[finding.level]:
            continue
        seen[finding.level].add(finding.element)
        name = state.ledger.names.get(finding.element, finding.element)
        letter = state.letters.get(finding.element, "A")
        problem = Problem(reason_text(name, finding_text(finding)), SHEET, row, letter, name)
        if finding.level == "error":
            state.result.problems.append(problem)
        else:
            state.result.warnings.append(problem)
            warned[finding.element] = problem.reason
    return warned


def _parse(element: DataElement, raw: object) -> Decimal | None:
    # Most cells hold a whole number; for one in range parse_figure could only return
    # Decimal(raw), so that is done directly (a tenth of the time, on tens of thousands of
    # cells). Everything else, and every message, is parse_figure's.
    if type(raw) is int and 0 <= raw < MAX_WHOLE and not element.entered_in:
        return Decimal(raw)
    if isinstance(raw, Unreadable):
        raise ValueError(raw.reason)  # never read as blank, which would clear the figure
    return parse_figure(element, cell_entry(raw))


def cell_entry(raw: object) -> object:
    """A cell's value as a clerk meant it: a spreadsheet number is a binary float, so it is
    read back at the 15 significant digits Excel shows (712.62, not 712.6199999…)."""
    if isinstance(raw, float) and math.isfinite(raw):
        return format(raw, ".15g")
    if isinstance(raw, bool | float):
        return str(raw)  # TRUE or an infinity: "not a number" rather than a crash
    if isinstance(raw, str | int | Decimal) or raw is None:
        return raw
    return str(raw)  # a date or time typed into a figure's cell


def _stored_changes(changes: Iterable[Change]) -> dict[str, dict[str, str]]:
    # Kept as entered (1.39 for a figure entered in 万): the confirmation parses them again.
    stored: dict[str, dict[str, str]] = defaultdict(dict)
    for change in changes:
        stored[change.unit.code][change.element.code] = (
            ""
            if change.new is None
            else format(to_entered(change.new, change.element.entered_in), "f")
        )
    return dict(stored)
