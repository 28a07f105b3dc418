"""A table's header rows: one row, or two where consecutive columns share a spanning group."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Protocol

__all__ = ["HeaderCell", "header_rows"]


@dataclass(frozen=True)
class HeaderCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


class _Column(Protocol):
    @property
    def header(self) -> str: ...

    @property
    def group(self) -> str | None: ...


def header_rows(columns: Sequence[_Column]) -> tuple[tuple[HeaderCell, ...], ...]:
    if all(column.group is None for column in columns):
        return (tuple(HeaderCell(column.header) for column in columns),)
    top: list[HeaderCell] = []
    bottom: list[HeaderCell] = []
    for group, run in groupby(columns, key=lambda column: column.group):
        members = list(run)
        if group is None:
            top.extend(HeaderCell(column.header, rowspan=2) for column in members)
        else:
            top.append(HeaderCell(group, colspan=len(members)))
            bottom.extend(HeaderCell(column.header) for column in members)
    return (tuple(top), tuple(bottom))
