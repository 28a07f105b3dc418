"""Bulletin attachment tables: per-unit rows, a rank, a total row and footnotes.

A table is described by a ``TableSpec`` and built from each unit's raw figures. Everything the
reader sees is already text here, so whatever renders the table (HTML, a document, CSV) only
lays it out and never formats or rounds a figure itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, TypeAlias

from anju.engine.change import PREVIOUS, change_base, change_values, is_change, paired_changes
from anju.engine.cutoff import cutoff_label
from anju.engine.display import TextIf, displayed
from anju.engine.formula import IndicatorSpec, dependency_order, evaluate_indicators
from anju.engine.headers import HeaderCell, header_rows
from anju.engine.notes import table_notes
from anju.engine.ordering import RANKED, RankRules, band_text, exact_scope, order_rows
from anju.engine.ranking import SortKey
from anju.engine.totals import NO_TOTAL, stated_sums, total_source
from anju.engine.unpublished import UNPUBLISHED_TEXT, hidden_codes, is_hidden
from anju.engine.values import NA, Value, format_value, round_half_up, sum_values

__all__ = [
    "BuiltRow",
    "BuiltTable",
    "Cell",
    "ChangeFormat",
    "ColumnKind",
    "ColumnSpec",
    "HeaderCell",
    "TableSpec",
    "UnitValues",
    "build_table",
    "scope_totals",
]

ColumnKind: TypeAlias = Literal["unit", "value", "rank", "change", "text"]
TotalKind: TypeAlias = Literal["sum", "stated", "none"]


# --- specifications ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeFormat:
    """How a column combining an increase and a decrease (e.g. allocations and exits) reads."""

    increase: str
    decrease: str
    increase_text: str = "新增{}套"
    decrease_text: str = "退出{}套"
    zero_text: str = "0"
    net_positive: str = "净增{}套"
    net_negative: str = "净减{}套"


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    header: str
    kind: ColumnKind
    source: str | None = None  # data-element or indicator code, for "value" columns
    places: int | None = None
    trim: bool = False
    suffix: str = ""
    group: str | None = None  # consecutive columns sharing a group get one spanning header
    change: ChangeFormat | None = None
    # The total row's cell: None as the source gives it (a figure summed, an indicator of the
    # sums), "none" blank, or an indicator's code: that rate of the total's figures.
    total: str | None = None
    scale: int = 0  # printed in 10**scale: 4 for 万, 8 for 亿 (13900 at 2 places: 1.39)
    text_if: tuple[TextIf, ...] = ()  # words instead of the figure: ≥ 100 → 全部开工
    blank: str = ""  # the text of a cell with no figure ("—": not applicable)
    unpublished: str = UNPUBLISHED_TEXT  # the text of a figure the unit has not published

    def __post_init__(self) -> None:
        if self.kind == "value" and not self.source:
            raise ValueError(f"value column {self.key!r} needs a source")
        if self.kind == "change" and self.change is None:
            raise ValueError(f"change column {self.key!r} needs a change format")


@dataclass(frozen=True)
class TableSpec:
    code: str
    title: str
    columns: tuple[ColumnSpec, ...]
    keys: tuple[SortKey, ...]
    tiebreak: tuple[SortKey, ...] = ()
    eligible_if: str | None = None  # code that must be positive (the target) to be ranked
    include_if_any: tuple[str, ...] = ()  # empty: every unit appears
    total_label: str | None = "合  计"  # None: no total row
    total: TotalKind = "sum"  # "stated": the scope's own figures where it has them
    ranking: RankRules = RANKED
    unit_kinds: tuple[str, ...] = ()  # empty: every kind; else a ranking of these kinds only
    unranked_note: str = "{units}无下达任务，不参与排序。"
    indicators: tuple[IndicatorSpec, ...] = ()


@dataclass(frozen=True)
class UnitValues:
    code: str
    name: str
    values: Mapping[str, Value]  # a code absent means not reported
    kind: str = ""  # county, district, zone…: what a table listing some kinds only selects
    unpublished: frozenset[str] = frozenset()  # figures marked not published (暂未公布)
    as_of: str = ""  # the date its figures run to when earlier than the table's ("5月31日")


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    text: str
    value: Decimal | None  # the figure shown, as rounded for display; None when there is none
    kind: str


@dataclass(frozen=True)
class BuiltRow:
    unit_code: str | None  # None for the total row
    label: str
    cells: tuple[Cell, ...]
    rank: int | None


@dataclass(frozen=True)
class BuiltTable:
    code: str
    title: str
    header_rows: tuple[tuple[HeaderCell, ...], ...]
    columns: tuple[ColumnSpec, ...]
    rows: tuple[BuiltRow, ...]
    total: BuiltRow | None
    footnotes: tuple[str, ...]
    rank_column_empty: bool


# --- cells ------------------------------------------------------------------------------------


def _figure(value: Value) -> Decimal | None:
    return None if value is NA else value


def _value_cell(column: ColumnSpec, scope: Mapping[str, Value], is_total: bool = False) -> Cell:
    code = total_source(column.total, column.source) if is_total else column.source
    value = NA if code is None else scope.get(code, NA)
    if value is not NA and column.scale:
        value = value.scaleb(-column.scale)  # exact: only the rounding below loses digits
    figure = value
    if value is not NA and column.places is not None:
        value = round_half_up(value, column.places)
    text = format_value(value, column.places, trim=column.trim, suffix=column.suffix)
    if column.text_if or column.blank:
        return Cell(*displayed(text, figure, _figure(value), column.text_if, column.blank), "value")
    return Cell(text, _figure(value), column.kind)


def _fill(template: str, amount: Decimal) -> str:
    # Plain replacement, so a stray brace in a configured text cannot break formatting.
    return template.replace("{}", format_value(amount, None, trim=True))


def _positive(value: Value) -> Decimal | None:
    return value if value is not NA and value > 0 else None


def _net(increase: Value, decrease: Value) -> Value:
    if increase is NA and decrease is NA:
        return NA
    plus = Decimal(0) if increase is NA else increase
    minus = Decimal(0) if decrease is NA else decrease
    return plus - minus


def _change_cell(change: ChangeFormat, scope: Mapping[str, Value]) -> Cell:
    increase = scope.get(change.increase, NA)
    decrease = scope.get(change.decrease, NA)
    net = _net(increase, decrease)
    if net is NA:
        return Cell("", None, "change")
    parts: list[str] = []
    if (added := _positive(increase)) is not None:
        parts.append(_fill(change.increase_text, added))
    if (removed := _positive(decrease)) is not None:
        parts.append(_fill(change.decrease_text, removed))
    return Cell("".join(parts) or change.zero_text, net, "change")


def _net_change_cell(change: ChangeFormat, scope: Mapping[str, Value]) -> Cell:
    # A total states only the balance: "净增19套" reads better than "新增114套退出95套".
    net = _net(scope.get(change.increase, NA), scope.get(change.decrease, NA))
    if net is NA:
        return Cell("", None, "change")
    if net > 0:
        return Cell(_fill(change.net_positive, net), net, "change")
    if net < 0:
        return Cell(_fill(change.net_negative, -net), net, "change")
    return Cell(change.zero_text, net, "change")


def _rank_cell(rank: int | None, band: str | None = None) -> Cell:
    if band is not None:
        return Cell(band, None, "rank")
    if rank is None:
        return Cell("", None, "rank")
    return Cell(str(rank), Decimal(rank), "rank")


def _cell(
    column: ColumnSpec,
    label: str,
    scope: Mapping[str, Value],
    rank: int | None,
    is_total: bool,
    band: str | None = None,
) -> Cell:
    if column.kind == "unit":
        return Cell(label, None, "unit")
    if column.kind == "value":
        return _value_cell(column, scope, is_total)
    if column.kind == "rank":
        return _rank_cell(rank, band)
    if column.kind == "change" and column.change is not None:
        if is_total and column.total == NO_TOTAL:
            return Cell("", None, "change")
        render = _net_change_cell if is_total else _change_cell
        return render(column.change, scope)
    return Cell("", None, column.kind)


def _row(
    spec: TableSpec,
    unit_code: str | None,
    label: str,
    scope: Mapping[str, Value],
    rank: int | None,
    band: str | None = None,
    hidden: frozenset[str] = frozenset(),
) -> BuiltRow:
    is_total = unit_code is None
    cells = tuple(
        Cell(column.unpublished, None, "value")
        if column.kind == "value" and is_hidden(column.source, hidden)
        else _cell(column, label, scope, rank, is_total, band)
        for column in spec.columns
    )
    return BuiltRow(unit_code, label, cells, rank)


# --- building ---------------------------------------------------------------------------------


def _element_codes(spec: TableSpec) -> list[str]:
    """Raw data-element codes the table reads; these are what a total row sums."""
    indicator_codes = {indicator.code for indicator in spec.indicators}
    used: list[str] = []

    def add(codes: Iterable[str | None]) -> None:
        for code in codes:
            if code and not is_change(code) and code not in indicator_codes and code not in used:
                used.append(code)

    for column in spec.columns:
        add([column.source])
        if column.change is not None:
            add([column.change.increase, column.change.decrease])
    for indicator in spec.indicators:
        add(sorted(indicator.formula.names))
    add([key.field for key in (*spec.keys, *spec.tiebreak)])
    add([spec.eligible_if, *spec.include_if_any])
    for column in spec.columns:
        add([change_base(column.source or "")])
    for key in (*spec.keys, *spec.tiebreak):
        add([change_base(key.field)])
    if any(is_change(code) for code in _codes_shown(spec)):
        # The previous month's figures, for the total's change.
        used += [PREVIOUS + code for code in used]
    return used


def _codes_shown(spec: TableSpec) -> list[str]:
    return [
        *(column.source for column in spec.columns if column.source),
        *(key.field for key in (*spec.keys, *spec.tiebreak)),
    ]


def _is_included(spec: TableSpec, unit: UnitValues) -> bool:
    if spec.unit_kinds and unit.kind not in spec.unit_kinds:
        return False
    if not spec.include_if_any:
        return True
    return any(unit.values.get(code, NA) is not NA for code in spec.include_if_any)


def _is_eligible(spec: TableSpec, scope: Mapping[str, Value]) -> bool:
    if spec.eligible_if is None:
        return True
    target = scope.get(spec.eligible_if, NA)
    return target is not NA and target > 0


def _scope(indicators: Sequence[IndicatorSpec], values: Mapping[str, Value]) -> dict[str, Value]:
    # Indicators join the raw figures rounded, as printed, so equal printed rates tie; with
    # the previous month's figures beside them, so do the changes since (``change.CODE``).
    scope = {**values, **evaluate_indicators(indicators, values)}
    scope.update(change_values(indicators, scope))
    return scope


def unit_figures(
    indicators: Sequence[IndicatorSpec], values: Mapping[str, Value]
) -> dict[str, Value]:
    """A unit's figures with its indicators (and changes, given last month's figures)."""
    return _scope(dependency_order(indicators), values)


def scope_totals(
    indicators: Sequence[IndicatorSpec],
    units: Sequence[UnitValues],
    codes: Iterable[str] | None = None,
) -> dict[str, Value]:
    """A scope's total: each figure summed over the units (all their figures, or ``codes``),
    then every indicator computed from the sums — the rate of the sums, never an average of
    the units' rates. The one definition of a total that tables, the dashboard, the
    narrative and the API share."""
    wanted = {code for unit in units for code in unit.values} if codes is None else set(codes)
    sums = {code: sum_values(unit.values.get(code, NA) for unit in units) for code in wanted}
    ordered = dependency_order(indicators)
    return _scope(ordered, sums) | paired_changes(ordered, [u.values for u in units], wanted)


def _total(
    spec: TableSpec,
    indicators: Sequence[IndicatorSpec],
    units: Sequence[UnitValues],
    stated: Mapping[str, Value],
) -> BuiltRow | None:
    if spec.total_label is None or spec.total == NO_TOTAL:
        return None
    codes = _element_codes(spec)
    if spec.total == "stated":
        totals = _scope(indicators, stated_sums(codes, units, stated))
    else:
        totals = scope_totals(indicators, units, codes)
    return _row(spec, None, spec.total_label, totals, None)


def build_table(
    spec: TableSpec,
    units: Sequence[UnitValues],
    *,
    stated: Mapping[str, Value] | None = None,
    totalled: Sequence[UnitValues] | None = None,
) -> BuiltTable:
    """Build the table for the units given, in the order the bulletin prints them.

    ``stated`` are the scope's own figures (a target handed down to it): a table whose total
    is "stated" prints them in its total row instead of the rows' sums. ``totalled`` are the
    rows the total sums when they are not the rows printed (engine.categories)."""
    indicators = dependency_order(spec.indicators)
    shown = [unit for unit in units if _is_included(spec, unit)]
    scopes = [_scope(indicators, unit.values) for unit in shown]
    eligible = [_is_eligible(spec, scope) for scope in scopes]
    rules = spec.ranking
    ranked = (
        scopes
        if rules.rank_on == "printed"
        else [exact_scope(indicators, unit.values) for unit in shown]
    )
    ranking = order_rows(rules, ranked, keys=spec.keys, tiebreak=spec.tiebreak, eligible=eligible)
    rows = tuple(
        _row(
            spec,
            shown[row.index].code,
            cutoff_label(shown[row.index].name, shown[row.index].as_of),
            scopes[row.index],
            row.rank,
            None if row.rank is None else band_text(rules, spec.keys, ranked[row.index]),
            hidden_codes(indicators, shown[row.index].unpublished),
        )
        for row in ranking.rows
    )
    return BuiltTable(
        code=spec.code,
        title=spec.title,
        header_rows=header_rows(spec.columns),
        columns=spec.columns,
        rows=rows,
        total=_total(spec, indicators, shown if totalled is None else totalled, stated or {}),
        footnotes=table_notes(spec, shown, ranking, eligible, stated or {}),
        rank_column_empty=all(row.rank is None for row in rows),
    )
