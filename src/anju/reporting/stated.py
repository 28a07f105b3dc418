"""The figures a scope states for itself rather than sums from below: the targets set on the
scope unit itself (a nation's plan handed down whole). A table whose total is "stated" prints
these in its total row. (A unit with lower units reports nothing itself, so its targets are
all it can state.)"""

from __future__ import annotations

from anju.engine import Value
from anju.programmes.models import Programme, Target, Unit
from anju.reporting.models import Period

RATE_MEASURES = ("%", "‰", "％")


def rate_sources(programme: Programme) -> frozenset[str]:
    """The data elements that are rates (measured in %): never summed in a total row."""
    return frozenset(
        programme.data_elements.filter(measure__in=RATE_MEASURES).values_list("code", flat=True)
    )


def scope_stated_values(*, scope: Unit, period: Period) -> dict[str, Value]:
    """The scope unit's own targets in the period's programme."""
    return dict(
        Target.objects.filter(unit=scope, element__programme_id=period.programme_id).values_list(
            "element__code", "value"
        )
    )
