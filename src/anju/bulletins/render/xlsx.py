"""The bulletin as an Excel workbook: a "说明" sheet with the letter, then one sheet per 附件.

Figures go in as numbers, exactly the engine's rounded values, so a reader can sum or chart
them; each cell's number format makes it read like the printed bulletin. A rate is stored as
the fraction it is (0.6205, shown 62.05%), so a formula that uses it is right. Nothing is
computed here: a cell without a figure (NA) stays empty rather than becoming a zero.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.drawing.image import Image  # type: ignore[import-untyped]
from openpyxl.styles import (  # type: ignore[import-untyped]
    Alignment,
    Border,
    Font,
    PatternFill,
    Side,
)
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from anju.bulletins.document import Attachment, BulletinDocument, Figure, Heading
from anju.engine import BuiltRow, Cell, ColumnSpec, HeaderCell
from anju.text import display_width
from anju.xlsxsafe import set_text

__all__ = ["number_format", "render_xlsx"]

# openpyxl ships no type information; its worksheets pass through here as ``Any``.
Worksheet = Any

COVER_SHEET = "说明"
TABLE_FONT = "宋体"  # the customary face of Chinese official spreadsheets, on every CJK desktop
HEADING_FONT = "黑体"
TITLE_SIZE = 16
TEXT_SIZE = 11

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill(fill_type="solid", start_color="FFF2F2F2", end_color="FFF2F2F2")
CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
LEFT_WRAPPED = Alignment(horizontal="left", vertical="top", wrap_text=True)

# Column widths are in Excel's units (about one Latin digit); a CJK character takes two.
CELL_PADDING = 2
MIN_WIDTH = 6
MAX_WIDTH = 40
HEADER_WRAP = 12  # a longer header wraps rather than widening its column past this
LINE_HEIGHT = 15.0  # points per line of 11 pt text
# The letter's one column, its lines wrapped: it prints at full size within the A4 page's
# margins (180 mm) both where a unit is 1.9 mm (Excel's Calibri) and where it is 2.5 mm (Calc
# measuring in a wider fallback face); the 150 mm chart may reach into the next columns.
COVER_WIDTH = 68
COVER_MARGIN_INCHES = 0.6
# Rows are sized for lines of this many units: 宋体 sets a character a little over two.
COVER_WRAP_WIDTH = 62
PIXELS_PER_MM = 96 / 25.4  # a sheet lays pictures out at 96 pixels an inch
POINTS_PER_MM = 72 / 25.4
PERCENT = "%"


# --- measuring --------------------------------------------------------------------------------


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a cell ``width`` units wide, each of its own
    lines ("\n") starting a new one."""
    usable = max(width - CELL_PADDING, 1.0)
    return sum(max(1, math.ceil(display_width(line) / usable)) for line in text.split("\n"))


@dataclass(frozen=True)
class _Placed:
    row: int  # 0-based within the header block
    column: int  # 0-based
    cell: HeaderCell


def _header_layout(header_rows: Sequence[Sequence[HeaderCell]]) -> list[_Placed]:
    """Grid positions of header cells, skipping slots taken by a row-spanning cell above."""
    taken: set[tuple[int, int]] = set()
    placed: list[_Placed] = []
    for row, cells in enumerate(header_rows):
        column = 0
        for cell in cells:
            while (row, column) in taken:
                column += 1
            placed.append(_Placed(row, column, cell))
            taken.update(
                (row + dr, column + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan)
            )
            column += cell.colspan
    return placed


def _all_rows(rows: Sequence[BuiltRow], total: BuiltRow | None) -> list[BuiltRow]:
    return [*rows, *([total] if total is not None else [])]


def _column_widths(attachment: Attachment) -> list[float]:
    table = attachment.table
    widths = [0] * len(table.columns)
    for row in _all_rows(table.rows, table.total):
        for index, cell in enumerate(row.cells):
            widths[index] = max(widths[index], display_width(cell.text))
    # Spanning group headers are left to wrap or overflow into their columns, not to widen them.
    for placed in _header_layout(table.header_rows):
        if placed.cell.colspan == 1:
            text = display_width(placed.cell.text)
            share = min(text, max(HEADER_WRAP, math.ceil(text / 2)))
            widths[placed.column] = max(widths[placed.column], share)
    return [float(min(max(w + CELL_PADDING, MIN_WIDTH), MAX_WIDTH)) for w in widths]


# --- cells ------------------------------------------------------------------------------------


def _stored(column: ColumnSpec, value: Decimal) -> int | Decimal:
    # A rate printed 62.05% is the fraction 0.6205: shifting the decimal point is exact.
    return _number(value.scaleb(-2) if column.suffix == PERCENT else value)


def _number(value: Decimal) -> int | Decimal:
    # A whole figure goes in as int ("2000", never "2000.00" or "2E+3" in the file); any other
    # stays a Decimal, which openpyxl writes as a number, so no float rounding creeps in.
    return int(value) if value == value.to_integral_value() else value


def _decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _fixed(places: int, suffix: str = "") -> str:
    digits = "0." + "0" * places if places > 0 else "0"
    literal = suffix.replace('"', "")
    return f'{digits}"{literal}"' if literal else digits


def number_format(column: ColumnSpec, value: Decimal) -> str:
    """The Excel number format that makes ``value`` (as printed) read as the bulletin prints it.

    A "%" column holds the fraction (0.6158) under a percent format with the printed places
    ("0.00%" shows 61.58%): the engine rounded it already, so the format shows exactly the
    printed figure, and a formula gets the rate it means. A trimmed column prints 10135 and
    712.62 alike; Excel has no format that drops trailing zeros without leaving a dot on whole
    numbers ("0.##" shows "10135."), so it gets "General", which shows both as printed.
    """
    if column.suffix == PERCENT:
        places = _decimals(value.normalize()) if column.trim else column.places
        return _fixed(places if places is not None else _decimals(value)) + PERCENT
    if column.trim:
        if not column.suffix:
            return "General"
        return _fixed(_decimals(value.normalize()), column.suffix)
    places = column.places if column.places is not None else _decimals(value)
    return _fixed(places, column.suffix)


def _write_cell(ws: Worksheet, row: int, column: int, spec: ColumnSpec, cell: Cell) -> Any:
    target = ws.cell(row=row, column=column)
    if cell.kind in ("value", "rank") and cell.value is not None:
        target.value = _stored(spec, cell.value) if cell.kind == "value" else _number(cell.value)
        target.number_format = "0" if cell.kind == "rank" else number_format(spec, cell.value)
    elif cell.kind == "change" and cell.value is not None and cell.text == str(_number(cell.value)):
        # No change reads "0": the figure itself, a number like any other.
        target.value = _number(cell.value)
        target.number_format = "0"
    elif cell.text:
        # Units, changes ("新增40套退出95套"), notes and a figure's words (全部开工, —) are
        # words, so they stay text.
        set_text(target, cell.text)
        target.number_format = "@"
    return target


# --- attachment sheets ------------------------------------------------------------------------


def _merged_line(ws: Worksheet, row: int, width: int, text: str, font: Any, alignment: Any) -> None:
    cell = set_text(ws.cell(row=row, column=1), text)
    cell.font = font
    cell.alignment = alignment
    if width > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def _write_heading(ws: Worksheet, attachment: Attachment, widths: Sequence[float]) -> int:
    """附件N, the title and the period and unit lines; returns the first row left free."""
    span = len(widths)
    label = set_text(ws.cell(row=1, column=1), f"附件{attachment.number}")
    label.font = Font(name=HEADING_FONT, bold=True, size=12)
    title_font = Font(name=TABLE_FONT, bold=True, size=TITLE_SIZE)
    _merged_line(ws, 2, span, attachment.title, title_font, CENTRED)
    # A 16 pt character is about 16/11 as wide as the 11 pt text the widths were measured in.
    title_lines = _lines(attachment.title, sum(widths) * TEXT_SIZE / TITLE_SIZE)
    ws.row_dimensions[2].height = title_lines * 22.0 + 6
    row = 3
    text_font = Font(name=TABLE_FONT, size=TEXT_SIZE)
    if attachment.period_line:
        _merged_line(ws, row, span, attachment.period_line, text_font, CENTRED)
        row += 1
    if attachment.unit_line:
        _merged_line(ws, row, span, attachment.unit_line, text_font, RIGHT)
        row += 1
    return row


def _write_header(ws: Worksheet, top: int, attachment: Attachment, widths: Sequence[float]) -> int:
    """The header rows, merged as in the bulletin; returns the last header row."""
    header_rows = attachment.table.header_rows
    font = Font(name=TABLE_FONT, bold=True, size=TEXT_SIZE)
    lines = [1] * len(header_rows)
    for placed in _header_layout(header_rows):
        cell = placed.cell
        row, column = top + placed.row, 1 + placed.column
        anchor = set_text(ws.cell(row=row, column=column), cell.text)
        anchor.font, anchor.alignment = font, CENTRED
        anchor.border, anchor.fill = BOX, HEADER_FILL
        # Merging copies the anchor's border onto the range's edges, so style it first.
        if cell.colspan > 1 or cell.rowspan > 1:
            ws.merge_cells(
                start_row=row,
                start_column=column,
                end_row=row + cell.rowspan - 1,
                end_column=column + cell.colspan - 1,
            )
        if cell.rowspan == 1:
            span_width = sum(widths[placed.column : placed.column + cell.colspan])
            lines[placed.row] = max(lines[placed.row], _lines(cell.text, span_width))
    for offset, count in enumerate(lines):
        ws.row_dimensions[top + offset].height = count * LINE_HEIGHT + 6
    return top + len(header_rows) - 1


def _write_body(ws: Worksheet, first: int, attachment: Attachment) -> int:
    """Data rows then the total row (bold); returns the last row written."""
    table = attachment.table
    regular = Font(name=TABLE_FONT, size=TEXT_SIZE)
    bold = Font(name=TABLE_FONT, bold=True, size=TEXT_SIZE)
    row = first - 1
    for built in _all_rows(table.rows, table.total):
        row += 1
        font = bold if built is table.total else regular
        for index, (spec, cell) in enumerate(zip(table.columns, built.cells, strict=True)):
            target = _write_cell(ws, row, index + 1, spec, cell)
            target.font, target.alignment, target.border = font, CENTRED, BOX
        ws.row_dimensions[row].height = LINE_HEIGHT + 5
    return row


def _write_footnotes(
    ws: Worksheet, first: int, attachment: Attachment, widths: Sequence[float]
) -> None:
    font = Font(name=TABLE_FONT, size=TEXT_SIZE)
    for offset, note in enumerate(attachment.table.footnotes):
        text = f"注：{note}"
        _merged_line(ws, first + offset, len(widths), text, font, LEFT_WRAPPED)
        ws.row_dimensions[first + offset].height = _lines(text, sum(widths)) * LINE_HEIGHT + 4


def _set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def _page_setup(
    ws: Worksheet, attachment: Attachment, header: tuple[int, int], last_row: int
) -> None:
    setup = ws.page_setup
    setup.orientation = "landscape" if attachment.landscape else "portrait"
    setup.paperSize = ws.PAPERSIZE_A4
    # One page wide, as many pages tall as the rows need (0 = no limit on the height).
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = f"{header[0]}:{header[1]}"
    ws.print_area = f"A1:{get_column_letter(len(attachment.table.columns))}{last_row}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.freeze_panes = f"A{header[1] + 1}"


def _write_attachment(ws: Worksheet, attachment: Attachment) -> None:
    widths = _column_widths(attachment)
    header_top = _write_heading(ws, attachment, widths)
    header_bottom = _write_header(ws, header_top, attachment, widths)
    last_row = _write_body(ws, header_bottom + 1, attachment)
    _write_footnotes(ws, last_row + 1, attachment, widths)
    _set_widths(ws, widths)
    _page_setup(
        ws, attachment, (header_top, header_bottom), last_row + len(attachment.table.footnotes)
    )


# --- the cover sheet --------------------------------------------------------------------------


def _cover_lines(document: BulletinDocument) -> Iterator[tuple[str, bool] | Figure]:
    """The letter as (text, bold) lines: title, number, date, body (a chart as its picture,
    then its caption), 附件 list, signature."""
    if document.draft:
        yield "（草稿）", True
    yield document.title, True  # on the lines the office broke it into
    if document.number:
        yield f"发文字号：{document.number}", False
    yield f"成文日期：{document.date_text}", False
    if document.recipients:
        yield f"{document.recipients}：", False
    for block in document.body:
        if isinstance(block, Heading):
            yield block.text, True
        elif isinstance(block, Figure):
            yield block
            yield block.caption, False
        else:
            yield block.text, False
    for index, note in enumerate(document.attachment_notes):
        yield (f"附件：{note}" if index == 0 else f"　　　{note}"), False
    yield document.signature, False
    yield document.date_text, False
    for line in (document.cc_text, f"{document.printer}　{document.print_date_text}"):
        if line.strip():
            yield line, False


def _place_figure(ws: Worksheet, row: int, figure: Figure) -> None:
    image = Image(io.BytesIO(figure.png))
    image.width = round(figure.width_mm * PIXELS_PER_MM)
    image.height = round(figure.height_mm * PIXELS_PER_MM)
    ws.add_image(image, f"A{row}")
    ws.row_dimensions[row].height = figure.height_mm * POINTS_PER_MM + 4


def _footer_text(text: str) -> str:
    return text.replace("&", "&&")  # "&" starts a field code in a header or footer


def _write_cover(ws: Worksheet, document: BulletinDocument) -> None:
    ws.title = COVER_SHEET
    ws.column_dimensions["A"].width = COVER_WIDTH
    for row, line in enumerate(_cover_lines(document), start=1):
        if isinstance(line, Figure):
            _place_figure(ws, row, line)
            continue
        text, bold = line
        cell = set_text(ws.cell(row=row, column=1), text)
        if text == document.title:
            cell.font = Font(name=TABLE_FONT, bold=True, size=TITLE_SIZE)
            cell.alignment = CENTRED
            width = COVER_WRAP_WIDTH * TEXT_SIZE / TITLE_SIZE
            ws.row_dimensions[row].height = _lines(text, width) * 22.0 + 6
            continue
        cell.font = Font(name=TABLE_FONT, bold=bold, size=TEXT_SIZE)
        cell.alignment = LEFT_WRAPPED
        # Excel does not grow a row to fit wrapped text it did not lay out itself.
        ws.row_dimensions[row].height = _lines(text, COVER_WRAP_WIDTH) * LINE_HEIGHT + 4
    # The office heads each page, the page number stands at its foot: apart, however long.
    ws.oddHeader.left.text = _footer_text(document.printer)
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_margins.left = ws.page_margins.right = COVER_MARGIN_INCHES


# --- the workbook -----------------------------------------------------------------------------


def render_xlsx(document: BulletinDocument) -> bytes:
    """The workbook: "说明" (the letter's text) first, then "附件1", "附件2", … one per table."""
    workbook = Workbook()
    _write_cover(workbook.active, document)
    for attachment in document.attachments:
        _write_attachment(workbook.create_sheet(f"附件{attachment.number}"), attachment)
    workbook.properties.title = document.title_text
    workbook.properties.creator = document.signature
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
