"""The attachment tables computed a second way: DuckDB over the stored raw rows.

Nothing here uses anju's selectors or engine. The stored report values and targets are
exported with their units' paths, each child's figures are summed over its subtree by path
prefix, and the rates, ranks and display order are written in SQL from the table definitions.

DuckDB divides DECIMALs in DOUBLE, so a rate is taken exactly instead: the quotient is computed
in integers to ten places (truncated), and DuckDB's ROUND on that DECIMAL rounds half away from
zero, which is half-up for these non-negative figures. Truncating at ten places cannot move a
value across a rounding tie at two places, so the result is the exact half-up rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import duckdb

from anju.programmes.models import Indicator, Programme, ReportTable, Target, Unit
from anju.reporting.models import Report, ReportValue

# The indicators of the demo programme, each as its formula reads and as SQL.
INDICATOR_SQL = {
    "pg_rate": ("pg_started / pg_task * 100", "rate(pg_started, pg_task, {places})"),
    "jb_rate": ("jb_done / jb_task * 100", "rate(jb_done, jb_task, {places})"),
    "hbh_share": ("hbh_households / pg_task * 100", "rate(hbh_households, pg_task, {places})"),
    "gzf_net": ("gzf_new - gzf_exit", "ROUND(gzf_new - gzf_exit, {places})"),
    "gzf_rate": ("gzf_occupied / gzf_built * 100", "rate(gzf_occupied, gzf_built, {places})"),
}
# Columns whose cells hold a figure.
FIGURE_KINDS = ("value", "change")
SCHEMA = """
CREATE TABLE units (code VARCHAR, name VARCHAR, parent VARCHAR, path VARCHAR, sort_order INT);
CREATE TABLE facts (month INT, path VARCHAR, element VARCHAR, value DECIMAL(20, 4));
CREATE TABLE targets (path VARCHAR, element VARCHAR, value DECIMAL(20, 4));
CREATE MACRO rate(num, den, places) AS CASE WHEN den <> 0 THEN ROUND(
    CAST(CAST(num * 10000 AS HUGEINT) * 1000000000000 // CAST(den * 10000 AS HUGEINT)
         AS DECIMAL(27, 0)) * 0.0000000001,
    places) END;
"""


@dataclass(frozen=True)
class ExpectedRow:
    unit_code: str | None  # None for the total
    rank: int | None
    cells: dict[str, Decimal | None]  # column key → the figure shown, for FIGURE_KINDS


@dataclass(frozen=True)
class ExpectedTable:
    number: int
    rows: list[ExpectedRow]
    total: ExpectedRow


class Reference:
    """An in-process DuckDB holding one programme's stored rows, published reports only."""

    def __init__(self, programme: Programme) -> None:
        self.programme = programme
        self.db = duckdb.connect()
        self.db.execute(SCHEMA)
        self._load()

    def _load(self) -> None:
        units = Unit.objects.values_list("code", "name", "parent__code", "path", "sort_order")
        facts = ReportValue.objects.filter(
            report__period__programme=self.programme,
            report__status__in=[Report.Status.APPROVED, Report.Status.LOCKED],
        ).values_list("report__period__month", "report__unit__path", "element__code", "value")
        targets = Target.objects.filter(element__programme=self.programme).values_list(
            "unit__path", "element__code", "value"
        )
        self.db.executemany("INSERT INTO units VALUES (?, ?, ?, ?, ?)", list(units))
        self.db.executemany("INSERT INTO facts VALUES (?, ?, ?, ?)", list(facts))
        self.db.executemany("INSERT INTO targets VALUES (?, ?, ?)", list(targets))
        self.elements = list(self.programme.data_elements.values_list("code", flat=True))
        self.places = dict(self.programme.data_elements.values_list("code", "places"))
        self.indicators = {i.code: i for i in Indicator.objects.filter(programme=self.programme)}
        self.places.update((code, i.places) for code, i in self.indicators.items())

    def _children_sql(self) -> str:
        """Each child of the scope with every figure summed over its subtree, then rated."""
        pivot = ", ".join(
            f"MAX(total) FILTER (WHERE element = '{code}') AS {code}" for code in self.elements
        )
        rates = ", ".join(
            f"{INDICATOR_SQL[code][1].format(places=i.places)} AS {code}"
            for code, i in self.indicators.items()
        )
        return f"""
            WITH children AS (SELECT code, path, sort_order FROM units WHERE parent = $scope),
            raw AS (
                SELECT path, element, value FROM facts WHERE month = $month
                UNION ALL SELECT path, element, value FROM targets
            ),
            sums AS (
                SELECT c.code, r.element, SUM(r.value) AS total
                FROM children c JOIN raw r ON starts_with(r.path, c.path)
                GROUP BY c.code, r.element
            ),
            pivoted AS (
                SELECT c.code, c.sort_order, {pivot}
                FROM children c LEFT JOIN sums s ON s.code = c.code
                GROUP BY c.code, c.sort_order
            )
            SELECT *, {rates} FROM pivoted
        """

    def tables(self, scope: str, month: int) -> list[ExpectedTable]:
        children = self._children_sql()
        return [
            self._table(table, children, scope, month)
            for table in ReportTable.objects.filter(programme=self.programme).order_by("number")
        ]

    def _table(self, table: ReportTable, children: str, scope: str, month: int) -> ExpectedTable:
        keys = [_order(item) for item in table.keys]
        tiebreak = [_order(item) for item in table.tiebreak]
        included = " OR ".join(f"{code} IS NOT NULL" for code in table.include_if_any) or "TRUE"
        eligible = f"COALESCE({table.eligible_if} > 0, FALSE)" if table.eligible_if else "TRUE"
        rankable = " AND ".join(f"{code} IS NOT NULL" for code, _ in keys)
        order = ", ".join(f"{code} {direction} NULLS LAST" for code, direction in keys)
        display = ", ".join(
            f"{code} {direction} NULLS LAST" for code, direction in [*keys, *tiebreak]
        )
        # Only columns holding a figure; ranks are compared on their own.
        columns = [c for c in table.columns.order_by("order") if c.kind in FIGURE_KINDS]
        cells = ", ".join(f"{self._cell(column)} AS c_{column.key}" for column in columns)
        sql = f"""
            WITH rows AS (
                SELECT *, ({eligible}) AND ({rankable}) AS ranked
                FROM ({children}) WHERE {included}
            ),
            ranks AS (
                SELECT *, CASE WHEN ranked THEN RANK() OVER (PARTITION BY ranked ORDER BY {order})
                          END AS rank
                FROM rows
            ),
            tie AS (SELECT COUNT(*) FILTER (WHERE ranked) >= 2 AND MAX(rank) = 1 AS all_tied
                    FROM ranks)
            SELECT code, CASE WHEN all_tied THEN NULL ELSE rank END, {cells}
            FROM ranks, tie
            ORDER BY NOT ranked, {display}, sort_order, code
        """
        found = self.db.execute(sql, {"scope": scope, "month": month}).fetchall()
        keys_by_column = [column.key for column in columns]
        rows = [
            ExpectedRow(row[0], row[1], dict(zip(keys_by_column, row[2:], strict=True)))
            for row in found
        ]
        return ExpectedTable(
            table.number, rows, self._total(columns, children, included, scope, month)
        )

    def _total(
        self, columns: list[Any], children: str, included: str, scope: str, month: int
    ) -> ExpectedRow:
        """The total row: figures summed over the included children, rates from the sums."""
        sums = ", ".join(f"SUM({code}) AS {code}" for code in self.elements)
        rates = ", ".join(
            f"{INDICATOR_SQL[code][1].format(places=i.places)} AS {code}"
            for code, i in self.indicators.items()
        )
        cells = ", ".join(self._cell(column) for column in columns)
        sql = f"""
            WITH summed AS (SELECT {sums} FROM ({children}) WHERE {included}),
            rated AS (SELECT *, {rates} FROM summed)
            SELECT {cells} FROM rated
        """
        found = self.db.execute(sql, {"scope": scope, "month": month}).fetchone()
        assert found is not None
        return ExpectedRow(None, None, dict(zip([c.key for c in columns], found, strict=True)))

    def _cell(self, column: Any) -> str:
        """The figure a column shows, at the column's places or its source's own."""
        if column.kind == "value":
            places = column.places if column.places is not None else self.places[column.source]
            return f"ROUND(CAST({column.source} AS DECIMAL(38, 10)), {places})"
        if column.kind == "change":
            up, down = column.change["increase"], column.change["decrease"]
            return (
                f"CASE WHEN {up} IS NULL AND {down} IS NULL THEN NULL "
                f"ELSE COALESCE({up}, 0) - COALESCE({down}, 0) END"
            )
        raise ValueError(f"column {column.key} holds no figure")


def _order(item: str) -> tuple[str, str]:
    code, _, direction = item.partition(" ")
    return code, "ASC" if direction.strip() == "asc" else "DESC"
