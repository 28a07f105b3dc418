"""The unit tree a programme file declares: 州 → its counties, cities, zones and 本级."""

from __future__ import annotations

from typing import Annotated, ClassVar, NamedTuple

from anju.programmes.models import Unit
from anju.programmes.spec.base import Spec
from anju.programmes.spec.fields import Text, UnitCode, one_of, one_of_schema

UnitKind = Annotated[str, one_of(Unit.Kind.values), one_of_schema(Unit.Kind.values)]


class UnitRow(NamedTuple):
    """A unit as stored: its parent's code and its place among its siblings."""

    code: str
    name: str
    kind: str
    parent: str | None
    order: int


class UnitSpec(Spec):
    stored_as: ClassVar[str] = "programmes.Unit"
    code: UnitCode
    name: Text
    kind: UnitKind
    children: list[UnitSpec] = []

    def rows(self, parent: str | None = None, order: int = 0) -> list[UnitRow]:
        """The subtree, parents before their children."""
        rows = [UnitRow(self.code, self.name, self.kind, parent, order)]
        for index, child in enumerate(self.children):
            rows.extend(child.rows(self.code, index))
        return rows
