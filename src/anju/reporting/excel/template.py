"""The month's entry template: a protected sheet of the units a user may write."""

from __future__ import annotations

import copy
import io
import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]
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
CODE_WIDTH, INPUT_WIDTH, PREVIOUS_WIDTH = 13, 16, 11
LINE_HEIGHT = 15.0


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
    last = FIRST_INPUT_COLUMN + 2 * len(columns) - 1
    _write_title(sheet, scope, period, last)
    _write_header(sheet, columns, units)
    styles = _Styles()
    for row, unit in enumerate(units, start=FIRST_ROW):
        _write_unit(sheet, row, unit, columns, ledger, styles)
    _add_validations(sheet, columns, FIRST_ROW + len(units) - 1)
    _protect(workbook, sheet)
    _write_identity(workbook.create_sheet(META_SHEET), user, scope, period, columns)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_title(sheet: Sheet, scope: Unit, period: Period, last: int) -> None:
    cell = set_text(
        sheet.cell(TITLE_ROW, 1),
        f"{period.programme.name}　{period}　填报模板（{scope.name}）\n"
        "只在白色格子里填写截至本月末的数；灰色格子（上月数、已报送或已审核的报表）不能修改。",
    )
    cell.font, cell.alignment = TITLE_FONT, TITLE_ALIGNMENT
    sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=last)
    sheet.row_dimensions[TITLE_ROW].height = 2 * LINE_HEIGHT + 12


def _write_header(sheet: Sheet, columns: Sequence[Column], units: Sequence[Unit]) -> None:
    name_width = max(10, *(display_width(unit.name) + 2 for unit in units))
    widths = {1: CODE_WIDTH, 2: name_width}
    for column in columns:
        widths[column.index], widths[column.index + 1] = INPUT_WIDTH, PREVIOUS_WIDTH
    lines = 1
    for index, text in header_texts(columns).items():
        cell = set_text(sheet.cell(HEADER_ROW, index), text)
        cell.font, cell.alignment, cell.border, cell.fill = BOLD_FONT, WRAPPED, BOX, HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = widths[index]
        lines = max(lines, math.ceil(display_width(text) / (widths[index] - 2)))
    # Long figure names wrap within their column instead of widening it past a screen.
    sheet.row_dimensions[HEADER_ROW].height = lines * LINE_HEIGHT + 4
    sheet.freeze_panes = sheet.cell(FIRST_ROW, FIRST_INPUT_COLUMN).coordinate


class _Styles:
    """The few looks a unit's cells take (locked or not, decimal places), each registered with
    the workbook once: a national template has 80,000 cells, and styling each one afresh
    through openpyxl (hashing every font, border and fill) took seconds."""

    def __init__(self) -> None:
        self._looks: dict[tuple[bool, int | None], Any] = {}

    def apply(self, cell: Any, locked: bool, places: int | None = None) -> Any:
        look = self._looks.get((locked, places))
        if look is None:
            _styled(cell, locked, places)
            # A cell's look is a row of indexes into the workbook's fonts, borders, fills…
            self._looks[(locked, places)] = copy.copy(cell._style)
        else:
            cell._style = copy.copy(look)
        return cell


def _write_unit(
    sheet: Sheet,
    row: int,
    unit: Unit,
    columns: Sequence[Column],
    ledger: Ledger,
    styles: _Styles,
) -> None:
    for index, text in ((1, unit.code), (2, unit.name)):
        styles.apply(set_text(sheet.cell(row, index), text), locked=True)
    report = ledger.reports.get(unit.pk)
    editable = report is None or report.editable
    current, previous = ledger.current[unit.pk], ledger.previous[unit.pk]
    for column in columns:
        code, places = column.element.code, column.element.places
        figure = sheet.cell(row, column.index, _number(current.get(code)))
        styles.apply(figure, not editable, places)
        styles.apply(sheet.cell(row, column.index + 1, _number(previous.get(code))), True, places)


def _styled(cell: Any, locked: bool, places: int | None = None) -> None:
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


def _protect(workbook: Any, sheet: Sheet) -> None:
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
    for number, row in enumerate(rows, start=1):
        for column, text in enumerate(row, start=1):
            set_text(meta.cell(number, column), text)
    meta.sheet_state = "veryHidden"  # not listed under "Unhide" in Excel or WPS
