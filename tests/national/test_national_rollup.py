"""The multi-level roll-up checked against DuckDB: for the nation, a province and a prefecture,
every row's summed figures, rates and ranks, its order and the total equal an independent
computation over the same stored rows."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from national_reference import FIGURE_KINDS, INDICATOR_SQL, ExpectedRow, Reference

from anju.cli import main
from anju.engine import BuiltRow, BuiltTable
from anju.national import NATION_CODE, PROGRAMME_CODE, NationalSummary, generate_national
from anju.programmes.models import Programme, Target, Unit
from anju.reporting.models import Period, ReportValue
from anju.reporting.rollup import subtree_sums_rebuild
from anju.reporting.selectors import period_find
from anju.reporting.tables import scope_tables

pytestmark = pytest.mark.django_db

SCOPES = [
    pytest.param(NATION_CODE, id="nation"),
    pytest.param("130000", id="province"),  # 河北省: several prefectures
    pytest.param("130100", id="prefecture"),  # its first prefecture: several counties
]


def built_rows(table: BuiltTable) -> list[ExpectedRow]:
    return [_built_row(table, row) for row in table.rows]


def _built_row(table: BuiltTable, row: BuiltRow) -> ExpectedRow:
    cells = {
        column.key: cell.value
        for column, cell in zip(table.columns, row.cells, strict=True)
        if column.kind in FIGURE_KINDS
    }
    return ExpectedRow(row.unit_code, row.rank, cells)


def assert_same(actual: list[ExpectedRow], expected: list[ExpectedRow]) -> None:
    assert [r.unit_code for r in actual] == [r.unit_code for r in expected]  # display order
    for got, want in zip(actual, expected, strict=True):
        assert got.rank == want.rank, got.unit_code
        assert got.cells.keys() == want.cells.keys()
        for key, value in want.cells.items():
            # Equal as numbers: 1241 and 1241.0000 are the same figure.
            assert got.cells[key] == value, (got.unit_code, key, got.cells[key], value)


def period(month: int) -> Period:
    return Period.objects.get(programme__code=PROGRAMME_CODE, month=month)


def test_the_reference_knows_every_indicator_formula(national: NationalSummary) -> None:
    programme = Programme.objects.get(code=PROGRAMME_CODE)
    formulas = dict(programme.indicators.values_list("code", "formula"))
    assert formulas == {code: text for code, (text, _) in INDICATOR_SQL.items()}


@pytest.mark.parametrize("month", [1, 2])
@pytest.mark.parametrize("scope", SCOPES)
def test_scope_tables_equal_duckdb(reference: Reference, scope: str, month: int) -> None:
    unit = Unit.objects.get(code=scope)
    tables = scope_tables(scope=unit, period=period(month))
    expected = reference.tables(scope, month)
    assert [a.number for a in tables.attachments] == [t.number for t in expected]
    assert len(expected[0].rows) >= 3  # enough units to rank at every level
    for attachment, want in zip(tables.attachments, expected, strict=True):
        assert_same(built_rows(attachment.table), want.rows)
        assert attachment.table.total is not None
        assert_same([_built_row(attachment.table, attachment.table.total)], [want.total])


def test_every_level_has_ranks_and_rates(reference: Reference) -> None:
    # Guards the comparison against passing vacuously on empty or unranked tables.
    for scope in (NATION_CODE, "130000", "130100"):
        first = reference.tables(scope, 2)[0]
        assert all(row.rank is not None for row in first.rows)
        assert all(row.cells["rate"] is not None for row in first.rows)


def test_cli_json_equals_duckdb(reference: Reference, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["tables", "--unit", "130000", "--period", "2017-02", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert status == 0
    for attachment, want in zip(data["attachments"], reference.tables("130000", 2), strict=True):
        figures = {c["key"] for c in attachment["columns"] if c["kind"] in FIGURE_KINDS}
        assert_same([_json_row(row, figures) for row in attachment["rows"]], want.rows)
        assert_same([_json_row(attachment["total"], figures)], [want.total])


def _json_row(row: dict[str, Any], figures: set[str]) -> ExpectedRow:
    cells = {
        key: None if cell["value"] is None else Decimal(cell["value"])
        for key, cell in row["cells"].items()
        if key in figures
    }
    return ExpectedRow(row["unit_code"], row["rank"], cells)


def test_tied_units_share_a_rank(national: NationalSummary) -> None:
    """Two counties with the same figures tie in every table: competition ranking, "1224"."""
    first, second = Unit.objects.filter(parent__code="130100").order_by("code")[:2]
    for value in ReportValue.objects.filter(report__unit=second):
        value.delete()
    for value in ReportValue.objects.filter(report__unit=first).select_related("report"):
        twin = value.report.period.reports.get(unit=second)
        ReportValue.objects.create(report=twin, element=value.element, value=value.value)
    for month in Period.objects.filter(reports__unit=second):  # below the workflow
        subtree_sums_rebuild(period=month)
    Target.objects.filter(unit=second).delete()
    for target in Target.objects.filter(unit=first):
        Target.objects.create(unit=second, element=target.element, value=target.value)
    programme = Programme.objects.get(code=PROGRAMME_CODE)
    tables = scope_tables(scope=Unit.objects.get(code="130100"), period=period(2))
    expected = Reference(programme).tables("130100", 2)
    tied = 0
    for attachment, want in zip(tables.attachments, expected, strict=True):
        assert_same(built_rows(attachment.table), want.rows)
        ranks = {row.unit_code: row.rank for row in attachment.table.rows}
        if ranks.get(first.code) is not None:
            assert ranks[first.code] == ranks[second.code]
            tied += 1
    assert tied >= 2


def test_nation_tables_take_as_many_queries_for_more_counties() -> None:
    """The roll-up is set-based: the query count does not grow with the number of units."""
    counts = []
    for counties in (25, 60):
        generate_national(provinces=3, prefectures=7, counties=counties, months=1)
        nation = Unit.objects.get(code=NATION_CODE)
        with CaptureQueriesContext(connection) as queries:
            scope_tables(scope=nation, period=period_find(unit=nation, key="2017-01"))
        counts.append(len(queries))
    assert counts[0] == counts[1]
