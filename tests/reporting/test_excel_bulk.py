"""The set-wise confirmation gives exactly the rows the unit-by-unit services give."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from excel_helpers import check, filled, scope

from anju.errors import InvalidInput
from anju.programmes.models import Unit
from anju.reporting.excel import import_apply, template_workbook
from anju.reporting.excel.common import tree_sorted
from anju.reporting.excel.submit import imported_submit
from anju.reporting.models import (
    ExcelImport,
    Period,
    Report,
    ReportEvent,
    ReportValue,
    ValueChange,
)
from anju.reporting.services import report_set_values
from anju.reporting.workflow import report_for, report_submit

pytestmark = pytest.mark.django_db


class _Undo(Exception):
    """Raised to roll back what a path wrote once its rows are read."""


def rows() -> dict[str, Any]:
    """Everything an import writes, without ids and clock times."""
    reports = Report.objects.filter(period__month=7).order_by("unit__code")
    return {
        "reports": [
            (r.unit.code, r.status, r.version, r.note, r.submitted_at is not None)
            for r in reports.select_related("unit")
        ],
        "values": sorted(
            ReportValue.objects.filter(report__period__month=7).values_list(
                "report__unit__code", "element__code", "value"
            )
        ),
        "changes": sorted(
            ValueChange.objects.filter(report__period__month=7).values_list(
                "report__unit__code",
                "element__code",
                "old_value",
                "new_value",
                "user__username",
                "channel",
                "comment",
            ),
            key=str,
        ),
        "events": sorted(
            ReportEvent.objects.filter(report__period__month=7).values_list(
                "report__unit__code", "action", "user__username", "comment"
            )
        ),
        "import": list(ExcelImport.objects.values_list("status", flat=True)),
    }


def rows_after(action: Callable[[], object]) -> tuple[dict[str, Any], object]:
    """The rows ``action`` leaves, and what it returned; then everything is rolled back."""
    found: dict[str, Any] = {}
    outcome: object = None
    try:
        with transaction.atomic():
            outcome = action()
            found = rows()
            raise _Undo
    except _Undo:
        pass
    return found, outcome


def one_by_one(excel_import: ExcelImport, user: Any, submit: bool) -> object:
    """What confirming did before the set-wise path: each unit through the services."""
    units = tree_sorted(Unit.objects.filter(code__in=list(excel_import.changes)), scope())
    reports = []
    for unit in units:
        report = report_for(unit=unit, period=excel_import.period)
        reports.append(
            report_set_values(
                report=report,
                values=excel_import.changes[unit.code],
                user=user,
                channel=ValueChange.Channel.EXCEL,
                comment=f"Excel导入：{excel_import.filename}",
                expected_version=excel_import.versions.get(unit.code) or 1,
            )
        )
    ExcelImport.objects.filter(pk=excel_import.pk).update(status=ExcelImport.Status.APPLIED)
    refused = []
    if submit:
        for report in reports:
            try:
                report_submit(report=report, user=user, note=report.note)
            except InvalidInput as error:
                refused.append((report.unit.name, tuple(error.problems)))
    return [r.unit.code for r in reports], refused


def set_wise(excel_import: ExcelImport, user: Any, submit: bool) -> object:
    reports = import_apply(excel_import=excel_import, user=user)
    refused: list[Any] = []
    if submit:
        refused = list(imported_submit(reports=reports, user=user, scope=scope()).refused)
    return [r.unit.code for r in reports], refused


def june(unit: str, **changed: object) -> dict[tuple[str, str], object]:
    stored = ReportValue.objects.filter(report__unit__code=unit, report__period__month=6)
    figures: dict[tuple[str, str], object] = {
        (unit, name): str(value) for name, value in stored.values_list("element__name", "value")
    }
    figures.update({(unit, name): value for name, value in changed.items()})
    return figures


@pytest.fixture
def mixed(people: Any, july: Period) -> ExcelImport:
    """An upload that inserts, updates and clears figures, on new and existing reports, one
    of them returned with a note, one that will submit and one whose warning blocks it."""
    office = people["office"]
    started = report_for(unit=scope("533423"), period=july)
    last = dict(
        ReportValue.objects.filter(
            report__unit__code="533423", report__period__month=6
        ).values_list("element__code", "value")
    )
    values = {code: str(value) for code, value in last.items()}
    report_set_values(report=started, values=values, channel="form", user=people["weixi"])
    Report.objects.filter(pk=started.pk).update(note="按月报送")
    figures = {
        **june("533401"),  # complete: submits
        **june("533422", 棚户区改造开工数=260),  # 260 of 250: a warning without a note
        ("533423", "棚户区改造开工数"): int(last["pg_started"]) + 20,  # updated
        ("533423", "已基本建成套数"): None,  # cleared
        ("533400-KFQ", "完成投资"): 812.62,  # a new report
    }
    data = filled(template_workbook(user=office, scope=scope(), period=july), figures)
    result = check(office, july, data)
    assert result.problems == [] and result.excel_import is not None
    return result.excel_import


@pytest.mark.parametrize("submit", [False, True])
def test_set_wise_rows_equal_the_one_by_one_rows(
    people: Any, mixed: ExcelImport, submit: bool
) -> None:
    office = people["office"]
    before, before_outcome = rows_after(lambda: one_by_one(mixed, office, submit))
    after, after_outcome = rows_after(lambda: set_wise(mixed, office, submit))
    assert after == before
    assert after_outcome == before_outcome
    # Not an empty comparison: the import inserted, updated, cleared and versioned.
    values = {(unit, code): value for unit, code, value in after["values"]}
    assert values[("533423", "pg_started")] == Decimal(920)
    assert ("533423", "jb_done") not in values
    cleared = [c for c in after["changes"] if c[:2] == ("533423", "jb_done") and c[5] == "excel"]
    assert [change[3:] for change in cleared] == [(None, "office", "excel", "Excel导入：x.xlsx")]
    statuses = {unit: (status, version) for unit, status, version, *_ in after["reports"]}
    if submit:
        assert statuses["533401"] == ("submitted", 3)
        assert statuses["533422"] == ("draft", 2)
        assert [unit for unit, *_ in after_outcome[1]] == ["德钦县"]  # type: ignore[index]
        assert ("533401", "submit", "office", "") in after["events"]
        assert ("533423", "submit", "office", "按月报送") in after["events"]
    else:
        assert statuses["533423"] == ("draft", 3)


def test_a_refusal_part_way_writes_nothing(people: Any, july: Period, mixed: ExcelImport) -> None:
    # 维西县's report changes after the upload: the units before it in tree order passed
    # their checks, yet nothing of theirs is written.
    report = Report.objects.get(unit__code="533423", period=july)
    report_set_values(report=report, values={"pg_started": "901"}, channel="form")
    before = rows()
    with pytest.raises(InvalidInput, match="维西县的报表在上传后已被修改"):
        import_apply(excel_import=mixed, user=people["office"])
    assert rows() == before
    assert Report.objects.filter(period=july).count() == 1
