"""A table whose rows are programme types: the stored categories and rates as the engine takes
them, with each name's display precision taken from the elements that hold it."""

from __future__ import annotations

from anju.engine import Formula, IndicatorSpec
from anju.engine.categories import Category
from anju.programmes.models import ReportTable


def categories(table: ReportTable) -> tuple[Category, ...]:
    return tuple(
        Category(
            code=item["code"],
            label=item["label"],
            figures=item["figures"],
            printed=item.get("printed", True),
            counted=item.get("counted", True),
        )
        for item in table.categories.get("categories", [])
    )


def category_rates(table: ReportTable) -> tuple[IndicatorSpec, ...]:
    return tuple(
        IndicatorSpec(rate["code"], Formula.parse(rate["formula"]), rate.get("places", 2))
        for rate in table.categories.get("rates", [])
    )


def category_places(table: ReportTable, places: dict[str, int]) -> dict[str, int]:
    """The precision of each name the categories give (its first element's) and of each rate."""
    named: dict[str, int] = {}
    for category in categories(table):
        for name, code in category.figures.items():
            named.setdefault(name, places.get(code, 0))
    return named | {rate.code: rate.places for rate in category_rates(table)}
