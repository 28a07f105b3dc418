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

import io
import math
import unicodedata
import warnings
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]
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

from anju.accounts.policy import can_write_report, writable_units
from anju.engine import NA, Value
from anju.engine.validation import Finding, Rule, check_figures
from anju.engine.values import format_value
from anju.errors import InvalidInput
from anju.programmes.models import DataElement, Target, Unit
from anju.reporting.checks import (
    MAX_FIGURE,
    declared_rules,
    expected_figure,
    finding_text,
    parse_figure,
)
from anju.reporting.models import ExcelImport, Period, Report, ReportValue, ValueChange
from anju.reporting.selectors import reporting_units
from anju.reporting.services import EDITABLE, StaleVersion, report_set_values
from anju.reporting.workflow import report_for

__all__ = [
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

# openpyxl ships no type information; its workbooks and sheets pass through here as ``Any``.
Sheet = Any

SHEET = "填报"
META_SHEET = "anju"
# Bumped whenever the layout changes, so an old template is refused rather than misread.
FORMAT = "anju-excel/1"
TITLE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3
CODE_HEADER, NAME_HEADER, PREVIOUS_HEADER = "单位代码", "单位名称", "上月"
FIRST_INPUT_COLUMN = 3  # C: after 单位代码 and 单位名称; each figure takes two columns
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_WHOLE = int(MAX_FIGURE)  # compared with an int cell: much cheaper than with a Decimal
# Blank lines a clerk may leave between units; a filled row further down than the scope's
# unit count plus these is not our template, and stops the reading there (so a crafted file
# cannot make the check hold millions of rows).
SPARE_ROWS = 500
# Up to this many units, figures are loaded by unit id; beyond, by the scope's path prefix
# (one indexed range instead of a parameter list the database may refuse).
ID_LIST_LIMIT = 500
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

NOT_A_WORKBOOK = _lazy(
    "文件不是 Excel 工作簿（.xlsx）；如果是 .xls 或 WPS 格式，请另存为 .xlsx 后上传"
)
TOO_LARGE = _lazy("文件超过 {limit} MB 的上限；填报模板远小于此，请上传下载的模板本身")
NOT_THIS_TEMPLATE = _lazy("这不是本月的填报模板：{why}，请重新下载本月模板后填写")


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Something wrong in the file; with a place when it is one cell's fault."""

    reason: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    field: str = ""

    @property
    def location(self) -> str:
        return f"{self.sheet}!{self.column}{self.row}" if self.row else ""

    def __str__(self) -> str:
        text = f"{self.field}：{self.reason}" if self.field else self.reason
        return f"{self.location} {text}" if self.location else text


@dataclass(slots=True)
class Change:
    """One figure the import changes: old → new (None: empty)."""

    unit: Unit
    element: DataElement
    old: Decimal | None
    new: Decimal | None
    warning: str = ""

    @property
    def old_text(self) -> str:
        return _shown(self.old)

    @property
    def new_text(self) -> str:
        return _shown(self.new)


@dataclass
class ImportCheck:
    """The outcome of checking an upload; ``excel_import`` is set when it was stored."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    versions: dict[str, int | None] = field(default_factory=dict)
    rows: int = 0
    excel_import: ExcelImport | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class ImportPreview:
    """A pending import against the figures as they stand now."""

    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # on figures the import does not change
    problems: list[str] = field(default_factory=list)  # why confirming would be refused

    @property
    def units(self) -> int:
        return len({change.unit.pk for change in self.changes})


@dataclass(frozen=True, slots=True)
class _ReportState:
    """What an import needs of a report: its version (to detect a later edit) and status."""

    version: int
    status: str

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def label(self) -> str:
        return str(Report.Status(self.status).label)


class _Refused(Exception):
    """The whole file is refused (not a workbook, another month's template, …)."""


def _shown(value: Decimal | None) -> str:
    return "" if value is None else format_value(value, None, trim=True)


# --- the figures the rules need, loaded set-based ----------------------------------------


@dataclass
class _Ledger:
    """A month's figures, targets and last month's figures for a set of units, by unit id."""

    elements: dict[str, DataElement]  # the programme's reported figures, in order
    names: dict[str, str]
    measures: dict[str, str]
    rules: list[Rule]
    reports: dict[int, _ReportState]
    # By unit id; a unit with no figures reads as an empty mapping.
    current: defaultdict[int, dict[str, Decimal]]
    previous: defaultdict[int, dict[str, Decimal]]
    targets: defaultdict[int, dict[str, Decimal]]

    def findings(self, unit_id: int, entered: Mapping[str, Decimal | None]) -> list[Finding]:
        """The declared rules over the unit's stored figures with ``entered`` laid over them,
        exactly as ``check_entry`` assembles them."""
        figures: dict[str, Value] = {**self.targets[unit_id], **self.current[unit_id]}
        for code, value in entered.items():
            figures[code] = NA if value is None else value
        return check_figures(
            self.rules,
            values=figures,
            previous=self.previous[unit_id],
            names=self.names,
            measures=self.measures,
        )


def _ledger(
    *, period: Period, scope: Unit, units: Sequence[Unit], all_previous: bool = False
) -> _Ledger:
    """Five queries whatever the number of units.

    Last month's figures are loaded only where a rule compares with them, unless
    ``all_previous`` (the template shows every one of them)."""
    every = list(DataElement.objects.filter(programme_id=period.programme_id).order_by("order"))
    code_of = {element.pk: element.code for element in every}
    actual = {e.code: e for e in every if e.role == DataElement.Role.ACTUAL}
    rules = declared_rules(actual, submitting=False)
    ids = [unit.pk for unit in units]
    on_report = _units_filter("report__unit", scope, ids)
    values = ReportValue.objects.filter(on_report, report__period=period)
    before = ReportValue.objects.filter(
        on_report,
        report__period__programme_id=period.programme_id,
        report__period__month=period.month - 1,
    )
    if not all_previous:
        compared = {rule.element for rule in rules if rule.kind == "not_below_previous"}
        before = before.filter(element_id__in=[actual[code].pk for code in compared])
    targets = Target.objects.filter(
        _units_filter("unit", scope, ids), element__programme_id=period.programme_id
    )
    reports = Report.objects.filter(_units_filter("unit", scope, ids), period=period)
    return _Ledger(
        elements=actual,
        names={e.code: e.name for e in every},
        measures={e.code: e.measure for e in every},
        rules=rules,
        reports={
            unit_id: _ReportState(version, status)
            for unit_id, version, status in reports.values_list("unit_id", "version", "status")
        },
        current=_by_unit(values, "report__unit_id", code_of),
        previous=_by_unit(before, "report__unit_id", code_of),
        targets=_by_unit(targets, "unit_id", code_of),
    )


def _units_filter(relation: str, scope: Unit, ids: list[int]) -> Q:
    if len(ids) <= ID_LIST_LIMIT:
        return Q(**{f"{relation}_id__in": ids})
    return Q(**{f"{relation}__path__startswith": scope.path})


def _by_unit(
    rows: QuerySet[Any], unit: str, code_of: Mapping[int, str]
) -> defaultdict[int, dict[str, Decimal]]:
    # The figure comes as text and becomes a Decimal here: the same number the field would
    # give (SQLite keeps 15 significant digits either way), without the field's per-value
    # converter, which costs more than all the rules on a national upload.
    text = Cast("value", output_field=CharField())
    by_unit: defaultdict[int, dict[str, Decimal]] = defaultdict(dict)
    for unit_id, element_id, value in rows.values_list(unit, "element_id", text):
        by_unit[unit_id][code_of[element_id]] = Decimal(value)
    return by_unit


def _tree_sorted(units: Iterable[Unit], scope: Unit) -> list[Unit]:
    """Units as the tree lists them: siblings by their sort order, then code, at every level
    (a path sort would put 533400-BJ before 533401)."""
    order = dict(Unit.objects.filter(path__startswith=scope.path).values_list("code", "sort_order"))
    start = len(scope.path)

    def key(unit: Unit) -> list[tuple[int, str]]:
        codes = unit.path[start:].rstrip("/").split("/")
        return [(order.get(code, 0), code) for code in codes]

    return sorted(units, key=key)


def template_units(*, user: Any, scope: Unit) -> list[Unit]:
    """The reporting units inside the scope that the user may write, in tree order."""
    writable = set(
        writable_units(user).filter(path__startswith=scope.path).values_list("pk", flat=True)
    )
    return _tree_sorted([u for u in reporting_units(scope) if u.pk in writable], scope)


# --- the layout ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    element: DataElement
    index: int  # the input column; last month's figure is the one to its right

    @property
    def letter(self) -> str:
        return str(get_column_letter(self.index))

    @property
    def header(self) -> str:
        return f"{self.element.name}（{self.element.measure}）"


def _layout(elements: Iterable[DataElement]) -> list[_Column]:
    return [
        _Column(element, FIRST_INPUT_COLUMN + 2 * number) for number, element in enumerate(elements)
    ]


def _headers(columns: Sequence[_Column]) -> dict[int, str]:
    headers = {1: CODE_HEADER, 2: NAME_HEADER}
    for column in columns:
        headers[column.index] = column.header
        headers[column.index + 1] = PREVIOUS_HEADER
    return headers


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


def template_workbook(*, user: Any, scope: Unit, period: Period) -> bytes:
    """The month's entry template for the units of the scope the user may write."""
    units = template_units(user=user, scope=scope)
    if not units:
        raise InvalidInput([_("您在%(scope)s没有可填报的单位") % {"scope": scope.name}])
    ledger = _ledger(period=period, scope=scope, units=units, all_previous=True)
    columns = _layout(ledger.elements.values())
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    last = FIRST_INPUT_COLUMN + 2 * len(columns) - 1
    _write_title(sheet, scope, period, last)
    _write_header(sheet, columns, units)
    for row, unit in enumerate(units, start=FIRST_ROW):
        _write_unit(sheet, row, unit, columns, ledger)
    _add_validations(sheet, columns, FIRST_ROW + len(units) - 1)
    _protect(workbook, sheet)
    _write_identity(workbook.create_sheet(META_SHEET), user, scope, period, columns)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_title(sheet: Sheet, scope: Unit, period: Period, last: int) -> None:
    cell = sheet.cell(TITLE_ROW, 1)
    cell.value = (
        f"{period.programme.name}　{period}　填报模板（{scope.name}）\n"
        "只在白色格子里填写截至本月末的数；灰色格子（上月数、已报送或已审核的报表）不能修改。"
    )
    cell.font, cell.alignment = TITLE_FONT, TITLE_ALIGNMENT
    sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=last)
    sheet.row_dimensions[TITLE_ROW].height = 2 * LINE_HEIGHT + 12


def _write_header(sheet: Sheet, columns: Sequence[_Column], units: Sequence[Unit]) -> None:
    name_width = max(10, *(_display_width(unit.name) + 2 for unit in units))
    widths = {1: CODE_WIDTH, 2: name_width}
    for column in columns:
        widths[column.index], widths[column.index + 1] = INPUT_WIDTH, PREVIOUS_WIDTH
    lines = 1
    for index, text in _headers(columns).items():
        cell = sheet.cell(HEADER_ROW, index, text)
        cell.font, cell.alignment, cell.border, cell.fill = BOLD_FONT, WRAPPED, BOX, HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = widths[index]
        lines = max(lines, math.ceil(_display_width(text) / (widths[index] - 2)))
    # Long figure names wrap within their column instead of widening it past a screen.
    sheet.row_dimensions[HEADER_ROW].height = lines * LINE_HEIGHT + 4
    sheet.freeze_panes = sheet.cell(FIRST_ROW, FIRST_INPUT_COLUMN).coordinate


def _write_unit(
    sheet: Sheet, row: int, unit: Unit, columns: Sequence[_Column], ledger: _Ledger
) -> None:
    for index, text in ((1, unit.code), (2, unit.name)):
        _styled(sheet.cell(row, index, text), locked=True)
    report = ledger.reports.get(unit.pk)
    editable = report is None or report.editable
    current, previous = ledger.current[unit.pk], ledger.previous[unit.pk]
    for column in columns:
        code, places = column.element.code, column.element.places
        _styled(sheet.cell(row, column.index, _number(current.get(code))), not editable, places)
        _styled(sheet.cell(row, column.index + 1, _number(previous.get(code))), True, places)


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


def _add_validations(sheet: Sheet, columns: Sequence[_Column], last_row: int) -> None:
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
    meta: Sheet, user: Any, scope: Unit, period: Period, columns: Sequence[_Column]
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
    for row in rows:
        meta.append(row)
    meta.sheet_state = "veryHidden"  # not listed under "Unhide" in Excel or WPS


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


# --- checking an upload ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Identity:
    """What the hidden sheet says the template was made for."""

    values: dict[str, str]
    columns: list[tuple[str, str]]  # (column letter, element code)


Row = tuple[int, tuple[object, ...]]  # (row number, the cells' values from column A)


def check_workbook(
    *, user: Any, scope: Unit, period: Period, data: bytes, filename: str
) -> ImportCheck:
    """Check an uploaded template whole; store it as a pending import only if nothing is wrong.

    A file that cannot be this month's template is refused with one message; otherwise every
    cell and every row is checked and each problem is named by sheet, cell and figure.
    """
    units = reporting_units(scope)
    last_row = FIRST_ROW + len(units) + SPARE_ROWS
    try:
        columns, header, rows = _read(data, scope=scope, period=period, last_row=last_row)
        _check_header(header, columns)
    except _Refused as refusal:
        return ImportCheck(problems=[Problem(str(refusal))])
    check = _check_rows(rows, columns, user=user, scope=scope, period=period, units=units)
    if check.ok and check.changes:
        check.excel_import = ExcelImport.objects.create(
            user=user,
            period=period,
            scope=scope,
            filename=filename[-255:],
            changes=_stored_changes(check.changes),
            versions=check.versions,
        )
    return check


def _read(
    data: bytes, *, scope: Unit, period: Period, last_row: int
) -> tuple[list[_Column], tuple[object, ...], list[Row]]:
    """The template's columns, its header and its non-blank rows; or _Refused."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise _Refused(TOO_LARGE.format(limit=MAX_UPLOAD_BYTES // (1024 * 1024)))
    try:
        # openpyxl warns about features it drops (extensions, unknown styles), which do not
        # matter for reading values; a file it cannot read at all raises one of a dozen
        # exception types (zip, XML, key, value errors): to the clerk they all mean the same.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise _Refused(NOT_A_WORKBOOK) from None
    try:
        if META_SHEET not in workbook.sheetnames or SHEET not in workbook.sheetnames:
            raise _Refused(NOT_THIS_TEMPLATE.format(why=_("文件中没有模板标识")))
        try:
            columns = _columns(_identity(workbook[META_SHEET]), scope=scope, period=period)
            header, rows = _sheet_rows(workbook[SHEET], columns, last_row)
        except _Refused:
            raise
        except Exception:  # a damaged sheet inside a readable zip
            raise _Refused(NOT_A_WORKBOOK) from None
    finally:
        workbook.close()
    return columns, header, rows


def _identity(meta: Sheet) -> _Identity:
    values: dict[str, str] = {}
    columns: list[tuple[str, str]] = []
    for row in meta.iter_rows(max_row=1000, max_col=3, values_only=True):
        key, first, second = (_text(value) for value in (*row, None, None, None)[:3])
        if key == "column":
            columns.append((first, second))
        elif key:
            values[key] = first
    return _Identity(values, columns)


def _sheet_rows(
    sheet: Sheet, columns: Sequence[_Column], last_row: int
) -> tuple[tuple[object, ...], list[Row]]:
    """The header and every row with something in it. Only those are kept, and a filled row
    far below the last unit stops the reading: a crafted file cannot fill the memory."""
    # The last figure's input column, and its 上月 column beside it (its header is checked).
    last_column = columns[-1].index + 1
    cells = sheet.iter_rows(min_row=HEADER_ROW, max_col=last_column, values_only=True)
    header: tuple[object, ...] = next(cells, ())
    rows: list[Row] = []
    for number, values in enumerate(cells, start=FIRST_ROW):
        if _filled(values):
            if number > last_row:
                raise _Refused(
                    _("第%(row)s行远在最后一个单位之下，这不是本月的填报模板，请重新下载")
                    % {"row": number}
                )
            rows.append((number, values))
    return header, rows


def _columns(identity: _Identity, *, scope: Unit, period: Period) -> list[_Column]:
    """The template's columns, once the identity matches this programme, month and scope."""
    values = identity.values
    if values.get("format") != FORMAT:
        raise _Refused(NOT_THIS_TEMPLATE.format(why=_("模板格式已更新或标识已损坏")))
    if values.get("programme") != period.programme.code:
        why = _("文件属于另一项计划（%(file)s），本页是%(page)s") % {
            "file": values.get("programme"),
            "page": period.programme.name,
        }
        raise _Refused(NOT_THIS_TEMPLATE.format(why=why))
    if values.get("period") != period.key:
        why = _("文件是 %(file)s 的模板，本页是 %(key)s（%(page)s）") % {
            "file": values.get("period"),
            "key": period.key,
            "page": period,
        }
        raise _Refused(NOT_THIS_TEMPLATE.format(why=why))
    if values.get("scope") != scope.code:
        owner = Unit.objects.filter(code=values.get("scope")).first()
        why = _("文件是%(file)s的模板，本页是%(page)s") % {
            "file": owner or values.get("scope"),
            "page": scope.name,
        }
        raise _Refused(NOT_THIS_TEMPLATE.format(why=why))
    elements = {
        e.code: e
        for e in DataElement.objects.filter(
            programme_id=period.programme_id, role=DataElement.Role.ACTUAL
        )
    }
    if any(code not in elements for _, code in identity.columns):
        raise _Refused(NOT_THIS_TEMPLATE.format(why=_("本计划的填报指标已调整")))
    columns = _layout(elements[code] for _, code in identity.columns)
    # The format fixes where each figure sits; an identity saying otherwise was tampered with
    # (and could, say, send the reading out to column XFD).
    if not columns or [c.letter for c in columns] != [letter for letter, _ in identity.columns]:
        raise _Refused(NOT_THIS_TEMPLATE.format(why=_("模板标识已损坏")))
    return columns


def _check_header(header: Sequence[object], columns: Sequence[_Column]) -> None:
    # Headers are checked against today's figure names: a moved or renamed column would
    # otherwise put one figure's numbers into another.
    for index, expected in _headers(columns).items():
        found = _text(header[index - 1]) if index <= len(header) else ""
        if found != expected:
            cell = f"{SHEET}!{get_column_letter(index)}{HEADER_ROW}"
            why = _("表头已被改动（%(cell)s应为“%(expected)s”，文件中是“%(found)s”）") % {
                "cell": cell,
                "expected": expected,
                "found": found,
            }
            raise _Refused(NOT_THIS_TEMPLATE.format(why=why))


@dataclass
class _RowCheck:
    """The state of one upload's check as rows are read."""

    columns: Sequence[_Column]
    ledger: _Ledger
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
    columns: Sequence[_Column],
    *,
    user: Any,
    scope: Unit,
    period: Period,
    units: Sequence[Unit],
) -> ImportCheck:
    writable = set(
        writable_units(user).filter(path__startswith=scope.path).values_list("pk", flat=True)
    )
    state = _RowCheck(
        columns=columns,
        ledger=_ledger(period=period, scope=scope, units=[u for u in units if u.pk in writable]),
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
    code, name = _text(values[0]), _text(values[1]) if len(values) > 1 else ""
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
            state.problem(row, column.letter, _reason(element.name, error), element.name)
            wrong.add(element.code)
            continue
        entered[element.code] = new
        old = current.get(element.code)
        if old != new:
            changes.append(Change(unit, element, old, new))
    if not changes:
        return  # nothing of this unit's is written, so its figures are not this import's business
    _check_report(state, row, unit)
    warned = _record_findings(state, row, unit, entered, wrong)
    for change in changes:
        change.warning = warned.get(change.element.code, "")
    state.result.changes += changes


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
        problem = Problem(_reason(name, finding_text(finding)), SHEET, row, letter, name)
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
    if type(raw) is int and 0 <= raw < MAX_WHOLE:
        return Decimal(raw)
    return parse_figure(element, _entry(raw))


def _entry(raw: object) -> object:
    """A cell's value as a clerk meant it: a spreadsheet number is a binary float, so it is
    read back at the 15 significant digits Excel shows (712.62, not 712.6199999…)."""
    if isinstance(raw, float) and math.isfinite(raw):
        return format(raw, ".15g")
    if isinstance(raw, bool | float):
        return str(raw)  # TRUE or an infinity: "not a number" rather than a crash
    if isinstance(raw, str | int | Decimal) or raw is None:
        return raw
    return str(raw)  # a date or time typed into a figure's cell


def _reason(name: str, error: object) -> str:
    # Messages from parse_figure and the rules start with the figure's name, which the
    # problem already carries in its own field.
    return str(error).removeprefix(f"{name}：")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a code retyped as a number: 533422.0 → "533422"
    return str(value).strip()


def _filled(values: Iterable[object]) -> bool:
    return any(
        value is not None and (not isinstance(value, str) or bool(value.strip()))
        for value in values
    )


def _stored_changes(changes: Iterable[Change]) -> dict[str, dict[str, str]]:
    stored: dict[str, dict[str, str]] = defaultdict(dict)
    for change in changes:
        stored[change.unit.code][change.element.code] = (
            "" if change.new is None else format(change.new, "f")
        )
    return dict(stored)


# --- preview, apply, discard ------------------------------------------------------------------


def import_preview(*, excel_import: ExcelImport) -> ImportPreview:
    """The import's changes against today's figures, with the warnings they raise and, when
    confirming would be refused (a report changed or closed since), why."""
    scope, period = excel_import.scope, excel_import.period
    units = _tree_sorted(Unit.objects.filter(code__in=list(excel_import.changes)), scope)
    ledger = _ledger(period=period, scope=scope, units=units)
    preview = ImportPreview()
    missing = set(excel_import.changes) - {unit.code for unit in units}
    preview.problems += [
        _("单位代码“%(code)s”已不存在") % {"code": code} for code in sorted(missing)
    ]
    for unit in units:
        _preview_unit(preview, ledger, unit, excel_import)
    return preview


def _preview_unit(
    preview: ImportPreview, ledger: _Ledger, unit: Unit, excel_import: ExcelImport
) -> None:
    report = ledger.reports.get(unit.pk)
    # As import_apply will compare: no report then means version 1 (a fresh draft) now.
    if (report.version if report else 1) != (excel_import.versions.get(unit.code) or 1):
        preview.problems.append(
            _("%(unit)s的报表在上传后已被修改，确认导入会被拒绝，请重新上传") % {"unit": unit.name}
        )
    if report is not None and not report.editable:
        preview.problems.append(
            _("%(unit)s的报表%(status)s，不能修改") % {"unit": unit.name, "status": report.label}
        )
    entered = _stored_values(excel_import.changes[unit.code], ledger.elements, preview, unit)
    findings: dict[str, str] = {}
    for finding in ledger.findings(unit.pk, entered):
        text = finding_text(finding)
        if finding.level == "error":
            preview.problems.append(f"{unit.name} {text}")
        elif finding.element in entered:
            findings.setdefault(finding.element, _reason(ledger.names[finding.element], text))
        else:
            preview.warnings.append(f"{unit.name} {text}")
    current = ledger.current[unit.pk]
    for code in (c for c in ledger.elements if c in entered):
        element = ledger.elements[code]
        change = Change(unit, element, current.get(code), entered[code], findings.get(code, ""))
        preview.changes.append(change)


def _stored_values(
    stored: Mapping[str, str],
    elements: Mapping[str, DataElement],
    preview: ImportPreview,
    unit: Unit,
) -> dict[str, Decimal | None]:
    entered: dict[str, Decimal | None] = {}
    for code, text in stored.items():
        element = elements.get(code)
        try:
            if element is None:
                raise ValueError(_("“%(code)s”已不是本计划的填报指标") % {"code": code})
            entered[code] = parse_figure(element, text)
        except (ValueError, InvalidOperation) as error:
            preview.problems.append(f"{unit.name} {error}")
    return entered


def import_apply(*, excel_import: ExcelImport, user: Any) -> list[Report]:
    """Store the import's figures, every unit or none, each change recorded as from Excel.

    Refused (InvalidInput, nothing stored) when the user is not the uploader, the import was
    already confirmed or discarded, or a report changed or closed since the file was checked.
    """
    with transaction.atomic():
        locked = ExcelImport.objects.select_for_update().get(pk=excel_import.pk)
        _refuse_unless_pending(locked, user, _("确认"))
        units = _tree_sorted(Unit.objects.filter(code__in=list(locked.changes)), locked.scope)
        if len(units) != len(locked.changes):
            raise InvalidInput([_("文件中的部分单位已不存在，本次导入未保存任何数据，请重新上传")])
        reports = [_apply_unit(locked, unit, user) for unit in units]
        locked.status, locked.applied_at = ExcelImport.Status.APPLIED, timezone.now()
        locked.save(update_fields=["status", "applied_at"])
    excel_import.status, excel_import.applied_at = locked.status, locked.applied_at
    return reports


def _apply_unit(excel_import: ExcelImport, unit: Unit, user: Any) -> Report:
    if not can_write_report(user, unit):
        raise InvalidInput(
            [_("您已没有填报%(unit)s的权限，本次导入未保存任何数据") % {"unit": unit.name}]
        )
    report = report_for(unit=unit, period=excel_import.period)
    # None: there was no report when the file was checked; one created since by
    # report_for (here or elsewhere) starts at version 1 and is stale only once written.
    expected = excel_import.versions.get(unit.code) or 1
    try:
        return report_set_values(
            report=report,
            values=excel_import.changes[unit.code],
            user=user,
            channel=ValueChange.Channel.EXCEL,
            comment=f"Excel导入：{excel_import.filename}",
            expected_version=expected,
        )
    except StaleVersion:
        raise InvalidInput(
            [
                _(
                    "%(unit)s的报表在上传后已被修改，为免覆盖他人的修改，"
                    "本次导入未保存任何数据；请重新下载模板填写后上传"
                )
                % {"unit": unit.name}
            ]
        ) from None
    except InvalidInput as error:
        problems = [f"{unit.name}：{problem}" for problem in error.problems]
        raise InvalidInput([*problems, _("本次导入未保存任何数据")]) from None


def import_discard(*, excel_import: ExcelImport, user: Any) -> ExcelImport:
    with transaction.atomic():
        locked = ExcelImport.objects.select_for_update().get(pk=excel_import.pk)
        _refuse_unless_pending(locked, user, _("放弃"))
        locked.status = ExcelImport.Status.DISCARDED
        locked.save(update_fields=["status"])
    excel_import.status = locked.status
    return locked


def _refuse_unless_pending(excel_import: ExcelImport, user: Any, doing: str) -> None:
    if excel_import.user_id != user.pk:
        raise InvalidInput([_("只有上传该文件的用户本人可以%(doing)s这次导入") % {"doing": doing}])
    if excel_import.status != ExcelImport.Status.PENDING:
        status = excel_import.get_status_display()
        raise InvalidInput(
            [
                _("这次导入%(status)s，不能再%(doing)s；如需修改请重新上传")
                % {"status": status, "doing": doing}
            ]
        )
