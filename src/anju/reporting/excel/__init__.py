"""The Excel round trip: a month's entry template, an upload checked cell by cell, then applied.

The template is one protected sheet "填报" (a row per unit the user may write, a white input
column per reported figure with last month's figure in a grey column beside it) and a very
hidden sheet "anju" that says which programme, month, scope and columns it was made for, so
a file from another month or office is recognised instead of being read into the wrong place.

An upload is checked whole before anything is stored: every cell with ``parse_figure`` and
every row with the programme's declared rules (the same rules as ``checks.check_entry``, run
through ``engine.validation.check_figures``). The figures the rules need are loaded in a few
set-based queries, never per row, so a national file of thousands of rows is checked at
about the speed openpyxl reads it. A clean file becomes a pending ``ExcelImport``; only its
uploader's confirmation writes the figures, through ``report_set_values``, all or none.
"""

from __future__ import annotations

from anju.reporting.excel.common import (
    FIRST_ROW,
    FORMAT,
    MAX_UPLOAD_BYTES,
    META_SHEET,
    SHEET,
    XLSX_CONTENT_TYPE,
    Change,
    ImportCheck,
    ImportPreview,
    Problem,
    template_units,
)
from anju.reporting.excel.confirm import import_apply, import_discard, import_preview
from anju.reporting.excel.template import template_filename, template_workbook
from anju.reporting.excel.upload import check_workbook

__all__ = [
    "FIRST_ROW",
    "FORMAT",
    "MAX_UPLOAD_BYTES",
    "META_SHEET",
    "SHEET",
    "XLSX_CONTENT_TYPE",
    "Change",
    "ImportCheck",
    "ImportPreview",
    "Problem",
    "check_workbook",
    "import_apply",
    "import_discard",
    "import_preview",
    "template_filename",
    "template_units",
    "template_workbook",
]
