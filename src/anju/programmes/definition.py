"""The programme definition file: its format, read into plain records with every problem named.

A definition is read whole and checked whole before anything is stored: each problem names the
file, the line and the field, so a user can fix them all in one pass.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from anju.engine.formula import Formula, FormulaError
from anju.engine.narrative import NarrativeError, check_template
from anju.engine.validation import RULE_KINDS
from anju.programmes.models import DataElement, NarrativeTemplate, TableColumn, Unit
from anju.programmes.yamlio import Document, Path, Reader

PROGRAMME_FORMAT = "programme/1"
FIGURES_FORMAT = "figures/1"
CODE_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
SLUG_RE = re.compile(r"^[A-Za-z0-9_-]+$")
SORT_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?$")


@dataclass
class UnitDef:
    code: str
    name: str
    kind: str
    parent: str | None
    order: int


@dataclass
class ElementDef:
    code: str
    name: str
    measure: str
    role: str
    time: str
    places: int
    description: str
    target: str
    rules: list[dict[str, str]]


@dataclass
class IndicatorDef:
    code: str
    name: str
    formula: str
    places: int
    measure: str


@dataclass
class ColumnDef:
    key: str
    kind: str
    header: str
    source: str
    places: int | None
    trim: bool
    suffix: str
    group: str
    change: dict[str, str] | None


@dataclass
class TableDef:
    code: str
    number: int
    title: str
    unit_line: str
    show_period: bool
    keys: list[str]
    tiebreak: list[str]
    eligible_if: str
    include_if_any: list[str]
    total_label: str
    unranked_note: str
    columns: list[ColumnDef]


@dataclass
class MilestoneDef:
    code: str
    label: str
    target: str
    actual: str
    threshold: Decimal
    due: datetime.date
    verb: str
    description: str


@dataclass
class NarrativeDef:
    code: str
    kind: str
    level: int
    text: str
    indicator: str
    milestones: list[str]


@dataclass
class ProgrammeDef:
    code: str
    name: str
    year: int
    scope: str
    bulletin: dict[str, str]
    dashboard: dict[str, Any] = field(default_factory=dict)
    units: list[UnitDef] = field(default_factory=list)
    elements: list[ElementDef] = field(default_factory=list)
    indicators: list[IndicatorDef] = field(default_factory=list)
    tables: list[TableDef] = field(default_factory=list)
    milestones: list[MilestoneDef] = field(default_factory=list)
    targets: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    plans: dict[str, dict[str, dict[int, Decimal]]] = field(default_factory=dict)
    narratives: list[NarrativeDef] = field(default_factory=list)


@dataclass
class FiguresDef:
    programme: str
    year: int
    month: int
    status: str
    reports: dict[str, dict[str, Decimal]]
    lines: dict[tuple[str, str], str]  # (unit, element) → "file:line: field" for later checks


PROGRAMME_KEYS = (
    "anju",
    "code",
    "name",
    "year",
    "scope",
    "dashboard",
    "bulletin",
    "units",
    "data_elements",
    "indicators",
    "tables",
    "milestones",
    "targets",
    "plans",
    "narratives",
)
BULLETIN_KEYS = ("issuer", "issuer_mark", "number_prefix", "title", "recipients", "cc")
UNIT_KEYS = ("code", "name", "kind", "children")
ELEMENT_KEYS = (
    "code",
    "name",
    "measure",
    "role",
    "time",
    "places",
    "description",
    "target",
    "rules",
)
RULE_KEYS = ("rule", "of", "level")
INDICATOR_KEYS = ("code", "name", "formula", "places", "measure")
TABLE_KEYS = (
    "code",
    "number",
    "title",
    "unit_line",
    "show_period",
    "keys",
    "tiebreak",
    "eligible_if",
    "include_if_any",
    "total_label",
    "unranked_note",
    "columns",
)
COLUMN_KEYS = (
    "key",
    "kind",
    "header",
    "source",
    "places",
    "trim",
    "suffix",
    "group",
    "change",
)
CHANGE_KEYS = (
    "increase",
    "decrease",
    "increase_text",
    "decrease_text",
    "zero_text",
    "net_positive",
    "net_negative",
)
MILESTONE_KEYS = (
    "code",
    "label",
    "target",
    "actual",
    "threshold",
    "due",
    "verb",
    "description",
)
NARRATIVE_KEYS = ("code", "kind", "level", "text", "indicator", "milestones")


def read_programme(document: Document) -> ProgrammeDef:
    """Read and check a programme file; raises InvalidInput listing every problem."""
    reader = Reader(document)
    top = reader.mapping(document.data, ())
    reader.known_keys(top, (), PROGRAMME_KEYS)
    if top.get("anju") != PROGRAMME_FORMAT:
        reader.fail(("anju",), f"文件类型应为 {PROGRAMME_FORMAT}")
        reader.raise_if_problems()
    programme = ProgrammeDef(
        code=_slug(reader, top, "code", ()),
        name=reader.text(top, "name", ()),
        year=reader.integer(top, "year", (), low=2000, high=2100),
        scope=_unit_code(reader, top.get("scope"), ("scope",)),
        bulletin=_bulletin(reader, top.get("bulletin", {})),
        dashboard=_dashboard(reader, top.get("dashboard", {})),
    )
    for index, item in enumerate(reader.sequence(top.get("units"), ("units",))):
        _units(reader, item, ("units", index), None, programme.units)
    programme.elements = [
        _element(reader, item, ("data_elements", index))
        for index, item in enumerate(reader.sequence(top.get("data_elements"), ("data_elements",)))
    ]
    programme.indicators = [
        _indicator(reader, item, ("indicators", index))
        for index, item in enumerate(reader.sequence(top.get("indicators"), ("indicators",)))
    ]
    programme.tables = [
        _table(reader, item, ("tables", index))
        for index, item in enumerate(reader.sequence(top.get("tables"), ("tables",)))
    ]
    programme.milestones = [
        _milestone(reader, item, ("milestones", index))
        for index, item in enumerate(reader.sequence(top.get("milestones"), ("milestones",)))
    ]
    programme.targets = _targets(reader, top.get("targets", {}))
    programme.plans = _plans(reader, top.get("plans", {}))
    programme.narratives = [
        _narrative(reader, item, ("narratives", index))
        for index, item in enumerate(reader.sequence(top.get("narratives"), ("narratives",)))
    ]
    _check_references(reader, programme)
    reader.raise_if_problems()
    return programme


def _slug(reader: Reader, data: dict[str, Any], key: str, path: Path) -> str:
    value = reader.text(data, key, path)
    if value and not SLUG_RE.match(value):
        reader.fail((*path, key), f"“{value}”只能含字母、数字、- 和 _")
    return value


def _code(reader: Reader, data: dict[str, Any], key: str, path: Path) -> str:
    value = reader.text(data, key, path)
    if value and not CODE_RE.match(value):
        reader.fail((*path, key), f"“{value}”应以字母开头，只含字母、数字和 _")
    return value


def _unit_code(reader: Reader, value: Any, path: Path) -> str:
    if isinstance(value, int | str) and not isinstance(value, bool) and str(value).strip():
        return str(value).strip()
    reader.fail(path, "应为单位代码")
    return ""


def _bulletin(reader: Reader, value: Any) -> dict[str, str]:
    data = reader.mapping(value, ("bulletin",))
    reader.known_keys(data, ("bulletin",), BULLETIN_KEYS)
    return {key: reader.text(data, key, ("bulletin",), default="") for key in data}


DASHBOARD_KEYS = ("cards", "chart", "trend")
CARD_KEYS = ("label", "value", "of", "rate")
CHART_KEYS = ("indicator", "milestones")


def _dashboard(reader: Reader, value: Any) -> dict[str, Any]:
    data = reader.mapping(value, ("dashboard",))
    reader.known_keys(data, ("dashboard",), DASHBOARD_KEYS)
    result: dict[str, Any] = {}
    cards = [
        _card(reader, item, ("dashboard", "cards", index))
        for index, item in enumerate(reader.sequence(data.get("cards"), ("dashboard", "cards")))
    ]
    if cards:
        result["cards"] = cards
    if "chart" in data:
        path: Path = ("dashboard", "chart")
        chart = reader.mapping(data["chart"], path)
        reader.known_keys(chart, path, CHART_KEYS)
        result["chart"] = {
            "indicator": reader.text(chart, "indicator", path),
            "milestones": _string_list(reader, chart.get("milestones"), (*path, "milestones")),
        }
    if "trend" in data:
        result["trend"] = _string_list(reader, data["trend"], ("dashboard", "trend"))
    return result


def _card(reader: Reader, value: Any, path: Path) -> dict[str, str]:
    data = reader.mapping(value, path)
    reader.known_keys(data, path, CARD_KEYS)
    card = {"label": reader.text(data, "label", path), "value": reader.text(data, "value", path)}
    for key in ("of", "rate"):
        if key in data:
            card[key] = reader.text(data, key, path)
    return card


def _units(reader: Reader, value: Any, path: Path, parent: str | None, out: list[UnitDef]) -> None:
    data = reader.mapping(value, path)
    reader.known_keys(data, path, UNIT_KEYS)
    unit = UnitDef(
        code=_unit_code(reader, data.get("code"), (*path, "code")),
        name=reader.text(data, "name", path),
        kind=reader.choice(data, "kind", path, Unit.Kind.values),
        parent=parent,
        order=len([u for u in out if u.parent == parent]),
    )
    out.append(unit)
    for index, child in enumerate(reader.sequence(data.get("children"), (*path, "children"))):
        _units(reader, child, (*path, "children", index), unit.code, out)


def _element(reader: Reader, value: Any, path: Path) -> ElementDef:
    data = reader.mapping(value, path)
    reader.known_keys(data, path, ELEMENT_KEYS)
    role = reader.choice(data, "role", path, DataElement.Role.values)
    return ElementDef(
        code=_code(reader, data, "code", path),
        name=reader.text(data, "name", path),
        measure=reader.text(data, "measure", path),
        role=role,
        time=reader.choice(
            data,
            "time",
            path,
            DataElement.TimeAggregation.values,
            default=DataElement.TimeAggregation.STOCK if role == DataElement.Role.TARGET else None,
        ),
        places=reader.integer(data, "places", path, default=0, high=4),
        description=reader.text(data, "description", path, default=""),
        target=reader.text(data, "target", path, default=""),
        rules=[
            _rule(reader, item, (*path, "rules", index))
            for index, item in enumerate(reader.sequence(data.get("rules"), (*path, "rules")))
        ],
    )


def _rule(reader: Reader, value: Any, path: Path) -> dict[str, str]:
    data = reader.mapping(value, path)
    reader.known_keys(data, path, RULE_KEYS)
    rule = {"rule": reader.choice(data, "rule", path, RULE_KINDS)}
    if rule["rule"] == "at_most":
        rule["of"] = reader.text(data, "of", path)
    level = reader.choice(data, "level", path, ("error", "warning"), default="error")
    if level != "error":
        rule["level"] = level
    return rule


def _indicator(reader: Reader, value: Any, path: Path) -> IndicatorDef:
    data = reader.mapping(value, path)
    reader.known_keys(data, path, INDICATOR_KEYS)
    formula = reader.text(data, "formula", path)
    try:
        Formula.parse(formula)
    except FormulaError as error:
        reader.fail((*path, "formula"), f"公式“{formula}”有误：{error}")
    return IndicatorDef(
        code=_code(reader, data, "code", path),
        name=reader.text(data, "name", path),
        formula=formula,
        places=reader.integer(data, "places", path, default=2, high=6),
        measure=reader.text(data, "measure", path, default=""),
    )


def _string_list(reader: Reader, value: Any, path: Path) -> list[str]:
    items = reader.sequence(value, path)
    for index, item in enumerate(items):
        if not isinstance(item, str):
            reader.fail((*path, index), "应为文字")
    return [str(item) for item in items]


def _table(reader: Reader, value: Any, path: Path) -> TableDef:
    data = reader.mapping(value, path)
    reader.known_keys(data, path, TABLE_KEYS)
    keys = _string_list(reader, data.get("keys"), (*path, "keys"))
    tiebreak = _string_list(reader, data.get("tiebreak"), (*path, "tiebreak"))
    for name, items in (("keys", keys), ("tiebreak", tiebreak)):
        for index, item in enumerate(items):
            if not SORT_RE.match(item):
                reader.fail((*path, name, index), f"“{item}”应写作“代码 desc”或“代码 asc”")
    if not keys:
        reader.fail((*path, "keys"), "至少需要一个排序依据")
    columns = [
        _column(reader, item, (*path, "columns", index))
        for index, item in enumerate(reader.sequence(data.get("columns"), (*path, "columns")))
    ]
    if not columns:
        reader.fail((*path, "columns"), "至少需要一列")
    return TableDef(
        code=_slug(reader, data, "code", path),
        number=reader.integer(data, "number", path, low=1, high=99),
        title=reader.text(data, "title", path),
        unit_line=reader.text(data, "unit_line", path, default=""),
        show_period=reader.boolean(data, "show_period", path, default=True),
        keys=keys,
        tiebreak=tiebreak,
        eligible_if=reader.text(data, "eligible_if", path, default=""),
        include_if_any=_string_list(reader, data.get("include_if_any"), (*path, "include_if_any")),
        total_label=reader.text(data, "total_label", path, default="合  计"),
        unranked_note=reader.text(
            data, "unranked_note", path, default="{units}无下达任务，不参与排序。"
        ),
        columns=columns,
    )


def _column(reader: Reader, value: Any, path: Path) -> ColumnDef:
    data = reader.mapping(value, path)
    reader.known_keys(data, path, COLUMN_KEYS)
    kind = reader.choice(data, "kind", path, TableColumn.Kind.values)
    change = None
    if kind == TableColumn.Kind.CHANGE:
        change_data = reader.mapping(data.get("change"), (*path, "change"))
        reader.known_keys(change_data, (*path, "change"), CHANGE_KEYS)
        change = {key: str(item) for key, item in change_data.items()}
        for key in ("increase", "decrease"):
            if key not in change:
                reader.fail((*path, "change", key), "必须填写")
    places = data.get("places")
    return ColumnDef(
        key=_slug(reader, data, "key", path),
        kind=kind,
        header=reader.text(data, "header", path),
        source=reader.text(data, "source", path, default="")
        if kind != TableColumn.Kind.VALUE
        else reader.text(data, "source", path),
        places=None if places is None else reader.integer(data, "places", path, high=6),
        trim=reader.boolean(data, "trim", path, default=False),
        suffix=reader.text(data, "suffix", path, default=""),
        group=reader.text(data, "group", path, default=""),
        change=change,
    )


def _milestone(reader: Reader, value: Any, path: Path) -> MilestoneDef:
    data = reader.mapping(value, path)
    reader.known_keys(data, path, MILESTONE_KEYS)
    threshold = reader.number(data.get("threshold"), (*path, "threshold"))
    return MilestoneDef(
        code=_slug(reader, data, "code", path),
        label=reader.text(data, "label", path),
        target=reader.text(data, "target", path),
        actual=reader.text(data, "actual", path),
        threshold=threshold if threshold is not None else Decimal(0),
        due=reader.date(data, "due", path) or datetime.date.min,
        verb=reader.text(data, "verb", path, default="完成"),
        description=reader.text(data, "description", path, default=""),
    )


def _targets(reader: Reader, value: Any) -> dict[str, dict[str, Decimal]]:
    targets: dict[str, dict[str, Decimal]] = {}
    for unit, figures in reader.mapping(value, ("targets",)).items():
        path: Path = ("targets", unit)
        targets[unit] = {}
        for element, figure in reader.mapping(figures, path).items():
            number = reader.number(figure, (*path, element))
            if number is not None:
                targets[unit][element] = number
    return targets


def _plans(reader: Reader, value: Any) -> dict[str, dict[str, dict[int, Decimal]]]:
    plans: dict[str, dict[str, dict[int, Decimal]]] = {}
    for unit, elements in reader.mapping(value, ("plans",)).items():
        plans[unit] = {}
        for element, months in reader.mapping(elements, ("plans", unit)).items():
            path: Path = ("plans", unit, element)
            plans[unit][element] = {}
            for month, figure in reader.mapping(months, path).items():
                number = reader.number(figure, (*path, month))
                if not month.isdigit() or not 1 <= int(month) <= 12:
                    reader.fail((*path, month), "月份应为 1 到 12")
                elif number is not None:
                    plans[unit][element][int(month)] = number
    return plans


def _narrative(reader: Reader, value: Any, path: Path) -> NarrativeDef:
    data = reader.mapping(value, path)
    reader.known_keys(data, path, NARRATIVE_KEYS)
    kind = reader.choice(data, "kind", path, NarrativeTemplate.Kind.values, default="paragraph")
    chart = kind == NarrativeTemplate.Kind.CHART
    return NarrativeDef(
        code=_slug(reader, data, "code", path),
        kind=kind,
        level=reader.integer(data, "level", path, default=1, low=1, high=3),
        text=reader.text(data, "text", path, default="" if chart else None),
        indicator=reader.text(data, "indicator", path, default=None if chart else ""),
        milestones=_string_list(reader, data.get("milestones"), (*path, "milestones")),
    )


def _check_references(reader: Reader, programme: ProgrammeDef) -> None:
    """Cross-checks: every code a part of the file uses is declared exactly once."""
    elements = _unique(reader, "data_elements", [e.code for e in programme.elements])
    indicators = _unique(reader, "indicators", [i.code for i in programme.indicators])
    for code in elements & indicators:
        reader.fail(("indicators",), f"代码“{code}”已用作填报指标")
    _unique(reader, "units", [u.code for u in programme.units])
    _unique(reader, "tables", [t.code for t in programme.tables])
    _unique(reader, "milestones", [m.code for m in programme.milestones])
    known = elements | indicators
    for index, indicator in enumerate(programme.indicators):
        try:
            names = Formula.parse(indicator.formula).names
        except FormulaError:
            continue  # already reported
        for name in sorted(names - known):
            reader.fail(("indicators", index, "formula"), f"公式引用了未定义的代码“{name}”")
    for index, table in enumerate(programme.tables):
        _check_table(reader, ("tables", index), table, known, elements)
    roles = {e.code: e.role for e in programme.elements}
    for index, milestone in enumerate(programme.milestones):
        for key in ("target", "actual"):
            if getattr(milestone, key) not in elements:
                reader.fail(("milestones", index, key), "应为已定义的填报指标代码")
    _check_narratives(reader, programme, frozenset(known))
    _check_dashboard(reader, programme, known, indicators)
    for index, declared in enumerate(programme.elements):
        if declared.target and roles.get(declared.target) != DataElement.Role.TARGET:
            reader.fail(("data_elements", index, "target"), "应为类型为 target 的填报指标代码")
        for item, rule in enumerate(declared.rules):
            if "of" in rule and rule["of"] not in elements:
                reader.fail(
                    ("data_elements", index, "rules", item, "of"), "应为已定义的填报指标代码"
                )
    for unit, figures in programme.targets.items():
        for element in figures:
            if roles.get(element) != DataElement.Role.TARGET:
                reader.fail(("targets", unit, element), "应为类型为 target 的填报指标代码")


def _check_dashboard(
    reader: Reader, programme: ProgrammeDef, known: set[str], indicators: set[str]
) -> None:
    dashboard = programme.dashboard
    for index, card in enumerate(dashboard.get("cards", [])):
        for key in ("value", "of", "rate"):
            if card.get(key) and card[key] not in known:
                reader.fail(("dashboard", "cards", index, key), f"“{card[key]}”未定义")
    chart = dashboard.get("chart")
    if chart:
        if chart["indicator"] not in indicators:
            reader.fail(("dashboard", "chart", "indicator"), "应为已定义的计算指标代码")
        milestones = {m.code for m in programme.milestones}
        for index, code in enumerate(chart["milestones"]):
            if code not in milestones:
                reader.fail(("dashboard", "chart", "milestones", index), f"节点目标“{code}”未定义")
    for index, code in enumerate(dashboard.get("trend", [])):
        if code not in known:
            reader.fail(("dashboard", "trend", index), f"“{code}”未定义")


def _check_narratives(reader: Reader, programme: ProgrammeDef, known: frozenset[str]) -> None:
    _unique(reader, "narratives", [n.code for n in programme.narratives])
    indicators = {i.code for i in programme.indicators}
    milestones = {m.code for m in programme.milestones}
    for index, narrative in enumerate(programme.narratives):
        path: Path = ("narratives", index)
        try:
            check_template(narrative.text, known)
        except NarrativeError as error:
            reader.fail((*path, "text"), f"模板有误：{error}")
        if narrative.indicator and narrative.indicator not in indicators:
            reader.fail((*path, "indicator"), "应为已定义的计算指标代码")
        for item, code in enumerate(narrative.milestones):
            if code not in milestones:
                reader.fail((*path, "milestones", item), f"节点目标“{code}”未定义")


def _unique(reader: Reader, section: str, codes: list[str]) -> set[str]:
    seen: set[str] = set()
    for index, code in enumerate(codes):
        if code in seen:
            reader.fail((section, index), f"代码“{code}”重复")
        seen.add(code)
    return seen


def _check_table(
    reader: Reader, path: Path, table: TableDef, known: set[str], elements: set[str]
) -> None:
    for name in ("keys", "tiebreak"):
        for index, item in enumerate(getattr(table, name)):
            if item.split()[0] not in known:
                reader.fail((*path, name, index), f"排序依据“{item}”引用了未定义的代码")
    if table.eligible_if and table.eligible_if not in elements:
        reader.fail((*path, "eligible_if"), "应为已定义的填报指标代码")
    for index, code in enumerate(table.include_if_any):
        if code not in elements:
            reader.fail((*path, "include_if_any", index), "应为已定义的填报指标代码")
    _unique(reader, f"{path[0]}[{path[1]}].columns", [c.key for c in table.columns])
    for index, column in enumerate(table.columns):
        if column.source and column.source not in known:
            reader.fail((*path, "columns", index, "source"), f"“{column.source}”未定义")
        for code in (column.change or {}).values():
            if code not in elements and "{" not in code:
                reader.fail((*path, "columns", index, "change"), f"“{code}”未定义")


def read_figures(document: Document) -> FiguresDef:
    """Read a figures file: one month's reported values for several units."""
    reader = Reader(document)
    top = reader.mapping(document.data, ())
    reader.known_keys(top, (), ("anju", "programme", "period", "status", "reports"))
    if top.get("anju") != FIGURES_FORMAT:
        reader.fail(("anju",), f"文件类型应为 {FIGURES_FORMAT}")
        reader.raise_if_problems()
    period = str(top.get("period", ""))
    match = re.fullmatch(r"(\d{4})-(\d{2})", period)
    if not match or not 1 <= int(match.group(2)) <= 12:
        reader.fail(("period",), f"“{period}”应为月份，格式 YYYY-MM")
    figures = FiguresDef(
        programme=reader.text(top, "programme", ()),
        year=int(match.group(1)) if match else 0,
        month=int(match.group(2)) if match else 0,
        status=reader.choice(
            top, "status", (), ("draft", "submitted", "approved"), default="draft"
        ),
        reports={},
        lines={},
    )
    for unit, values in reader.mapping(top.get("reports"), ("reports",)).items():
        figures.reports[unit] = {}
        for element, value in reader.mapping(values, ("reports", unit)).items():
            number = reader.number(value, ("reports", unit, element))
            figures.lines[(unit, element)] = document.problem(("reports", unit, element), "")
            if number is not None:
                figures.reports[unit][element] = number
    reader.raise_if_problems()
    return figures
