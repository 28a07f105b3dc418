"""A table whose rows are programme types (廉租住房 / 公租房 / 城市棚改 …) rather than units:
each category names the element holding each figure the columns show (engine.categories)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, model_validator

from anju.programmes.spec.base import Spec, fail, refuse
from anju.programmes.spec.fields import Code, Flag, Slug, Text

# Keys of a table that rank or choose units: a table of categories lists its rows as declared.
NOT_FOR_CATEGORIES = ("include_if_any",)
CATEGORY_ONLY = ("rates",)
UNORDERED = "按类别列出的表（categories）按声明的顺序列出各行，不排序，请删去"


def _some(figures: dict[str, str]) -> dict[str, str]:
    if not figures:
        fail("至少需要一项（列中使用的名称: 填报指标代码）")
    return figures


Figures = Annotated[dict[Code, Code], AfterValidator(_some)]


class CategorySpec(Spec):
    code: Slug  # names the row (as a unit code names a unit's row)
    label: Text  # the row's first cell: 公租房
    figures: Figures  # the name a column shows → the element holding it for this category
    printed: Flag = True  # false: counted in the total, no row of its own
    counted: Flag = True  # false: a "其中" row already inside another, not added again

    @model_validator(mode="after")
    def _does_something(self) -> CategorySpec:
        if not self.printed and not self.counted:
            refuse(
                "CategorySpec",
                [(("counted",), "既不列出也不计入合计的类别不起作用：请删去这一类别")],
            )
        return self
