"""The figures a scope states for itself rather than sums from below: a target set on the scope
unit (a nation's plan handed down), and figures published for the scope unit itself. A table
whose total is "stated" prints these in its total row."""

from __future__ import annotations

from collections.abc import Iterable

from anju.engine import Value
from anju.programmes.models import Programme, Target, Unit
from anju.reporting.models import Period, ReportValue
from anju.reporting.selectors import PUBLISHED

RATE_MEASURES = ("%", "‰", "％")


def rate_sources(programme: Programme) -> frozenset[str]:
    """The data elements that are rates (measured in %): never summed in a total row."""
    return frozenset(
        programme.data_elements.filter(measure__in=RATE_MEASURES).values_list("code", flat=True)
    )


def scope_stated_values(
    *, scope: Unit, period: Period, statuses: Iterable[str] = PUBLISHED
) -> dict[str, Value]:
    """The scope unit's own targets, then its own published figures for the month."""
    stated: dict[str, Value] = dict(
        Target.objects.filter(unit=scope, element__programme_id=period.programme_id).values_list(
            "element__code", "value"
        )
    )
    stated.update(
        ReportValue.objects.filter(
            report__unit=scope, report__period=period, report__status__in=list(statuses)
        ).values_list("element__code", "value")
    )
    return stated
