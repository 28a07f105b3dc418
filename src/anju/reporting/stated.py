"""The figures a scope states for itself rather than sums from below: the targets set on the
scope unit itself (a nation's plan handed down whole). A table whose total is "stated" prints
these in its total row. (A unit with lower units reports nothing itself, so its targets are
all it can state.)"""

from __future__ import annotations

from anju.engine import Value
from anju.programmes.models import Programme, TableColumn, Target, Unit
from anju.reporting.models import Period

RATE_MEASURES = ("%", "‰", "％")


def rate_sources(programme: Programme) -> frozenset[str]:
    """The data elements that are rates, never summed in a total row: those measured in %,
    and those a table prints with a % suffix (the same rule the programme file is checked by)."""
    elements = dict(programme.data_elements.values_list("code", "measure"))
    printed = TableColumn.objects.filter(
        table__programme=programme, suffix__in=RATE_MEASURES
    ).values_list("source", flat=True)
    return frozenset(
        code
        for code, measure in elements.items()
        if measure.strip() in RATE_MEASURES or code in set(printed)
    )


def scope_stated_values(*, scope: Unit, period: Period) -> dict[str, Value]:
    """The scope unit's own targets in the period's programme."""
    return dict(
        Target.objects.filter(unit=scope, element__programme_id=period.programme_id).values_list(
            "element__code", "value"
        )
    )
