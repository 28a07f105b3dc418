"""The month's entry template: a protected sheet of the units a user may write."""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.styles import (  # type: ignore[import-untyped]
    Alignment,
    Border,
    Font,
    PatternFill,
    Protection,
    Side,
)
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.workbook.protection import WorkbookProtection  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

from anju.errors import InvalidInput
from anju.programmes.entered import to_entered
from anju.programmes.models import Unit
from anju.reporting.checks import (
    expected_figure,
)
from anju.reporting.excel.common import (
    FIRST_INPUT_COLUMN,
    FIRST_ROW,
    FORMAT,
    HEADER_ROW,
    META_SHEET,
    SHEET,
    TITLE_ROW,
    Column,
    Ledger,
    Sheet,
    header_texts,
    layout,
    ledger_load,
    note_column,
    template_units,
)
from anju.reporting.models import Period
from anju.text import display_width
from anju.xlsxsafe import set_text

# --- the template ----------------------------------------------------------------------------

FONT = "宋体"  # the customary face of Chinese office spreadsheets
THIN = Side(style="thin", color="FFBFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
GREY = PatternFill(fill_type="solid", start_color="FFF2F2F2", end_color="FFF2F2F2")
HEADER_FILL = PatternFill(fill_type="solid", start_color="FFD9E1F2", end_color="FFD9E1F2")
UNLOCKED, LOCKED = Protection(locked=False), Protection(locked=True)
TEXT_FONT, BOLD_FONT = Font(name=FONT, size=11), Font(name=FONT, size=11, bold=True)
TITLE_FONT = Font(name=FONT, size=14, bold=True)
WRAPPED = Alignment(horizontal="center", vertical="center", wrap_text=True)
TITLE_ALIGNMENT = Alignment(horizontal="left", vertical="center", wrap_text=True)
# Widths in Excel's units (one Latin digit; a CJK character takes two).
CODE_WIDTH, INPUT_WIDTH, PREVIOUS_WIDTH, NOTE_WIDTH = 13, 16, 11, 40
LINE_HEIGHT = 15.0
# Where openpyxl puts the first sheet, and its declared range (the rows added after saving
# make it larger).
ENTRY_SHEET_PART = "xl/worksheets/sheet1.xml"
DIMENSION = re.compile(r'<dimension ref="[^"]*"\s*/>')


def template_filename(*, scope: Unit, period: Period) -> str:
    return f"{scope.name}-{period.key}-填报模板.xlsx"


def template_workbook(*, user: User, scope: Unit, period: Period) -> bytes:
    """The month's entry template for the units of the scope the user may write."""
    units = template_units(user=user, scope=scope)
    if not units:
        raise InvalidInput([_("您在%(scope)s没有可填报的单位") % {"scope": scope.name}])
    ledger = ledger_load(period=period, scope=scope, units=units, all_previous=True)
    columns = layout(ledger.elements.values())
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    last = note_column(columns)
    _write_title(sheet, scope, period, last)
    _write_header(sheet, columns, units)
    rows = _UnitRows(sheet, columns, ledger)
    body = "".join(rows.row(number, unit) for number, unit in enumerate(units, start=FIRST_ROW))
    _add_validations(sheet, columns, FIRST_ROW + len(units) - 1)
    sheet_protect(workbook, sheet)
    _write_identity(workbook.create_sheet(META_SHEET), user, scope, period, columns)
    buffer = io.BytesIO()
    workbook.save(buffer)
    dimension = f"A1:{get_column_letter(last)}{FIRST_ROW + len(units) - 1}"
    return _with_rows(buffer.getvalue(), body, dimension)


def _write_title(sheet: Sheet, scope: Unit, period: Period, last: int) -> None:
    cell = set_text(
        sheet.cell(TITLE_ROW, 1),
        f"{period.programme.name}　{period}　填报模板（{scope.name}）\n"
        "只在白色格子里填写截至本月末的数；灰色格子（上月数、已报送或已审核的报表）不能修改。"
        "需要说明的情况（如填报数与项目汇总数不一致）写在“填报说明”栏。",
    )
    cell.font, cell.alignment = TITLE_FONT, TITLE_ALIGNMENT
    sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=last)
    sheet.row_dimensions[TITLE_ROW].height = 2 * LINE_HEIGHT + 12


def _write_header(sheet: Sheet, columns: Sequence[Column], units: Sequence[Unit]) -> None:
    name_width = max(10, *(display_width(unit.name) + 2 for unit in units))
    widths = {1: CODE_WIDTH, 2: name_width, note_column(columns): NOTE_WIDTH}
    for column in columns:
        widths[column.index], widths[column.index + 1] = INPUT_WIDTH, PREVIOUS_WIDTH
    lines = 1
    for index, text in header_texts(columns, note_column(columns)).items():
        cell = set_text(sheet.cell(HEADER_ROW, index), text)
        cell.font, cell.alignment, cell.border, cell.fill = BOLD_FONT, WRAPPED, BOX, HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = widths[index]
        lines = max(lines, math.ceil(display_width(text) / (widths[index] - 2)))
    # Long figure names wrap within their column instead of widening it past a screen.
    sheet.row_dimensions[HEADER_ROW].height = lines * LINE_HEIGHT + 4
    # By name: asking the sheet for the cell would create it, an empty row 3 before the units.
    sheet.freeze_panes = f"{get_column_letter(FIRST_INPUT_COLUMN)}{FIRST_ROW}"


class _UnitRows:
    """The units' rows as the sheet's XML, made directly: a national template has 80,000
    cells, and openpyxl spends about a microsecond and a half per cell making and another
    writing each one (a second in all). Each cell takes one of a few looks (locked or not,
    decimal places), registered with the workbook once through openpyxl; text goes through
    ``set_text`` (openpyxl's own checks, then a string cell, never a formula) and is written
    as the inline string openpyxl writes."""

    def __init__(self, sheet: Sheet, columns: Sequence[Column], ledger: Ledger) -> None:
        self._sheet = sheet
        # A figure entered in 万 is written as entered (1.39 for 13900), in the general look.
        self._columns = [
            (c.element.code, None if c.element.entered_in else c.element.places, c.letter)
            for c in columns
        ]
        self._entered_in = {c.element.code: c.element.entered_in for c in columns}
        self._previous = [get_column_letter(c.index + 1) for c in columns]
        self._note = get_column_letter(note_column(columns))
        self._ledger = ledger
        self._looks: dict[tuple[bool, int | None], int] = {}

    def look(self, locked: bool, places: int | None = None) -> int:
        """The workbook's index of the look, registered the first time it is asked for."""
        found = self._looks.get((locked, places))
        if found is None:
            cell = WriteOnlyCell(self._sheet)  # not part of the sheet: only its look is kept
            cell_styled(cell, locked, places)
            found = self._looks[(locked, places)] = int(cell.style_id)
        return found

    def _text(self, reference: str, text: str, locked: bool = True) -> str:
        value = str(set_text(WriteOnlyCell(self._sheet), text).value)
        space = ' xml:space="preserve"' if value != value.strip() else ""
        style = self.look(locked)
        return (
            f'<c r="{reference}" s="{style}" t="inlineStr">'
            f"<is><t{space}>{escape(value)}</t></is></c>"
        )

    def row(self, number: int, unit: Unit) -> str:
        ledger = self._ledger
        report = ledger.reports.get(unit.pk)
        editable = report is None or report.editable
        current, previous = ledger.current[unit.pk], ledger.previous[unit.pk]
        cells = [self._text(f"A{number}", unit.code), self._text(f"B{number}", unit.name)]
        for (code, places, letter), beside in zip(self._columns, self._previous, strict=True):
            figure, before = current.get(code), previous.get(code)
            if entered_in := self._entered_in[code]:
                figure = None if figure is None else to_entered(figure, entered_in)
                before = None if before is None else to_entered(before, entered_in)
            cells.append(_number_xml(f"{letter}{number}", self.look(not editable, places), figure))
            cells.append(_number_xml(f"{beside}{number}", self.look(True, places), before))
        # Starts with the report's own 填报说明 (a blank cell keeps it on upload).
        note = report.note if report is not None else ""
        if note:
            cells.append(self._text(f"{self._note}{number}", note, locked=not editable))
        else:
            cells.append(f'<c r="{self._note}{number}" s="{self.look(not editable)}"/>')
        return f'<row r="{number}">{"".join(cells)}</row>'


def _number_xml(reference: str, style: int, value: Decimal | None) -> str:
    if value is None:
        return f'<c r="{reference}" s="{style}"/>'
    number = _number(value)
    shown = str(number) if isinstance(number, int) else format(number, "f")
    return f'<c r="{reference}" s="{style}" t="n"><v>{shown}</v></c>'


def _with_rows(data: bytes, body: str, dimension: str) -> bytes:
    """The saved workbook with the units' rows put into its entry sheet (the first one)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            content = source.read(part)
            if part.filename == ENTRY_SHEET_PART:
                text = content.decode("utf-8")
                end = text.index("</sheetData>")
                text = text[:end] + body + text[end:]
                text = DIMENSION.sub(f'<dimension ref="{dimension}"/>', text, count=1)
                content = text.encode("utf-8")
            target.writestr(part, content)
    return output.getvalue()


def cell_styled(cell: Any, locked: bool, places: int | None = None) -> None:
    cell.font, cell.border = TEXT_FONT, BOX
    cell.protection = LOCKED if locked else UNLOCKED
    if locked:
        cell.fill = GREY
    if places is not None:
        cell.number_format = "0." + "0" * places if places else "0"


def _number(value: Decimal | None) -> int | Decimal | None:
    # A whole number goes in as an int: the cell then holds exactly what the clerk would type.
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


def _add_validations(sheet: Sheet, columns: Sequence[Column], last_row: int) -> None:
    for column in columns:
        element = column.element
        validation = DataValidation(
            type="whole" if element.places == 0 else "decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop",
            errorTitle="数字有误",
            error=f"{element.name}：请填写{expected_figure(element)}",
        )
        validation.add(f"{column.letter}{FIRST_ROW}:{column.letter}{last_row}")
        sheet.add_data_validation(validation)


def sheet_protect(workbook: Any, sheet: Sheet) -> None:
    # No password: protection keeps a clerk from typing over a code, a name or last month's
    # figure by accident; it is not a security boundary (every upload is re-checked whole),
    # and a password written in public source would only stand between an office and a
    # column it wants to widen. Resizing rows and columns stays allowed.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    # Keeps the two sheets as they are: nobody renames "填报" or unhides "anju" by accident.
    workbook.security = WorkbookProtection(lockStructure=True)


def _write_identity(
    meta: Sheet, user: User, scope: Unit, period: Period, columns: Sequence[Column]
) -> None:
    rows: list[tuple[str, ...]] = [
        ("format", FORMAT),
        ("programme", period.programme.code),
        ("period", period.key),
        ("scope", scope.code),
        ("generated_at", timezone.now().isoformat(timespec="seconds")),
        ("generated_for", str(user.get_username())),
    ]
    rows += [("column", column.letter, column.element.code) for column in columns]
    rows.append(("note", get_column_letter(note_column(columns))))
    for number, row in enumerate(rows, start=1):
        for column, text in enumerate(row, start=1):
            set_text(meta.cell(number, column), text)
    meta.sheet_state = "veryHidden"  # not listed under "Unhide" in Excel or WPS
