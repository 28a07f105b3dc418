"""Cross-checks of composite scores and of tables by category: every code they name is
declared, and the codes they add (a score, a part, a category table's rate) are new."""

from __future__ import annotations

from collections.abc import Iterator

from anju.engine.formula import Formula, FormulaError
from anju.programmes.spec.base import Loc
from anju.programmes.spec.programme import ProgrammeSpec
from anju.programmes.spec.tables import TableSpec

Problem = tuple[Loc, str]
IN_USE = "代码“{code}”已用作填报指标或计算指标，请换一个"


def score_codes(spec: ProgrammeSpec) -> set[str]:
    """The codes scores add: each part's score and each total."""
    return {code for score in spec.scores for code in (score.code, *(p.code for p in score.parts))}


def derived_problems(spec: ProgrammeSpec) -> Iterator[Problem]:
    elements = {e.code for e in spec.data_elements}
    known = elements | {i.code for i in spec.indicators}
    seen: set[str] = set()
    for index, score in enumerate(spec.scores):
        path: Loc = ("scores", index)
        for loc, code in [
            ((*path, "code"), score.code),
            *(((*path, "parts", n, "code"), p.code) for n, p in enumerate(score.parts)),
        ]:
            if code in known:
                yield loc, IN_USE.format(code=code)
            elif code in seen:
                yield loc, f"代码“{code}”重复"
            seen.add(code)
        for number, part in enumerate(score.parts):
            for key in ("actual", "target"):
                if getattr(part, key) not in known:
                    yield (*path, "parts", number, key), "应为已定义的填报指标或计算指标代码"
    for index, table in enumerate(spec.tables):
        if table.categories:
            yield from _category_table(("tables", index), table, elements)


def _category_table(path: Loc, table: TableSpec, elements: set[str]) -> Iterator[Problem]:
    names: set[str] = set()
    for index, category in enumerate(table.categories):
        names.update(category.figures)
        for name, code in category.figures.items():
            if code not in elements:
                yield (*path, "categories", index, "figures", name), "应为已定义的填报指标代码"
    rates = {rate.code for rate in table.rates}
    for index, rate in enumerate(table.rates):
        where: Loc = (*path, "rates", index)
        if rate.code in names:
            yield (*where, "code"), f"代码“{rate.code}”已是类别的数据名称，请换一个"
        try:
            used = Formula.parse(rate.formula).names
        except FormulaError as error:
            yield (*where, "formula"), f"公式“{rate.formula}”有误：{error}"
            continue
        for name in sorted(used - names - rates):
            yield (*where, "formula"), f"公式引用了类别中没有的名称“{name}”"
    shown = names | rates
    for index, column in enumerate(table.columns):
        if column.source is not None and column.source not in shown:
            yield (
                (*path, "columns", index, "source"),
                f"“{column.source}”应为类别 figures 中的名称或本表 rates 的代码",
            )
