"""Table recognition: header rows, unit line, data rows, the total row, and column kinds."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from anju.audit.document import Grid
from anju.audit.findings import Finding, Kind, Severity
from anju.audit.intervals import Interval
from anju.audit.numbers import Printed, is_blank, read_cell

_SPACE = re.compile(r"\s+")
_ATTACHMENT = re.compile(r"^附件\s*(\d+)")
_TOTAL = re.compile(r"^(合计|总计|全州合计|全市合计|全省合计|全州|全市|全省|全县|总数)$")
_NAME_HEADER = re.compile(r"县|市|区|单位|地区|名称|地方|州|省")
_RANK_HEADER = re.compile(r"排序|排名|名次|位次")
_RATE_HEADER = re.compile(r"率|比例|占比|%|％|百分比")
_AMOUNT_HEADER = re.compile(r"投资|资金|金额|万元|亿元|面积")


class ColumnKind(enum.StrEnum):
    NAME = "name"
    SERIAL = "serial"
    COUNT = "count"
    AMOUNT = "amount"
    RATE = "rate"
    RANK = "rank"
    TEXT = "text"


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    kind: ColumnKind

    @property
    def label(self) -> str:
        return self.header or f"第{self.index + 1}列"

    @property
    def numeric(self) -> bool:
        return self.kind in (ColumnKind.COUNT, ColumnKind.AMOUNT, ColumnKind.RATE)


@dataclass(frozen=True)
class Row:
    number: int  # 1-based among the data rows
    name: str
    cells: tuple[str, ...]
    is_total: bool
    is_part: bool  # "其中：…" rows are already counted in the row above


@dataclass(frozen=True)
class Table:
    label: str
    title: str
    unit_line: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]

    @property
    def body(self) -> list[Row]:
        return [r for r in self.rows if not r.is_total and not r.is_part]

    @property
    def total(self) -> Row | None:
        return next((r for r in self.rows if r.is_total), None)

    def of_kind(self, *kinds: ColumnKind) -> list[Column]:
        return [c for c in self.columns if c.kind in kinds]

    def printed(self, row: Row, column: Column) -> Printed | None:
        return read_cell(row.cells[column.index]) if column.index < len(row.cells) else None

    def interval(self, row: Row, column: Column) -> Interval | None:
        printed = self.printed(row, column)
        if printed is None:
            return None
        return printed.interval(exact_integer=column.kind == ColumnKind.COUNT)

    def where(self, row: Row | None, column: Column | None) -> str:
        parts = [self.label]
        if row is not None:
            parts.append(f"第{row.number}行（{row.name}）" if row.name else f"第{row.number}行")
        if column is not None:
            parts.append(column.label)
        return " ".join(parts)

    def finding(
        self,
        row: Row,
        column: Column,
        severity: Severity,
        kind: Kind,
        message: str,
        printed: str,
        expected: str,
        cause: str,
    ) -> Finding:
        """A finding on one cell: placed at the cell and naming its row's unit."""
        where = self.where(row, column)
        return Finding(severity, kind, where, message, row.name, printed, expected, cause)

    def find_row(self, name: str) -> Row | None:
        return next((r for r in self.rows if r.name and r.name == name), None)


def squeeze(text: str) -> str:
    return _SPACE.sub("", text)


def _is_number(cell: str) -> bool:
    return read_cell(cell) is not None


def _is_data_row(row: tuple[str, ...]) -> bool:
    numbers = sum(1 for c in row if _is_number(c))
    words = [c for c in row if not is_blank(c) and not _is_number(c)]
    return numbers >= 1 and bool(words) and numbers >= len(words)


def _split(grid: Grid) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    first = next((i for i, row in enumerate(grid.rows) if _is_data_row(row)), len(grid.rows))
    header = list(grid.rows[:first])
    data = [row for row in grid.rows[first:] if any(not is_blank(c) for c in row)]
    return header, data


def _headers(header_rows: list[tuple[str, ...]], width: int) -> list[str]:
    names: list[str] = []
    for index in range(width):
        cells = [squeeze(r[index]) for r in header_rows if index < len(r) and squeeze(r[index])]
        names.append(cells[-1] if cells else "")
    return names


def _kind(header: str, values: list[str]) -> ColumnKind:
    filled = [v for v in values if not is_blank(v)]
    numbers = [read_cell(v) for v in filled]
    numeric = [p for p in numbers if p is not None]
    if header == "序号":
        return ColumnKind.SERIAL
    if _RANK_HEADER.search(header):
        return ColumnKind.RANK
    if filled and len(numeric) * 2 < len(filled):
        return ColumnKind.NAME if _NAME_HEADER.search(header) or not header else ColumnKind.TEXT
    if not filled and not header:
        return ColumnKind.TEXT
    if _RATE_HEADER.search(header) or (numeric and all(p.percent for p in numeric)):
        return ColumnKind.RATE
    if _AMOUNT_HEADER.search(header):
        return ColumnKind.AMOUNT
    if (
        not filled
        and _NAME_HEADER.search(header) is None
        and not re.search(r"数|套|户|任务", header)
    ):
        return ColumnKind.TEXT
    return ColumnKind.COUNT


def _label(title: tuple[str, ...], position: int) -> str:
    for line in title:
        match = _ATTACHMENT.match(squeeze(line))
        if match:
            return f"附件{match[1]}"
    return f"表{position}"


def _pad(row: tuple[str, ...], width: int, name_at: int) -> tuple[str, ...]:
    # A short row whose first cell is words spans the serial and name columns (合计).
    gap = width - len(row)
    if gap and name_at > 0 and row and not is_blank(row[0]) and not _is_number(row[0]):
        return row[:1] + ("",) * gap + row[1:]
    return row + ("",) * gap


def _row_name(cells: tuple[str, ...], name_index: int | None) -> str:
    # A total row often spans the serial and name columns: 合计 sits in the first cell.
    if name_index is not None and not _is_number(cells[name_index]) and squeeze(cells[name_index]):
        return squeeze(cells[name_index])
    return next((squeeze(c) for c in cells if squeeze(c) and not _is_number(c)), "")


def recognise(grid: Grid, position: int) -> Table | None:
    """The table a grid holds, or None when it has no row of figures."""
    header_rows, data = _split(grid)
    if not data:
        return None
    width = max(len(r) for r in data)
    headers = _headers(header_rows, width)
    name_at = next((i for i, h in enumerate(headers) if _NAME_HEADER.search(h)), 0)
    padded = [_pad(tuple(r), width, name_at) for r in data]
    columns = tuple(
        Column(i, headers[i], _kind(headers[i], [r[i] for r in padded])) for i in range(width)
    )
    name_index = next((c.index for c in columns if c.kind == ColumnKind.NAME), None)
    rows = []
    for number, cells in enumerate(padded, start=1):
        name = _row_name(cells, name_index)
        rows.append(
            Row(
                number,
                name,
                cells,
                bool(_TOTAL.match(name)),
                name.startswith("其中"),
            )
        )
    title = "".join(
        squeeze(t) for t in grid.title if not re.match(r"^(附件\d+|单位|（|\()", squeeze(t))
    )
    unit_line = next((squeeze(t) for t in grid.title if squeeze(t).startswith("单位")), "")
    return Table(_label(grid.title, position), title, unit_line, columns, tuple(rows))
