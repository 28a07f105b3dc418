"""The bulletin's attachment tables: which units appear, how they rank, and their columns."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, Field, model_validator

from anju.engine.tables import ChangeFormat
from anju.programmes.models import TableColumn, Unit
from anju.programmes.spec.base import Loc, Spec, fail, refuse
from anju.programmes.spec.categories import (
    CATEGORY_ONLY,
    NOT_FOR_CATEGORIES,
    UNORDERED,
    CategorySpec,
)
from anju.programmes.spec.elements import IndicatorSpec
from anju.programmes.spec.fields import (
    Flag,
    Number,
    Places6,
    Scale,
    Slug,
    SortKey,
    Text,
    one_of,
    one_of_schema,
    whole,
)

KINDS = TableColumn.Kind.values
UNIT_KINDS = Unit.Kind.values
UnitKind = Annotated[str, one_of(UNIT_KINDS), one_of_schema(UNIT_KINDS)]
ColumnKind = Annotated[str, one_of(KINDS), one_of_schema(KINDS)]
TableNumber = Annotated[int, Field(ge=1, le=99), whole(1, 99)]
_CHANGE = ChangeFormat(increase="", decrease="")  # the engine's wording, the file's defaults
TOTAL_LABEL = "合  计"
TABLE_TOTALS = ("sum", "stated", "none")
RANKINGS, NUMBERINGS, RANK_ON = ("rank", "none"), ("shared", "sequence"), ("printed", "exact")
Ranking = Annotated[str, one_of(RANKINGS), one_of_schema(RANKINGS)]
Numbering = Annotated[str, one_of(NUMBERINGS), one_of_schema(NUMBERINGS)]
RankOn = Annotated[str, one_of(RANK_ON), one_of_schema(RANK_ON)]
# The keys of a table that say how it ranks: stored together (ReportTable.rank_rules).
RANK_RULES = ("ranking", "numbering", "rank_on", "bands")
UNRANKED_ONLY = ("keys", "tiebreak", "eligible_if", *RANK_RULES[1:])
TableTotal = Annotated[str, one_of(TABLE_TOTALS), one_of_schema(TABLE_TOTALS)]
# Options that mean something only for some kinds of column (strict: elsewhere an error).
# The column kinds each option acts on; written on another kind it is refused (spec/strict.py).
KIND_OPTIONS: dict[str, tuple[str, ...]] = {
    "source": ("value",),
    "places": ("value",),
    "trim": ("value",),
    "suffix": ("value",),
    "scale": ("value",),
    "text_if": ("value",),
    "blank": ("value",),
    "unpublished": ("value",),
    "change": ("change",),
    "total": ("value", "change"),
}
UNRANKED_NOTE = "{units}无下达任务，不参与排序。"


def _some_columns(columns: list[ColumnSpec]) -> list[ColumnSpec]:
    if not columns:
        fail("至少需要一列")
    return columns


class ChangeSpec(Spec):
    """A column combining an increase and a decrease: "新增40套退出95套", "净增19套"."""

    increase: Text  # element codes, or a fixed text with a {placeholder}
    decrease: Text
    increase_text: Text = _CHANGE.increase_text
    decrease_text: Text = _CHANGE.decrease_text
    zero_text: Text = _CHANGE.zero_text
    net_positive: Text = _CHANGE.net_positive
    net_negative: Text = _CHANGE.net_negative


class TextIfSpec(Spec):
    """Words printed instead of the figure when it meets a condition: ≥ 100 → 全部开工."""

    at_least: Number | None = None
    below: Number | None = None
    text: Text

    @model_validator(mode="after")
    def _some_condition(self) -> TextIfSpec:
        if self.at_least is None and self.below is None:
            refuse("TextIfSpec", [(("at_least",), "at_least 和 below 至少写一个")])
        return self


class ColumnSpec(Spec):
    stored_as: ClassVar[str] = "programmes.TableColumn"
    key: Slug
    kind: ColumnKind
    header: Text
    source: Text | None = None  # the element or indicator a value column shows
    places: Places6 | None = None
    trim: Flag = False
    suffix: Text = ""
    scale: Scale | None = None  # printed in 万 or 亿, at the column's places: 1.39 for 13900
    group: Text | None = None  # consecutive columns sharing a group get one spanning header
    change: ChangeSpec | None = None
    # The total row's cell: none (blank), sum, or an indicator's code (that rate of the
    # total's figures); left out, a figure is summed and an indicator recomputed on the sums.
    total: Text | None = None
    text_if: list[TextIfSpec] = []  # the first condition met prints its words
    blank: Text = ""  # printed where there is no figure: — for not applicable
    unpublished: Text = "暂未公布"  # printed for a figure a unit has not published

    @model_validator(mode="after")
    def _what_the_kind_needs(self) -> ColumnSpec:
        missing: list[tuple[Loc, str]] = []
        if self.scale is not None and self.places is None and self.kind == "value":
            missing.append((("places",), f"以{self.scale}为单位的列须写明保留的小数位数"))
        if self.kind == TableColumn.Kind.CHANGE and self.total not in (None, "none"):
            missing.append((("total",), "增减说明列的合计只能是 none（不显示）"))
        if self.kind == TableColumn.Kind.VALUE and self.source is None:
            missing.append((("source",), "必须填写"))
        if self.kind == TableColumn.Kind.CHANGE and self.change is None:
            missing.append((("change",), "必须填写"))
        refuse("ColumnSpec", missing)
        return self


class TableSpec(Spec):
    stored_as: ClassVar[str] = "programmes.ReportTable"
    code: Slug
    number: TableNumber
    title: Text  # line breaks ("\n") kept as written: where the printed title breaks
    unit_line: Text = ""
    show_period: Flag = True
    keys: list[SortKey] = []
    tiebreak: list[SortKey] = []  # display order among equals; never a shared rank
    eligible_if: Text | None = None  # only units with this figure are ranked
    include_if_any: list[Text] = []  # units with none of these figures are left out
    ranking: Ranking = "rank"  # none: the units in their declared order, no ranks
    numbering: Numbering = "shared"  # sequence: 序号 1..n as printed, ties ordered
    rank_on: RankOn = "printed"  # exact: on the unrounded indicators
    bands: list[TextIfSpec] = []  # the rank column prints the band of the first key
    unit_kinds: list[UnitKind] = []  # only units of these kinds (县 apart from 区): ranked apart
    total: TableTotal = "sum"  # stated: the scope's own targets and figures; none: no row
    total_label: Text = TOTAL_LABEL  # '' leaves the total row's name blank
    unranked_note: Text = UNRANKED_NOTE
    # Rows by programme type instead of by unit, with rates over the names they give.
    categories: list[CategorySpec] = []
    rates: list[IndicatorSpec] = []
    columns: Annotated[list[ColumnSpec], AfterValidator(_some_columns)]

    @model_validator(mode="before")
    @classmethod
    def _blank_is_absent(cls, data: Any) -> Any:
        # As for every part, except that ``total_label: ''`` is a blank name, not the default.
        if not isinstance(data, dict):
            return data
        return {
            key: value
            for key, value in data.items()
            if value is not None and (value != "" or key == "total_label")
        }

    @model_validator(mode="after")
    def _total_and_ranking_options(self) -> TableSpec:
        problems: list[tuple[Loc, str]] = []
        if self.total == "none" and "total_label" in self.model_fields_set:
            problems.append((("total_label",), "total: none 的表没有合计行，请删去"))
        ranks = [i for i, column in enumerate(self.columns) if column.kind == "rank"]
        fields = type(self).model_fields
        said = [key for key in fields if getattr(self, key) != fields[key].default]
        if self.categories:
            unordered = [*UNRANKED_ONLY, *NOT_FOR_CATEGORIES]
            problems += [((key,), UNORDERED) for key in said if key in unordered]
            problems += [(("columns", i, "kind"), UNORDERED) for i in ranks]
            if self.total == "stated":
                problems.append((("total",), "按类别列出的表的合计为各类别之和，可写 sum 或 none"))
        elif self.ranking == "none":
            problems += [
                ((key,), "ranking: none 的表不排序，请删去") for key in said if key in UNRANKED_ONLY
            ]
            problems += [(("columns", i, "kind"), "ranking: none 的表没有排序列") for i in ranks]
        elif not self.keys:
            problems.append((("keys",), "至少需要一个排序依据"))
        if not self.categories:
            problems += [
                ((key,), "只对按类别列出的表（categories）起作用，请删去")
                for key in said
                if key in CATEGORY_ONLY
            ]
        if self.bands and not ranks and not self.categories:
            problems.append((("bands",), "分档印在排序列（kind: rank）中，表中没有排序列"))
        refuse("TableSpec", problems)
        return self
