"""Figures summed in the database by the unit whose subtree holds them (a row per unit and
figure, not per stored value), exactly, and the targets' sums kept under the data version."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import Any

from django.db import connections
from django.db.models import BigIntegerField, F, QuerySet, Sum, Value
from django.db.models.functions import Cast, Greatest, Round, StrIndex, Substr

from anju.programmes.models import DataElement, Target, Unit
from anju.programmes.versions import cached

# Figures are stored with four decimal places. SQLite keeps them as floating point, so its
# SUM would be a float sum: there the database sums exact scaled integers instead.
SCALE_PLACES = 4


def exact_sum(field: str, vendor: str) -> Sum:
    if vendor == "sqlite":
        return Sum(Cast(Round(F(field) * 10**SCALE_PLACES), BigIntegerField()))
    return Sum(field)


def from_sum(total: object, vendor: str) -> Decimal:
    if vendor == "sqlite":
        return Decimal(int(total)).scaleb(-SCALE_PLACES)  # type: ignore[call-overload]
    return total if isinstance(total, Decimal) else Decimal(str(total))


def owner_expression(scope: Unit, units: Sequence[Unit], path_field: str) -> Any:
    """SQL for the code of the unit (of ``units``) whose subtree holds a row's unit."""
    if list(units) == [scope]:
        return Value(scope.code)
    # The child's code is the path's next segment below the scope: "533401/…" → "533401".
    start = len(scope.path) + 1
    rest = Substr(path_field, start)
    # The scope's own rows have nothing below the scope: length 0, an empty owner.
    return Substr(path_field, start, Greatest(StrIndex(rest, Value("/")) - 1, Value(0)))


def grouped(
    rows: QuerySet[Any],
    *,
    scope: Unit,
    units: Sequence[Unit],
    path_field: str,
    by: Sequence[str],
    value_field: str,
) -> list[tuple[Any, ...]]:
    """Sums grouped in the database by owner and ``by``: a row per (owner, …), not per value."""
    vendor = connections[rows.db].vendor
    sums = (
        rows.annotate(owner=owner_expression(scope, units, path_field))
        .values("owner", *by)
        .annotate(total=exact_sum(value_field, vendor))
        .values_list("owner", *by, "total")
    )
    codes = {unit.code for unit in units}
    return [(*row[:-1], from_sum(row[-1], vendor)) for row in sums if row[0] in codes]


def element_codes(programme_id: int) -> dict[int, str]:
    # Grouping by the element's id and naming it here spares the grouped query a join.
    return dict(DataElement.objects.filter(programme_id=programme_id).values_list("pk", "code"))


def scope_target_sums(
    *,
    scope: Unit,
    units: Sequence[Unit],
    programme_id: int,
    elements: Collection[str] | None = None,
) -> dict[str, dict[str, Decimal]]:
    """Targets summed over each unit's subtree: unit code → element → sum, every unit
    present. Targets change seldom (with the programme's definition): the sums are kept
    under the programme's data version, so most calls make no query of them."""
    return cached(
        name="target-sums",
        programme=programme_id,
        parts=(scope.pk, *(unit.pk for unit in units), *sorted(elements or ["*"])),
        compute=lambda: _target_sums(scope, units, programme_id, elements),
    )


def _target_sums(
    scope: Unit, units: Sequence[Unit], programme_id: int, elements: Collection[str] | None
) -> dict[str, dict[str, Decimal]]:
    codes = element_codes(programme_id)
    wanted = [pk for pk, code in codes.items() if elements is None or code in elements]
    rows = Target.objects.filter(element_id__in=wanted, unit__path__startswith=scope.path)
    sums: dict[str, dict[str, Decimal]] = {unit.code: {} for unit in units}
    for owner, element, total in grouped(
        rows,
        scope=scope,
        units=units,
        path_field="unit__path",
        by=("element_id",),
        value_field="value",
    ):
        sums[owner][codes[element]] = total
    return sums
