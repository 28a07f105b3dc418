"""Word (.docx: paragraphs and tables in order) and Excel (.xlsx: each sheet's cells as printed)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from anju.audit.document import Document
from anju.audit.readers.assemble import Assembler

# A bulletin's sheet is a few dozen rows; a hostile file's stated dimension is not read whole.
MAX_ROWS = 5000
MAX_COLUMNS = 60


def read_docx(path: Path) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    assembler = Assembler(path.name)
    try:
        document = docx.Document(str(path))
    except PackageNotFoundError as error:
        raise ValueError("not a Word document") from error
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            assembler.table([[cell.text for cell in row.cells] for row in item.rows])
        else:
            for line in item.text.splitlines():
                assembler.paragraph(line)
    return assembler.document()


def _places(number_format: str) -> int | None:
    match = re.search(r"0\.(0+)", number_format)
    if match:
        return len(match[1])
    return 0 if re.search(r"(^|[^.])0(?!\.)", number_format) else None


def shown(value: Any, number_format: str) -> str:
    """A cell as Excel prints it: its number format's decimals and percent sign."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    number = Decimal(str(value))
    # A bare % scales by 100 (0.6205 shows 62.05%); a quoted "%" or an escaped \% is text
    # after the figure (62.05 shows 62.05%), as older workbooks wrote rates.
    unquoted = re.sub(r'"[^"]*"|\\.', "", number_format)
    percent = "%" in number_format
    if "%" in unquoted:
        number *= 100
    places = _places(number_format)
    if places is not None:
        from anju.engine.values import round_half_up

        number = round_half_up(number, places)
    text = format(number, "f")
    if places is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + ("%" if percent else "")


def read_xlsx(path: Path) -> Document:
    import openpyxl  # type: ignore[import-untyped]

    assembler = Assembler(path.name)
    book = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            rows: list[list[str]] = []
            for row in sheet.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLUMNS):
                cells = [shown(c.value, getattr(c, "number_format", "General")) for c in row]
                filled = [c for c in cells if c.strip()]
                if len(filled) <= 1 and not rows:
                    assembler.paragraph(filled[0] if filled else "")
                elif len(filled) <= 1 and rows and filled:
                    assembler.table(rows)
                    rows = []
                    assembler.paragraph(filled[0])
                elif filled:
                    rows.append(cells)
            if rows:
                assembler.table(rows)
    finally:
        book.close()
    return assembler.document()
