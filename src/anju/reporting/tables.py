"""A scope's attachment tables for a month: programme tables → engine specs → built tables."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from anju.engine import (
    BuiltTable,
    ChangeFormat,
    ColumnSpec,
    Formula,
    IndicatorSpec,
    SortKey,
    TableSpec,
    UnitValues,
    build_table,
)
from anju.errors import NotFound
from anju.plans.tables import plan_places, with_goals
from anju.programmes.models import Programme, ReportTable, TableColumn, Unit
from anju.reporting.models import Period
from anju.reporting.selectors import PUBLISHED, scope_children_values, scope_has_figures


@dataclass(frozen=True)
class Attachment:
    number: int
    title: str  # on one line; ``title_lines`` as the programme breaks it for print
    unit_line: str
    period_line: str
    table: BuiltTable
    title_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScopeMonth:
    """Which scope, programme and month a page of figures is about, as its heading says."""

    scope_code: str
    scope_name: str
    programme: str
    period: str  # YYYY-MM
    year: int
    month: int


def scope_month(scope: Unit, period: Period) -> ScopeMonth:
    programme = period.programme
    return ScopeMonth(
        scope_code=scope.code,
        scope_name=scope.name,
        programme=programme.name,
        period=period.key,
        year=programme.year,
        month=period.month,
    )


@dataclass(frozen=True)
class TableSet(ScopeMonth):
    attachments: tuple[Attachment, ...]


def indicator_specs(programme: Programme) -> tuple[IndicatorSpec, ...]:
    return tuple(
        IndicatorSpec(code=i.code, formula=Formula.parse(i.formula), places=i.places)
        for i in programme.indicators.all()
    )


def sort_keys(items: Iterable[str]) -> tuple[SortKey, ...]:
    keys = []
    for item in items:
        field, _, direction = item.partition(" ")
        keys.append(SortKey(field=field, descending=direction.strip() != "asc"))
    return tuple(keys)


def column_spec(column: TableColumn, places: dict[str, int]) -> ColumnSpec:
    """The engine's column; a figure shows at its own precision unless the column says."""
    return ColumnSpec(
        key=column.key,
        header=column.header,
        kind=column.kind,  # type: ignore[arg-type]
        source=column.source or None,
        places=column.places if column.places is not None else places.get(column.source),
        trim=column.trim,
        suffix=column.suffix,
        group=column.group or None,
        change=ChangeFormat(**column.change) if column.change else None,
    )


def table_spec(
    table: ReportTable, indicators: tuple[IndicatorSpec, ...], places: dict[str, int]
) -> TableSpec:
    return TableSpec(
        code=table.code,
        title=table.title.replace("\n", ""),
        columns=tuple(column_spec(c, places) for c in table.columns.all()),
        keys=sort_keys(table.keys),
        tiebreak=sort_keys(table.tiebreak),
        eligible_if=table.eligible_if or None,
        include_if_any=tuple(table.include_if_any),
        total_label=table.total_label,
        unranked_note=table.unranked_note,
        indicators=indicators,
    )


def period_line(period: Period) -> str:
    end = period.end_date
    return f"（1月1日——{end.month}月{end.day}日）"


def figure_places(programme: Programme) -> dict[str, int]:
    """Each data element's and indicator's display precision, by code."""
    places = dict(programme.indicators.values_list("code", "places"))
    places.update(programme.data_elements.values_list("code", "places"))
    return places


def published_children_values(
    *, scope: Unit, period: Period, statuses: Iterable[str] = PUBLISHED
) -> list[UnitValues]:
    """The scope's children with their reviewed figures; NotFound when there are none."""
    statuses = tuple(statuses)
    if not scope.children.exists():
        raise NotFound(f"{scope.name}没有下级单位，没有排序表和通报；请查看上级单位的")
    if not scope_has_figures(period=period, scope=scope, statuses=statuses):
        raise NotFound(f"{scope.name}{period}没有已审核的填报数据")
    return scope_children_values(period=period, scope=scope, statuses=statuses)


def scope_tables(
    *,
    scope: Unit,
    period: Period,
    statuses: Iterable[str] = PUBLISHED,
    units: list[UnitValues] | None = None,
) -> TableSet:
    """The attachment tables of the scope's bulletin for the period, from the stored figures."""
    if units is None:
        units = published_children_values(scope=scope, period=period, statuses=statuses)
    programme = period.programme
    units, plan_indicators = with_goals(programme, period.month, units)
    indicators = indicator_specs(programme) + plan_indicators
    places = figure_places(programme) | plan_places(programme)
    attachments = tuple(
        Attachment(
            number=table.number,
            title=table.title.replace("\n", ""),
            title_lines=tuple(table.title.split("\n")),
            unit_line=table.unit_line,
            period_line=period_line(period) if table.show_period else "",
            table=build_table(table_spec(table, indicators, places), units),
        )
        for table in programme.tables.prefetch_related("columns")
    )
    return TableSet(**asdict(scope_month(scope, period)), attachments=attachments)
