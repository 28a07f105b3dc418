"""Rows whose figures are as of an earlier date than the table's (a unit that reported late):
the unit's name carries a mark, and a note under the table says to when its figures run
("注：*甲省数据截至5月31日").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Protocol

__all__ = ["CUTOFF_MARK", "cutoff_label", "cutoff_notes"]

CUTOFF_MARK: Final = "*"


class _Dated(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def as_of(self) -> str: ...


def cutoff_label(name: str, as_of: str) -> str:
    """The row's label: the name, marked when its figures are of an earlier date."""
    return f"{name}{CUTOFF_MARK}" if as_of else name


def cutoff_notes(units: Sequence[_Dated]) -> tuple[str, ...]:
    """One note per earlier date, naming its units in the table's order."""
    dates: dict[str, list[str]] = {}
    for unit in units:
        if unit.as_of:
            dates.setdefault(unit.as_of, []).append(unit.name)
    return tuple(
        f"{CUTOFF_MARK}{'、'.join(names)}数据截至{as_of}" for as_of, names in dates.items()
    )
