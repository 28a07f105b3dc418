"""What the template, the upload check and the confirmation share: the layout, the
results, and the figures the rules need, loaded set-based."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import connections
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _lazy
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from anju.accounts.policy import can_write_report
from anju.engine import NA, Value
from anju.engine.validation import Finding, Rule, check_figures
from anju.engine.values import format_value
from anju.programmes.entered import entered_measure
from anju.programmes.models import DataElement, Target, Unit
from anju.reporting.checks import (
    MAX_FIGURE,
    declared_rules,
)
from anju.reporting.models import ExcelImport, Period, Report, ReportValue
from anju.reporting.selectors import reporting_units
from anju.reporting.services import EDITABLE

# openpyxl ships no type information; its workbooks and sheets pass through here as ``Any``.
Sheet = Any

SHEET = "填报"
META_SHEET = "anju"
# Bumped whenever the layout changes, so an old template is refused rather than misread.
FORMAT = "anju-excel/1"
TITLE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3
CODE_HEADER, NAME_HEADER, PREVIOUS_HEADER = "单位代码", "单位名称", "上月"
NOTE_HEADER = "填报说明"  # one text column after the figures: why a figure is as it is
FIRST_INPUT_COLUMN = 3  # C: after 单位代码 and 单位名称; each figure takes two columns
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_WHOLE = int(MAX_FIGURE)  # compared with an int cell: much cheaper than with a Decimal
# Blank lines a clerk may leave between units: the template's area is the scope's unit count
# plus these, and nothing below it is read (see reading.py).
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
    notes: dict[str, str] = field(default_factory=dict)  # unit code → its 填报说明
    # Units whose figures stand as stored and whose 填报说明 the file changes.
    noted: list[str] = field(default_factory=list)
    unit_rows: dict[str, int] = field(default_factory=dict)  # unit code → its row
    rows: int = 0
    excel_import: ExcelImport | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class NoteChange:
    """A unit's 填报说明 as stored and as the file has it."""

    unit: Unit
    old: str
    new: str


@dataclass
class ImportPreview:
    """A pending import against the figures as they stand now."""

    changes: list[Change] = field(default_factory=list)
    notes: list[NoteChange] = field(default_factory=list)
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
    note: str = ""  # its 填报说明, which the template starts with

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def label(self) -> str:
        return str(Report.Status(self.status).label)


class Refused(Exception):
    """The whole file is refused (not a workbook, another month's template, …)."""


def reason_text(name: str, error: object) -> str:
    # Messages from parse_figure and the rules start with the figure's name, which the
    # problem already carries in its own field.
    return str(error).removeprefix(f"{name}：")


def _shown(value: Decimal | None) -> str:
    return "" if value is None else format_value(value, None, trim=True)


# --- the figures the rules need, loaded set-based ----------------------------------------


@dataclass
class Ledger:
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


def ledger_load(
    *,
    period: Period,
    scope: Unit,
    units: Sequence[Unit],
    all_previous: bool = False,
    submitting: bool = False,
) -> Ledger:
    """Five queries whatever the number of units.

    Last month's figures are loaded only where a rule compares with them, unless
    ``all_previous`` (the template shows every one of them). ``submitting``: the rules of
    报送 (``required`` among them), not those of a draft."""
    every = list(DataElement.objects.filter(programme_id=period.programme_id).order_by("order"))
    code_of = {element.pk: element.code for element in every}
    actual = {e.code: e for e in every if e.role == DataElement.Role.ACTUAL}
    rules = declared_rules(actual, submitting=submitting)
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
    return Ledger(
        elements=actual,
        names={e.code: e.name for e in every},
        measures={e.code: e.measure for e in every},
        rules=rules,
        reports={
            unit_id: _ReportState(version, status, note)
            for unit_id, version, status, note in reports.values_list(
                "unit_id", "version", "status", "note"
            )
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
    # SQLite: the figure comes as text and becomes a Decimal here, the same number the field
    # would give (SQLite keeps 15 significant digits either way), without the field's
    # per-value converter, which costs more than all the rules on a national upload.
    # PostgreSQL's driver makes the Decimal itself, with no converter on Django's side.
    by_unit: defaultdict[int, dict[str, Decimal]] = defaultdict(dict)
    if connections[rows.db].vendor == "sqlite":
        text = Cast("value", output_field=CharField())
        for unit_id, element_id, value in rows.values_list(unit, "element_id", text):
            by_unit[unit_id][code_of[element_id]] = Decimal(value)
    else:
        for unit_id, element_id, value in rows.values_list(unit, "element_id", "value"):
            by_unit[unit_id][code_of[element_id]] = value
    return by_unit


def tree_sorted(units: Iterable[Unit], scope: Unit) -> list[Unit]:
    """Units as the tree lists them: siblings by their sort order, then code, at every level
    (a path sort would put 533400-BJ before 533401)."""
    order = dict(Unit.objects.filter(path__startswith=scope.path).values_list("code", "sort_order"))
    start = len(scope.path)

    def key(unit: Unit) -> list[tuple[int, str]]:
        codes = unit.path[start:].rstrip("/").split("/")
        return [(order.get(code, 0), code) for code in codes]

    return sorted(units, key=key)


def template_units(*, user: User, scope: Unit) -> list[Unit]:
    """The reporting units inside the scope that the user may write, in tree order."""
    units = [u for u in reporting_units(scope) if can_write_report(user, u)]
    return tree_sorted(units, scope)


# --- the layout ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    element: DataElement
    index: int  # the input column; last month's figure is the one to its right

    @property
    def letter(self) -> str:
        return str(get_column_letter(self.index))

    @property
    def header(self) -> str:
        # An element entered in 万 is entered (and shown) in 万 of its measure: 万套.
        measure = entered_measure(self.element.measure, self.element.entered_in)
        return f"{self.element.name}（{measure}）"


def layout(elements: Iterable[DataElement]) -> list[Column]:
    return [
        Column(element, FIRST_INPUT_COLUMN + 2 * number) for number, element in enumerate(elements)
    ]


def note_column(columns: Sequence[Column]) -> int:
    """The 填报说明 column: the first after the figures and last month's beside them."""
    return FIRST_INPUT_COLUMN + 2 * len(columns)


def header_texts(columns: Sequence[Column], note: int | None = None) -> dict[int, str]:
    headers = {1: CODE_HEADER, 2: NAME_HEADER}
    for column in columns:
        headers[column.index] = column.header
        headers[column.index + 1] = PREVIOUS_HEADER
    if note is not None:
        headers[note] = NOTE_HEADER
    return headers
