"""An attachment's table: columns filling the 版心, header rows (merged cells, repeated atop
every page) and body rows, all in the table styles."""

from __future__ import annotations

import math
from collections.abc import Sequence

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.shared import Length, Mm, Pt
from docx.table import Table, _Cell

from anju.bulletins.render.docx.oxml import add_text, border, element, ems, put, style_set
from anju.bulletins.render.docx.styles import Style, style_size
from anju.engine import BuiltRow, BuiltTable, HeaderCell

CELL_PADDING_PT = 2 * 5.4  # Word's default cell margins, 0.19 cm each side
HEADER_LINES = 3  # a header may wrap to this many lines before it widens its column
ROW_HEIGHT_MM = 8.0
TABLE_RULE = 4  # eighths of a point: 0.5 pt

TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
    "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
)  # fmt: skip


def column_widths(table: BuiltTable, total: int, *, body_pt: float, head_pt: float) -> list[int]:
    """Widths in EMU filling the 版心: each column gets what its longest cell needs (a header
    may wrap), and what is left over is shared equally, so no column looks starved."""
    rows = _body_rows(table)
    needs: list[float] = []
    for index, column in enumerate(table.columns):
        body = max((ems(row.cells[index].text) for row in rows), default=0.0)
        head = max(ems(column.header) / HEADER_LINES, 2.0)
        needs.append(Pt(max(body * body_pt, head * head_pt) + CELL_PADDING_PT))
    spare = total - sum(needs)
    if spare >= 0:
        widths = [math.floor(need + spare / len(needs)) for need in needs]
    else:  # too wide even at its narrowest: everything shrinks alike and cells wrap
        widths = [math.floor(need * total / sum(needs)) for need in needs]
    widths[-1] += total - sum(widths)
    return widths


def _body_rows(table: BuiltTable) -> list[BuiltRow]:
    return [*table.rows, *([table.total] if table.total is not None else [])]


def header_places(
    header_rows: Sequence[Sequence[HeaderCell]],
) -> list[tuple[int, int, HeaderCell]]:
    """Each header cell's row and column, skipping places taken by cells spanning from above."""
    taken: set[tuple[int, int]] = set()
    places: list[tuple[int, int, HeaderCell]] = []
    for row, cells in enumerate(header_rows):
        column = 0
        for cell in cells:
            while (row, column) in taken:
                column += 1
            places.append((row, column, cell))
            taken.update(
                (row + down, column + across)
                for down in range(cell.rowspan)
                for across in range(cell.colspan)
            )
            column += cell.colspan
    return places


def _cell_text(cell: _Cell, text: str, style: Style) -> None:
    paragraph = cell.paragraphs[0]
    style_set(paragraph, style)
    if text:
        add_text(paragraph, text)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _table_properties(grid: Table, width: int) -> None:
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False  # fixed layout: the widths below hold
    tbl_pr = grid._tbl.tblPr
    put(tbl_pr, element("w:tblW", w=str(round(Length(width).twips)), type="dxa"), TBLPR_ORDER)
    borders = element("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(border(f"w:{edge}", TABLE_RULE))
    put(tbl_pr, borders, TBLPR_ORDER)


def _widths_set(grid: Table, widths: Sequence[int]) -> None:
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Length(width)
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Length(width)


def _rows_set(grid: Table, header_count: int) -> None:
    for index, row in enumerate(grid.rows):
        row.height = Mm(ROW_HEIGHT_MM)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        properties = row._tr.get_or_add_trPr()
        properties.append(element("w:cantSplit"))
        if index < header_count:
            properties.append(element("w:tblHeader"))  # repeated atop every page


def table_add(doc: Document, table: BuiltTable, width: int) -> None:
    rows = _body_rows(table)
    header_count = len(table.header_rows)
    grid = doc.add_table(rows=header_count + len(rows), cols=len(table.columns))
    _table_properties(grid, width)
    body_pt, head_pt = style_size(doc, Style.TABLE_TEXT), style_size(doc, Style.TABLE_HEAD)
    _widths_set(grid, column_widths(table, width, body_pt=body_pt, head_pt=head_pt))
    _rows_set(grid, header_count)
    for row, built in zip(grid.rows[header_count:], rows, strict=True):
        for cell, value in zip(row.cells, built.cells, strict=True):
            _cell_text(cell, value.text, Style.TABLE_TEXT)
    for row, column, header in header_places(table.header_rows):
        cell = grid.cell(row, column)
        if header.rowspan > 1 or header.colspan > 1:
            cell = cell.merge(grid.cell(row + header.rowspan - 1, column + header.colspan - 1))
        _cell_text(cell, header.text, Style.TABLE_HEAD)
