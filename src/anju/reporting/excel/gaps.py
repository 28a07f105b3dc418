"""A workbook's 填报说明 and the rule of 报送 on gaps between a unit's figures and its projects.

The 填报说明 column's text goes onto the unit's report with its figures (a blank cell keeps
the report's own). Confirmed with 确认导入并报送, the import is refused whole (nothing stored)
when a report it would submit reports a figure that differs from the sum of its unit's
projects and its 填报说明 says nothing: the message names the unit, the cell of the figure
and the cell to write the explanation in — the rule ``report_submit`` applies to one report,
``reports_unexplained`` applied to all of them at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from anju.errors import InvalidInput
from anju.programmes.models import DataElement
from anju.reporting.excel.bulk import NOTHING_STORED, chunks
from anju.reporting.excel.common import (
    NOT_THIS_TEMPLATE,
    SHEET,
    Column,
    Refused,
    layout,
    note_column,
)
from anju.reporting.excel.reading import Identity
from anju.reporting.excel.submit import imported_gaps
from anju.reporting.models import ExcelImport, Report


def notes_store(*, excel_import: ExcelImport, reports: Sequence[Report]) -> None:
    """The workbook's 填报说明 onto the reports written beside them."""
    notes = excel_import.notes
    by_text: dict[str, list[int]] = defaultdict(list)
    for report in reports:
        if notes.get(report.unit.code, report.note) != report.note:
            report.note = notes[report.unit.code]
            by_text[report.note].append(report.pk)
    # One statement per text and batch: a national file often repeats the same few notes.
    for text, ids in by_text.items():
        for chunk in chunks(ids):
            Report.objects.filter(pk__in=chunk).update(note=text)


def note_read(identity: Identity, columns: Sequence[Column]) -> int | None:
    """The 填报说明 column the template says it has (None: made before it had one)."""
    letter = identity.values.get("note")
    if not letter:
        return None
    if letter != get_column_letter(note_column(columns)):
        raise Refused(NOT_THIS_TEMPLATE.format(why=_("模板标识已损坏")))
    return note_column(columns)


def gaps_refuse(*, excel_import: ExcelImport, reports: Sequence[Report]) -> None:
    """Refuse (InvalidInput) when a report to be submitted carries a gap left unexplained."""
    gaps = imported_gaps(reports, excel_import.scope)
    if not gaps:
        return
    actual = DataElement.objects.filter(
        programme_id=excel_import.period.programme_id, role=DataElement.Role.ACTUAL
    ).order_by("order")
    columns = layout(actual)
    letters = {column.element.code: column.letter for column in columns}
    note = get_column_letter(note_column(columns))
    problems = []
    for report in reports:
        row = excel_import.rows.get(report.unit.code, "")
        for gap in gaps.get(report.pk, []):
            cell = f"{SHEET}!{letters.get(gap.element.code, '')}{row}"
            problems.append(
                _("%(cell)s %(gap)s；请在%(note)s（该行“填报说明”）写明差异原因后重新上传")
                % {"cell": cell, "gap": gap.message(report.unit), "note": f"{SHEET}!{note}{row}"}
            )
    raise InvalidInput([*problems, NOTHING_STORED])
