"""Data elements (the figures units report and the targets handed down) and indicators
(formulas over them)."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import model_validator

from anju.engine.validation import RULE_KINDS
from anju.programmes.models import DataElement
from anju.programmes.spec.base import Spec, refuse
from anju.programmes.spec.fields import (
    Code,
    Day,
    Flag,
    Places4,
    Places6,
    Scale,
    Text,
    one_of,
    one_of_schema,
)

ROLES = DataElement.Role.values
TIMES = DataElement.TimeAggregation.values
LEVELS = ("error", "warning")

Role = Annotated[str, one_of(ROLES), one_of_schema(ROLES)]
Time = Annotated[str, one_of(TIMES), one_of_schema(TIMES)]
RuleKind = Annotated[str, one_of(RULE_KINDS), one_of_schema(RULE_KINDS)]
Level = Annotated[str, one_of(LEVELS), one_of_schema(LEVELS)]

# What a unit's figure may be summed from (``from_projects``): a monthly flow of its projects,
# summed over the programme year's months so far, or a 公租房 estate's present state.
PROJECT_FLOWS = ("started", "basic", "completed", "invested")
PROJECT_STOCKS = ("flats", "allocated", "occupied")
PROJECT_KINDS = ("pg", "gzf", "wfg", "old", "other")  # anju.projects.models.Project.Kind
ProjectFigure = Annotated[
    str,
    one_of(PROJECT_FLOWS + PROJECT_STOCKS),
    one_of_schema(PROJECT_FLOWS + PROJECT_STOCKS),
]
ProjectKind = Annotated[str, one_of(PROJECT_KINDS), one_of_schema(PROJECT_KINDS)]


class RuleSpec(Spec):
    """A check on entry: not below last month, at most another figure, required."""

    rule: RuleKind
    of: Text | None = None  # the figure an at_most rule compares with
    level: Level = "error"  # a warning only asks for an explanation

    @model_validator(mode="after")
    def _of_for_at_most(self) -> RuleSpec:
        if self.rule == "at_most" and self.of is None:
            refuse("RuleSpec", [(("of",), "必须填写")])
        return self


class ProjectsSpec(Spec):
    """Which of a unit's projects a figure summed from projects counts: of a kind, completed
    by a day, or after one (a project's 竣工 date, else the end of its 建成年度)."""

    kind: ProjectKind | None = None
    completed_by: Day | None = None
    completed_after: Day | None = None


class ElementSpec(Spec):
    stored_as: ClassVar[str] = "programmes.DataElement"
    code: Code
    name: Text
    measure: Text
    role: Role
    time: Time  # a target is a stock unless it says otherwise
    places: Places4 = 0
    description: Text = ""
    target: Text | None = None  # the target this figure counts toward
    rules: list[RuleSpec] = []
    plan: Flag = False  # units set monthly goals (月工作目标) for it: see anju.plans
    from_projects: ProjectFigure | None = None  # the unit's figure summed from its projects
    projects: ProjectsSpec | None = None  # which projects count (only with from_projects)
    entered_in: Scale | None = None  # 万: 1.39 in a figures file or a target means 13900

    @model_validator(mode="after")
    def _cohort_of_projects(self) -> ElementSpec:
        if self.projects is not None and self.from_projects is None:
            refuse("ElementSpec", [(("projects",), "只能与 from_projects 一起使用")])
        if self.entered_in is not None and self.from_projects is not None:
            refuse(
                "ElementSpec",
                [(("entered_in",), "由项目汇总的数据不录入，entered_in 不起作用；请删去这一行")],
            )
        return self

    def projects_form(self) -> dict[str, str]:
        """How the element is stored: {} for an entered figure, else the flow and cohort."""
        if self.from_projects is None:
            return {}
        which = self.projects.file_form() if self.projects else {}
        return {"flow": self.from_projects, **{k: str(v) for k, v in which.items()}}

    @model_validator(mode="before")
    @classmethod
    def _targets_are_stocks(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("role") == "target" and not data.get("time"):
            return {**data, "time": DataElement.TimeAggregation.STOCK.value}
        return data

    def quiet_fields(self) -> set[str]:
        quiet = super().quiet_fields()
        if self.role == DataElement.Role.TARGET and self.time == DataElement.TimeAggregation.STOCK:
            quiet.add("time")
        return quiet


class IndicatorSpec(Spec):
    stored_as: ClassVar[str] = "programmes.Indicator"
    always_written: ClassVar[frozenset[str]] = frozenset({"places"})

    code: Code
    name: Text
    formula: Text  # parsed with the cross-checks, which know the codes it may name
    places: Places6 = 2
    measure: Text = ""
