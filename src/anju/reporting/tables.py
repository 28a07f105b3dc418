"""A scope's attachment tables for a month: programme tables → engine specs → built tables."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, TextField
from django.db.models.functions import Cast

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
from anju.engine.categories import Category, build_category_table
from anju.engine.change import CHANGE, change_base, with_previous
from anju.engine.display import TextIf
from anju.engine.ordering import RankRules
from anju.engine.plans import plan_indicators
from anju.engine.totals import SCALES
from anju.engine.unpublished import UNPUBLISHED_TEXT
from anju.errors import NotFound
from anju.plans.selectors import plan_element, planned_elements
from anju.plans.tables import plan_places, with_goals
from anju.programmes.models import NarrativeTemplate, Programme, ReportTable, TableColumn, Unit
from anju.programmes.versions import cached
from anju.reporting.categories import categories, category_places, category_rates
from anju.reporting.marks import with_marks
from anju.reporting.models import Period
from anju.reporting.scores import score_places, score_specs_as_indicators
from anju.reporting.selectors import PUBLISHED, scope_children_values, scope_has_figures
from anju.reporting.stated import rate_sources, scope_stated_values


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
    """The programme's indicators, then its composite scores (parts and totals)."""
    return tuple(
        IndicatorSpec(code=i.code, formula=Formula.parse(i.formula), places=i.places)
        for i in programme.indicators.all()
    ) + score_specs_as_indicators(programme)


def sort_keys(items: Iterable[str]) -> tuple[SortKey, ...]:
    keys = []
    for item in items:
        field, _, direction = item.partition(" ")
        keys.append(SortKey(field=field, descending=direction.strip() != "asc"))
    return tuple(keys)


def column_spec(
    column: TableColumn, places: dict[str, int], rates: frozenset[str] = frozenset()
) -> ColumnSpec:
    """The engine's column; a figure shows at its own precision unless the column says.
    A column of rates that are figures (not indicators: ``rates``) is never summed."""
    return ColumnSpec(
        key=column.key,
        header=column.header,
        kind=column.kind,  # type: ignore[arg-type]
        source=column.source or None,
        # A change since last month shows at its figure's precision.
        places=column.places
        if column.places is not None
        else places.get(change_base(column.source or "")),
        trim=column.trim,
        suffix=column.suffix,
        scale=SCALES.get(column.scale, 0),
        group=column.group or None,
        change=ChangeFormat(**column.change) if column.change else None,
        total=column.total or ("none" if column.source in rates else None),
        text_if=tuple(text_if(rule) for rule in column.display.get("text_if", [])),
        blank=column.display.get("blank", ""),
        unpublished=column.display.get("unpublished", UNPUBLISHED_TEXT),
    )


def rank_rules(rules: dict[str, Any]) -> RankRules:
    return RankRules(
        mode=rules.get("ranking", "rank"),
        numbering=rules.get("numbering", "shared"),
        bands=tuple(text_if(band) for band in rules.get("bands", [])),
        rank_on=rules.get("rank_on", "printed"),
    )


def text_if(rule: dict[str, str]) -> TextIf:
    bounds = {key: Decimal(rule[key]) for key in ("at_least", "below") if rule.get(key)}
    return TextIf(text=rule["text"], **bounds)


def table_spec(
    table: ReportTable,
    indicators: tuple[IndicatorSpec, ...],
    places: dict[str, int],
    rates: frozenset[str] = frozenset(),
) -> TableSpec:
    return TableSpec(
        code=table.code,
        title=table.title.replace("\n", ""),
        columns=tuple(column_spec(c, places, rates) for c in table.columns.all()),
        keys=sort_keys(table.keys),
        tiebreak=sort_keys(table.tiebreak),
        eligible_if=table.eligible_if or None,
        include_if_any=tuple(table.include_if_any),
        total_label=table.total_label,
        total=table.total,  # type: ignore[arg-type]
        ranking=rank_rules(table.rank_rules),
        unit_kinds=tuple(table.unit_kinds),
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
    return places | score_places(programme)


def no_tables_text(scope: Unit) -> str:
    """Why a unit with no units below it has no tables, and whose to read instead."""
    if scope.parent is None:
        return f"{scope.name}没有下级单位，没有排序表和通报。"
    return f"{scope.name}没有下级单位，没有排序表和通报；请查看{scope.parent.name}的排序表和通报。"


def published_children_values(
    *, scope: Unit, period: Period, statuses: Iterable[str] = PUBLISHED
) -> list[UnitValues]:
    """The scope's children with their reviewed figures; NotFound when there are none."""
    statuses = tuple(statuses)
    children = list(scope.children.order_by("sort_order", "code"))
    if not children:
        raise NotFound(no_tables_text(scope))
    if not scope_has_figures(period=period, scope=scope, statuses=statuses):
        raise NotFound(f"{scope.name}{period}没有已审核的填报数据")
    units = scope_children_values(period=period, scope=scope, statuses=statuses, children=children)
    units = with_marks(units, period=period, statuses=statuses)
    return with_last_month(scope=scope, period=period, units=units, statuses=statuses)


def programme_uses_change(programme: Programme) -> bool:
    """Whether a table or the outline prints a change since the previous month (one query,
    whatever the programme's size)."""
    tables = ReportTable.objects.filter(programme=OuterRef("pk")).annotate(
        keys_text=Cast("keys", TextField()), tiebreak_text=Cast("tiebreak", TextField())
    )
    return (
        Programme.objects.filter(pk=programme.pk)
        .filter(
            Exists(
                TableColumn.objects.filter(
                    table__programme=OuterRef("pk"), source__startswith=CHANGE
                )
            )
            | Exists(
                tables.filter(Q(keys_text__contains=CHANGE) | Q(tiebreak_text__contains=CHANGE))
            )
            | Exists(
                NarrativeTemplate.objects.filter(programme=OuterRef("pk"), text__contains=CHANGE)
            )
        )
        .exists()
    )


def with_last_month(
    *, scope: Unit, period: Period, units: list[UnitValues], statuses: Iterable[str] = PUBLISHED
) -> list[UnitValues]:
    """The units' figures with the previous month's published figures beside them, for the
    changes the programme prints (as they stand in the stored months: nothing entered again).
    A first month, or a programme that prints no change, has none."""
    programme = period.programme
    if period.month == 1 or not table_plan(programme).uses_change:
        return units
    previous = Period.objects.filter(programme=programme, month=period.month - 1).first()
    if previous is None:
        return units
    before = {
        unit.code: unit.values
        for unit in scope_children_values(period=previous, scope=scope, statuses=statuses)
    }
    return [
        replace(unit, values=with_previous(unit.values, before.get(unit.code, {})))
        for unit in units
    ]


@dataclass(frozen=True)
class PlannedTable:
    """One of the programme's tables as its definition gives it, ready for the engine."""

    number: int
    title: str
    title_lines: tuple[str, ...]
    unit_line: str
    show_period: bool
    spec: TableSpec
    by_category: bool = False  # rows by programme type (``categories``), not by unit
    categories: tuple[Category, ...] = ()


@dataclass(frozen=True)
class TablePlan:
    """What the programme's definition says a table set needs: read once per data version
    (the definition changes with it), not by every table set."""

    tables: tuple[PlannedTable, ...]
    stated: bool  # a table's total row prints the scope's own targets
    planned: bool  # figures have monthly plans: the units' goals join their figures
    uses_change: bool  # see ``programme_uses_change``


def table_plan(programme: Programme) -> TablePlan:
    return cached(
        name="table-plan", programme=programme, parts=(), compute=lambda: _table_plan(programme)
    )


def _table_plan(programme: Programme) -> TablePlan:
    elements = [plan_element(element) for element in planned_elements(programme)]
    indicators = indicator_specs(programme) + (plan_indicators(elements) if elements else ())
    places = figure_places(programme) | plan_places(programme)
    rates = rate_sources(programme)
    tables = tuple(
        PlannedTable(
            number=table.number,
            title=table.title.replace("\n", ""),
            title_lines=tuple(table.title.split("\n")),
            unit_line=table.unit_line,
            show_period=table.show_period,
            # Rows by programme type: columns show the names the categories give and the
            # table's rates.
            spec=table_spec(table, category_rates(table), category_places(table, places))
            if table.categories
            else table_spec(table, indicators, places, rates),
            by_category=bool(table.categories),
            categories=categories(table),
        )
        for table in programme.tables.prefetch_related("columns")
    )
    stated = any(table.spec.total == "stated" for table in tables)
    return TablePlan(
        tables=tables,
        stated=stated,
        planned=bool(elements),
        uses_change=programme_uses_change(programme),
    )


def _built(table: PlannedTable, units: list[UnitValues], stated: dict[str, Any]) -> BuiltTable:
    if table.by_category:
        return build_category_table(table.spec, table.categories, units)
    return build_table(table.spec, units, stated=stated)


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
    plan = table_plan(programme)
    if plan.planned:
        units, _ = with_goals(programme, period.month, units)
    stated = scope_stated_values(scope=scope, period=period) if plan.stated else {}
    attachments = tuple(
        Attachment(
            number=table.number,
            title=table.title,
            title_lines=table.title_lines,
            unit_line=table.unit_line,
            period_line=period_line(period) if table.show_period else "",
            table=_built(table, units, stated),
        )
        for table in plan.tables
    )
    return TableSet(**asdict(scope_month(scope, period)), attachments=attachments)
