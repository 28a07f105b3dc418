"""Cross-checks of a programme: every code a part of the file uses is declared, once.

Run on a programme whose parts are each well formed; each problem is the path of the field
it concerns and the message the user reads.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from anju.engine.change import CHANGE
from anju.engine.formula import Formula, FormulaError
from anju.engine.narrative import NarrativeError, check_template
from anju.engine.plans import PlanElement, plan_codes, plan_problems
from anju.engine.values import NA
from anju.programmes.models import DataElement
from anju.programmes.spec.base import Loc
from anju.programmes.spec.derived import derived_problems, score_codes
from anju.programmes.spec.programme import ProgrammeSpec
from anju.programmes.spec.tables import TableSpec
from anju.programmes.spec.totals import table_total_problems
from anju.programmes.spec.units import UnitSpec

Problem = tuple[Loc, str]
NOT_AN_ELEMENT = "应为已定义的填报指标代码"
NOT_A_TARGET = "应为类型为 target 的填报指标代码"
NOT_AN_INDICATOR = "应为已定义的计算指标代码"
# A programme file gives no reason: a goal above the target comes in a plans file with one.
IN_A_FORM = "请在说明中写明理由"
IN_A_FILE = "请改用 plans/1 文件导入并在 reason 中写明理由"


class Codes:
    """The codes the programme declares, by kind."""

    def __init__(self, spec: ProgrammeSpec) -> None:
        self.elements = {e.code for e in spec.data_elements}
        self.indicators = {i.code for i in spec.indicators}
        self.known = self.elements | self.indicators
        self.scores = score_codes(spec)  # composite scores: in tables and prose, as indicators
        # What a table may show or rank by: a figure, or its change since last month.
        self.shown = (self.known | self.scores) | {CHANGE + code for code in self.known}
        self.targets = {e.code for e in spec.data_elements if e.role == DataElement.Role.TARGET}
        self.milestones = {m.code for m in spec.milestones}
        # A planned element lends the tables its goal, gap and 完成月计划% (engine.plans).
        self.planned = {e.code for e in spec.data_elements if e.plan} | {
            element for figures in spec.plans.values() for element in figures
        }
        self.derived = {code: e for e in sorted(self.planned) for code in plan_codes(e)}
        self.in_tables = self.shown | set(self.derived)  # columns and ranking keys only


def programme_problems(spec: ProgrammeSpec) -> list[Problem]:
    codes = Codes(spec)
    return [
        *_duplicates(spec),
        *_formulas(spec, codes),
        *_elements(spec, codes),
        *(
            problem
            for index, table in enumerate(spec.tables)
            for problem in _table(("tables", index), table, codes)
        ),
        *_milestones(spec, codes),
        *_narratives(spec, codes),
        *_dashboard(spec, codes),
        *_targets(spec, codes),
        *table_total_problems(spec),
        *derived_problems(spec),
    ]


def _unique(section: Loc, codes: Sequence[str]) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, code in enumerate(codes):
        if code in seen:
            yield (*section, index), f"代码“{code}”重复"
        seen.add(code)


def _duplicates(spec: ProgrammeSpec) -> Iterator[Problem]:
    yield from _unique(("data_elements",), [e.code for e in spec.data_elements])
    yield from _unique(("indicators",), [i.code for i in spec.indicators])
    elements = {e.code for e in spec.data_elements}
    for index, indicator in enumerate(spec.indicators):
        if indicator.code in elements:
            yield ("indicators", index, "code"), f"代码“{indicator.code}”已用作填报指标"
    yield from _plan_codes_free(spec)
    seen: set[str] = set()
    for loc, code in _unit_codes(spec.units, ("units",)):
        if code in seen:
            yield loc, f"代码“{code}”重复"
        seen.add(code)
    yield from _unique(("tables",), [t.code for t in spec.tables])
    yield from _unique(("milestones",), [m.code for m in spec.milestones])
    yield from _unique(("narratives",), [n.code for n in spec.narratives])


def _plan_codes_free(spec: ProgrammeSpec) -> Iterator[Problem]:
    derived = Codes(spec).derived
    sections = (
        ("data_elements", [e.code for e in spec.data_elements]),
        ("indicators", [i.code for i in spec.indicators]),
    )
    for section, codes in sections:
        for index, code in enumerate(codes):
            if code in derived:
                yield (
                    (section, index, "code"),
                    (f"代码“{code}”与按月计划“{derived[code]}”派生的代码重复，请换一个"),
                )


def _unit_codes(units: Sequence[UnitSpec], path: Loc) -> Iterator[tuple[Loc, str]]:
    for index, unit in enumerate(units):
        yield (*path, index, "code"), unit.code
        yield from _unit_codes(unit.children, (*path, index, "children"))


def _formulas(spec: ProgrammeSpec, codes: Codes) -> Iterator[Problem]:
    for index, indicator in enumerate(spec.indicators):
        try:
            names = Formula.parse(indicator.formula).names
        except FormulaError as error:
            yield ("indicators", index, "formula"), f"公式“{indicator.formula}”有误：{error}"
            continue
        for name in sorted(names - codes.known):
            yield ("indicators", index, "formula"), f"公式引用了未定义的代码“{name}”"


def _elements(spec: ProgrammeSpec, codes: Codes) -> Iterator[Problem]:
    for index, element in enumerate(spec.data_elements):
        if element.target is not None and element.target not in codes.targets:
            yield ("data_elements", index, "target"), NOT_A_TARGET
        for item, rule in enumerate(element.rules):
            if rule.of is not None and rule.of not in codes.elements:
                yield ("data_elements", index, "rules", item, "of"), NOT_AN_ELEMENT


def _table(path: Loc, table: TableSpec, codes: Codes) -> Iterator[Problem]:
    for name, keys in (("keys", table.keys), ("tiebreak", table.tiebreak)):
        for index, key in enumerate(keys):
            if key.split()[0] not in codes.in_tables:
                yield (*path, name, index), f"排序依据“{key}”引用了未定义的代码"
    if table.eligible_if is not None and table.eligible_if not in codes.elements:
        yield (*path, "eligible_if"), NOT_AN_ELEMENT
    for index, code in enumerate(table.include_if_any):
        if code not in codes.elements:
            yield (*path, "include_if_any", index), NOT_AN_ELEMENT
    yield from _unique((*path, "columns"), [c.key for c in table.columns])
    for index, column in enumerate(table.columns):
        if column.source is not None and column.source not in codes.in_tables | _own(table):
            yield (*path, "columns", index, "source"), f"“{column.source}”未定义"
        if column.change is not None:
            for key in ("increase", "decrease"):
                code = getattr(column.change, key)
                if code not in codes.elements and "{" not in code:
                    yield (*path, "columns", index, "change", key), f"“{code}”未定义"


def _own(table: TableSpec) -> set[str]:
    # A table of categories shows the names its categories give (spec.derived checks them).
    return {column.source or "" for column in table.columns} if table.categories else set()


def _milestones(spec: ProgrammeSpec, codes: Codes) -> Iterator[Problem]:
    for index, milestone in enumerate(spec.milestones):
        for key in ("target", "actual"):
            if getattr(milestone, key) not in codes.elements:
                yield ("milestones", index, key), NOT_AN_ELEMENT


def _narratives(spec: ProgrammeSpec, codes: Codes) -> Iterator[Problem]:
    for index, narrative in enumerate(spec.narratives):
        path: Loc = ("narratives", index)
        try:
            known = frozenset(codes.known | codes.scores)
            check_template(narrative.text, known, frozenset(codes.milestones))
        except NarrativeError as error:
            yield (*path, "text"), f"模板有误：{error}"
        if narrative.indicator is not None and narrative.indicator not in codes.indicators:
            yield (*path, "indicator"), NOT_AN_INDICATOR
        for item, code in enumerate(narrative.milestones):
            if code not in codes.milestones:
                yield (*path, "milestones", item), f"节点目标“{code}”未定义"


def _dashboard(spec: ProgrammeSpec, codes: Codes) -> Iterator[Problem]:
    dashboard = spec.dashboard
    for index, card in enumerate(dashboard.cards):
        for key in ("value", "of", "rate"):
            code = getattr(card, key)
            if code is not None and code not in codes.known:
                yield ("dashboard", "cards", index, key), f"“{code}”未定义"
    if dashboard.chart is not None:
        if dashboard.chart.indicator not in codes.indicators:
            yield ("dashboard", "chart", "indicator"), NOT_AN_INDICATOR
        for index, code in enumerate(dashboard.chart.milestones):
            if code not in codes.milestones:
                yield ("dashboard", "chart", "milestones", index), f"节点目标“{code}”未定义"
    for index, code in enumerate(dashboard.trend):
        if code not in codes.known:
            yield ("dashboard", "trend", index), f"“{code}”未定义"


def _targets(spec: ProgrammeSpec, codes: Codes) -> Iterator[Problem]:
    for unit, figures in spec.targets.items():
        for element in figures:
            if element not in codes.targets:
                yield ("targets", unit, element), NOT_A_TARGET
    yield from _plans(spec, codes)


def _plans(spec: ProgrammeSpec, codes: Codes) -> Iterator[Problem]:
    """Each unit's goals as anju.plans checks a new version: at the figure's places, not
    falling for a cumulative figure, within the unit's target (a file gives no reason)."""
    elements = {e.code: e for e in spec.data_elements}
    for unit, plans in spec.plans.items():
        for code, months in plans.items():
            element = elements.get(code)
            if element is None:
                yield ("plans", unit, code), NOT_AN_ELEMENT
                continue
            planned = PlanElement(
                code=code,
                name=element.name,
                places=element.places,
                cumulative=element.time == DataElement.TimeAggregation.CUMULATIVE,
                measure=element.measure,
            )
            target = spec.targets.get(unit, {}).get(element.target or "", NA)
            for month, message in plan_problems(planned, months, target=target):
                yield ("plans", unit, code, month), message.replace(IN_A_FORM, IN_A_FILE)
