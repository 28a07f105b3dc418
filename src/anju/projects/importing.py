"""The projects file (``anju: projects/1``): a programme's projects and their months, loaded
with ``anju import`` through the same services as the pages; all of it or, on any problem,
none, each problem named by file, line and field.

    anju: projects/1
    programme: projects-2017
    projects:
    - code: jx-pg-1
      unit: '999901'
      name: 城北片区棚改
      kind: pg            # pg 棚户区改造, gzf 公租房, wfg, old, other
      method: new         # new 新建, money 货币化安置, rebuild, purchase, lease
      task_year: 2017
      planned_units: 300
      months:             # 本期 flows by month; 本期末 is summed, never written
        2017-05: {started: 120, invested: 800, node: 基础施工}
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, TypeVar

from django.contrib.auth.models import User
from django.db import transaction
from pydantic import AfterValidator, ValidationError

from anju.errors import InvalidInput
from anju.periodkey import PERIOD_REGEX
from anju.programmes.models import Programme, Unit
from anju.programmes.spec.base import ERROR_TYPE, Spec, fail
from anju.programmes.spec.elements import PROJECT_FLOWS, PROJECT_KINDS
from anju.programmes.spec.fields import Day, Number, Slug, Text, UnitCode, one_of, one_of_schema
from anju.programmes.yamlio import Document, read_yaml
from anju.projects.models import Project
from anju.projects.services import project_create, project_month_save, project_update
from anju.reporting.services import period_open

PROJECTS_FORMAT = "projects/1"
S = TypeVar("S", bound=Spec)
METHODS = tuple(Project.Method.values)
STATUSES = tuple(Project.Status.values)
MESSAGES = {
    "missing": "必须填写",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "string_type": "应为文字",
    "list_type": "应为列表",
    "dict_type": "应为键值对（mapping）",
    "model_type": "应为键值对（mapping）",
    "extra_forbidden": "未知字段",
}


def _month(value: str) -> str:
    if re.fullmatch(PERIOD_REGEX, value) is None:
        fail(f"“{value}”应为月份，格式 YYYY-MM")
    return value


def _not_negative(value: Decimal) -> Decimal:
    if value < 0:
        fail("不能为负数")
    return value


Flow = Annotated[Number, AfterValidator(_not_negative)]
MonthKey = Annotated[str, AfterValidator(_month)]


class MonthSpec(Spec):
    started: Flow = Decimal(0)
    basic: Flow = Decimal(0)
    completed: Flow = Decimal(0)
    invested: Flow = Decimal(0)
    node: Text = ""


class ProjectSpec(Spec):
    code: Slug
    unit: UnitCode
    name: Text
    kind: Annotated[str, one_of(PROJECT_KINDS), one_of_schema(PROJECT_KINDS)]
    method: Annotated[str, one_of(METHODS), one_of_schema(METHODS)]
    address: Text = ""
    latitude: Number | None = None
    longitude: Number | None = None
    task_year: int
    planned_units: int = 0
    area: Number | None = None
    investment: Number | None = None
    builder: Text = ""
    started_on: Day | None = None
    basic_on: Day | None = None
    completed_on: Day | None = None
    status: Annotated[str, one_of(STATUSES), one_of_schema(STATUSES)] = "planned"
    completion_year: int | None = None
    flats: int | None = None
    allocated: int | None = None
    occupied: int | None = None
    months: dict[MonthKey, MonthSpec] = {}


class ProjectsFileSpec(Spec):
    programme: Text
    projects: list[ProjectSpec]


def read_spec(document: Document, kind: str, spec: type[S]) -> S:
    """A file of format ``kind`` read as ``spec``: every problem named by line and field."""
    data = document.data
    if not isinstance(data, dict) or data.get("anju") != kind:
        raise InvalidInput([document.problem(("anju",), f"文件类型应为 {kind}")])
    try:
        return spec.model_validate({k: v for k, v in data.items() if k != "anju"})
    except ValidationError as error:
        problems = []
        for detail in error.errors():
            loc = tuple(part for part in detail["loc"] if part != "[key]")
            code = detail["type"]
            message = detail["msg"] if code == ERROR_TYPE else MESSAGES.get(code, detail["msg"])
            problems.append((document.line(loc), document.problem(loc, message)))
        raise InvalidInput([text for _, text in sorted(problems)]) from None


def read_projects(document: Document) -> ProjectsFileSpec:
    return read_spec(document, PROJECTS_FORMAT, ProjectsFileSpec)


def projects_import_file(*, path: Path, user: User | None = None) -> list[Project]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput([f"{path}: 无法读取文件（{error}）"]) from error
    document = read_yaml(text, str(path))
    return projects_import(spec=read_projects(document), document=document, user=user)


@transaction.atomic
def projects_import(
    *, spec: ProjectsFileSpec, document: Document, user: User | None = None
) -> list[Project]:
    """Register (or change) every project and store its months, oldest month first."""
    programme = Programme.objects.filter(code=spec.programme).select_related("scope").first()
    if programme is None:
        raise InvalidInput([f"计划“{spec.programme}”不存在，请先导入计划定义文件"])
    units = Unit.objects.in_bulk([p.unit for p in spec.projects], field_name="code")
    missing = [
        document.problem(("projects", i, "unit"), f"单位代码“{p.unit}”不存在")
        for i, p in enumerate(spec.projects)
        if p.unit not in units
    ]
    if missing:
        raise InvalidInput(missing)
    projects: list[tuple[Project, ProjectSpec]] = []
    for index, item in enumerate(spec.projects):
        data: dict[str, Any] = item.model_dump(exclude={"code", "unit", "months"})
        existing = Project.objects.filter(programme=programme, code=item.code).first()
        try:
            if existing is None:
                project = project_create(
                    programme=programme,
                    unit=units[item.unit],
                    code=item.code,
                    data=data,
                    user=user,
                    channel="import",
                )
            else:
                project = project_update(project=existing, data=data, user=user, channel="import")
        except InvalidInput as error:
            where = document.problem(("projects", index), "")
            raise InvalidInput([f"{where}{problem}" for problem in error.problems]) from None
        projects.append((project, item))
    entries = sorted(
        (
            (key, index, project, month)
            for index, (project, item) in enumerate(projects)
            for key, month in item.months.items()
        ),
        key=lambda entry: (entry[0], entry[1]),
    )
    for key, index, project, month in entries:
        if int(key[:4]) != programme.year:
            raise InvalidInput(
                [
                    document.problem(
                        ("projects", index, "months", key), f"不在计划年度 {programme.year}"
                    )
                ]
            )
        period = period_open(programme=programme, month=int(key[5:]))
        try:
            project_month_save(
                project=project,
                period=period,
                flows={n: getattr(month, n) for n in PROJECT_FLOWS},
                node=month.node,
                user=user,
                channel="import",
            )
        except InvalidInput as error:
            where = document.problem(("projects", index, "months", key), "")
            raise InvalidInput([f"{where}{problem}" for problem in error.problems]) from None
    return [project for project, _ in projects]
