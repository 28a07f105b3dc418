"""Text anju writes into a workbook stays text, whatever it starts with.

openpyxl turns a string starting with "=" into a live formula and one spelling an error code
("#N/A") into an error value, so a unit name, a figure name or a bulletin paragraph typed as
"=HYPERLINK(…)" would run in the reader's spreadsheet. Every workbook writer in anju puts text
through ``set_text``: the cell is marked a string cell (``t="inlineStr"``), which Excel, WPS,
LibreOffice and openpyxl all show as the same characters and never evaluate. (A leading quote
prefix would need a style per cell, and only Excel honours it on every path.)
"""

from __future__ import annotations

from typing import Any

__all__ = ["set_text"]

STRING = "s"


def set_text(cell: Any, text: str) -> Any:
    """Write ``text`` into the openpyxl ``cell`` as a string; returns the cell."""
    cell.value = text
    cell.data_type = STRING
    return cell
