"""A unit's projects as a workbook: the month's template, and an upload checked whole.

The template is the unit report's own layout kept for projects: a protected sheet "填报"
(a row per project, code and name grey, the month's flows and 形象进度 white where the month
can still change) and a very hidden sheet "anju" naming the programme, month and unit it was
made for. An upload is opened as safely as the report's (``reporting.excel.reading``), every
cell is checked and named ``file:填报!C5: message``, then the changes are tried through the
same service as the page (``project_month_save``) and rolled back, so a figure the
programme's rules refuse is named before anything is stored. A clean file becomes a pending
``ProjectImport``; only its uploader's confirmation writes it (``workbook_apply``).
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

from anju.errors import InvalidInput
from anju.programmes.models import Unit
from anju.programmes.spec.elements import PROJECT_FLOWS as FLOWS
from anju.projects.selectors import months_editable, project_rows
from anju.reporting.excel.common import (
    FIRST_ROW,
    HEADER_ROW,
    META_SHEET,
    SHEET,
    TITLE_ROW,
)
from anju.reporting.excel.template import (
    BOLD_FONT,
    BOX,
    HEADER_FILL,
    TITLE_ALIGNMENT,
    TITLE_FONT,
    WRAPPED,
    cell_styled,
    sheet_protect,
)
from anju.reporting.models import Period
from anju.xlsxsafe import set_text

FORMAT = "anju-projects/1"
CHANNEL = "excel"
# (field, header, decimal places or None for text, column width)
COLUMNS = (
    ("code", "项目编号", None, 14),
    ("name", "项目名称", None, 30),
    ("started", "本期开工（套）", 0, 14),
    ("basic", "本期基本建成（套）", 0, 19),
    ("completed", "本期竣工（套）", 0, 14),
    ("invested", "本期完成投资（万元）", 4, 21),
    ("node", "形象进度", None, 24),
)
LETTERS = {name: get_column_letter(i) for i, (name, *_rest) in enumerate(COLUMNS, start=1)}
MAX_UNITS = Decimal(10**7)
MAX_MONEY = Decimal(10**12)
MAX_NODE = 200


def workbook_filename(*, unit: Unit, period: Period) -> str:
    return f"{unit.name}-{period.key}-项目进度.xlsx"


def month_values(values: dict[str, Any]) -> dict[str, str]:
    """A month's flows and node as text, as a pending import keeps them."""
    shown = {name: _plain(Decimal(values.get(name) or 0)) for name in FLOWS}
    return {**shown, "node": str(values.get("node") or "")}


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# --- the template ------------------------------------------------------------------------


def workbook_template(*, user: User, unit: Unit, period: Period) -> bytes:
    """The unit's projects with the month's flows, white where the month can still change."""
    editable = months_editable(user=user, unit=unit, period=period)
    rows = project_rows(unit=unit, period=period)
    if not rows:
        raise InvalidInput([_("%(unit)s还没有登记项目，请先在项目库登记") % {"unit": unit.name}])
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    title = set_text(
        sheet.cell(TITLE_ROW, 1),
        f"{period.programme.name}　{period}　项目进度（{unit.name}）\n"
        "只在白色格子里填写本月的数（本期，不是累计）；本期末由系统累计。",
    )
    title.font, title.alignment = TITLE_FONT, TITLE_ALIGNMENT
    sheet.merge_cells(
        start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=len(COLUMNS)
    )
    sheet.row_dimensions[TITLE_ROW].height = 48
    for index, (_name, header, _places, width) in enumerate(COLUMNS, start=1):
        cell = set_text(sheet.cell(HEADER_ROW, index), header)
        cell.font, cell.alignment, cell.border, cell.fill = BOLD_FONT, WRAPPED, BOX, HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = width
    for number, row in enumerate(rows, start=FIRST_ROW):
        values = {"code": row.project.code, "name": row.project.name, **row.month, "node": row.node}
        for index, (name, _header, places, _width) in enumerate(COLUMNS, start=1):
            cell = sheet.cell(number, index)
            value = values[name]
            if isinstance(value, Decimal):
                cell.value = int(value) if value == value.to_integral_value() else value
            else:
                set_text(cell, str(value))
            # 万元 as typed (General), not padded to its four places: 320.5, not 320.5000.
            shown = None if name == "invested" else places
            cell_styled(cell, locked=name in ("code", "name") or not editable, places=shown)
    last_row = FIRST_ROW + len(rows) - 1
    for name, header, places, _width in COLUMNS:
        if places is not None:  # Excel and WPS refuse a negative or fractional 套 as typed
            validation = DataValidation(
                type="whole" if places == 0 else "decimal",
                operator="greaterThanOrEqual",
                formula1="0",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="数字有误",
                error=f"{header}：请填写不小于0的{'整数' if places == 0 else '数'}",
            )
            validation.add(f"{LETTERS[name]}{FIRST_ROW}:{LETTERS[name]}{last_row}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = f"C{FIRST_ROW}"
    sheet.page_setup.orientation = "landscape"  # printed: every column on one page's width
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet_protect(workbook, sheet)
    meta = workbook.create_sheet(META_SHEET)
    identity = [
        ("format", FORMAT),
        ("programme", period.programme.code),
        ("period", period.key),
        ("scope", unit.code),
        ("generated_at", timezone.now().isoformat(timespec="seconds")),
        ("generated_for", str(user.get_username())),
    ]
    for number, (key, value) in enumerate(identity, start=1):
        set_text(meta.cell(number, 1), key)
        set_text(meta.cell(number, 2), value)
    meta.sheet_state = "veryHidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
