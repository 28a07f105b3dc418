"""``anju import`` of a plans file (``anju: plans/1``): each unit's goals become a new version
of its plan, set by the office (the operator of the command) and so in force at once. All or
nothing; every problem named ``file:line: plans.UNIT.ELEMENT.MONTH: message``."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from anju.errors import InvalidInput
from anju.plans.entry import plan_input
from anju.plans.models import PlanVersion
from anju.plans.services import check_plan, field_name, store_plan
from anju.programmes.definition import read_plans
from anju.programmes.models import Programme, Unit
from anju.programmes.yamlio import Document, read_yaml


def _located(
    document: Document, unit: str, raw: dict[str, dict[str, str]], error: InvalidInput
) -> list[str]:
    where = {
        field_name(code, int(month)): ("plans", unit, code, month)
        for code, months in raw.items()
        for month in months
        if month.strip().isdigit()
    }
    by_message = {
        message: where.get(name, ("plans", unit)) for name, message in error.fields.items()
    }
    return [
        document.problem(by_message.get(problem, ("plans", unit)), problem)
        for problem in error.problems
    ]


@transaction.atomic
def plans_import_file(*, path: Path) -> list[PlanVersion]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput([f"{path}: 无法读取文件（{error}）"]) from error
    document = read_yaml(text, str(path), as_text=True)
    spec = read_plans(document)
    programme = Programme.objects.filter(code=spec.programme).first()
    if programme is None:
        raise InvalidInput(
            [
                document.problem(
                    ("programme",), f"计划“{spec.programme}”不存在，请先导入计划定义文件"
                )
            ]
        )
    units = Unit.objects.in_bulk(list(spec.plans), field_name="code")
    problems = [
        document.problem(("plans", code), f"单位代码“{code}”不存在")
        for code in spec.plans
        if code not in units
    ]
    scope = programme.scope
    outside = [unit for unit in units.values() if not unit.path.startswith(scope.path)]
    problems += [
        document.problem(("plans", unit.code), f"{unit.name}不在{scope.name}的计划范围内")
        for unit in outside
    ]
    checked = {}
    for code, raw in spec.plans.items():
        if code not in units or units[code] in outside:
            continue
        try:
            figures = plan_input(programme, raw)
            checked[code] = check_plan(programme, units[code], figures, spec.reason)
        except InvalidInput as error:
            problems.extend(_located(document, code, raw, error))
    if problems:
        raise InvalidInput(problems)
    return [
        store_plan(
            programme=programme,
            unit=units[code],
            figures=figures,
            reason=spec.reason,
            channel=PlanVersion.Channel.FILE,
            user=None,
            approved=True,
        )
        for code, figures in checked.items()
    ]
