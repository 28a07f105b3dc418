"""Names, measures and precision of a programme's figures, and how the dashboard prints them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from anju.engine import (
    Formula,
    IndicatorSpec,
    UnitValues,
    Value,
    dependency_order,
    evaluate_indicators,
    format_value,
    scope_totals,
)
from anju.programmes.models import Programme


@dataclass(frozen=True)
class Catalogue:
    """Names, measures and precision of the programme's data elements and indicators."""

    indicators: tuple[IndicatorSpec, ...]  # in dependency order
    elements: frozenset[str]
    names: Mapping[str, str]
    measures: Mapping[str, str]
    places: Mapping[str, int]

    def number(self, code: str, value: Value) -> str:
        # Reported figures read as counts (10135, not 10135.00); rates keep fixed places.
        return format_value(value, self.places.get(code), trim=code in self.elements)

    def suffix(self, code: str) -> str:
        return "%" if code not in self.elements and self.measures.get(code) == "%" else ""

    def text(self, code: str, value: Value) -> str:
        number = self.number(code, value)
        return number + self.suffix(code) if number else ""

    def inputs(self, codes: Iterable[str]) -> frozenset[str]:
        """The data elements the figures named are computed from (an element is its own)."""
        formulas = {spec.code: spec.formula for spec in self.indicators}
        found: set[str] = set()
        waiting = list(codes)
        while waiting:
            code = waiting.pop()
            if code in found:
                continue
            found.add(code)
            if code in formulas:
                waiting.extend(formulas[code].names)
        return frozenset(found & self.elements)

    def scope(self, values: Mapping[str, Value]) -> dict[str, Value]:
        """Raw figures with every indicator computed from them, rounded at its places."""
        return {**values, **evaluate_indicators(self.indicators, values)}


def catalogue_for(programme: Programme) -> Catalogue:
    indicators = list(programme.indicators.all())
    elements = list(programme.data_elements.values_list("code", "name", "measure", "places"))
    names = {code: name for code, name, _, _ in elements}
    measures = {code: measure for code, _, measure, _ in elements}
    places = {code: digits for code, _, _, digits in elements}
    for indicator in indicators:
        names[indicator.code] = indicator.name
        measures[indicator.code] = indicator.measure
        places[indicator.code] = indicator.places
    specs = [IndicatorSpec(i.code, Formula.parse(i.formula), i.places) for i in indicators]
    return Catalogue(
        indicators=tuple(dependency_order(specs)),
        elements=frozenset(code for code, _, _, _ in elements),
        names=names,
        measures=measures,
        places=places,
    )


def totals(units: Sequence[UnitValues], catalogue: Catalogue) -> dict[str, Value]:
    """The scope's total over the units, as the engine defines a total."""
    return scope_totals(catalogue.indicators, units)
