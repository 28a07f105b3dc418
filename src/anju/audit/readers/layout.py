"""Tables in a PDF's text layer, laid out in columns: each cell placed by where it stands.

``pdftotext -layout`` keeps a table's columns at the same character positions, but a blank
cell leaves only spaces, so splitting a row on spaces shifts every later cell one column to
the left (开发区 with no target, a total row with no rank). Here the rows with the most
cells set the columns; a shorter row's cells go to the columns they stand under, a blank
cell stays blank, and the header's wrapped lines are joined column by column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from anju.audit.numbers import read_cell

_TOKEN = re.compile(r"\S+")
# Title lines above a header: 附件N, 单位：…, （1月1日——6月30日）, a title ending in 表 or 情况.
TITLE = re.compile(r"^(附件\s*\d+|单位[:：]|（.*日.*）$|\(.*日.*\)$)|表$|情况$")
SENTENCE = re.compile(r"[。；，,;]")
_HEADER_WORD = 12  # a header cell's wrapped line is short; a title is not


@dataclass(frozen=True)
class Span:
    start: int
    end: int  # inclusive
    text: str

    def overlaps(self, start: int, end: int) -> bool:
        return self.start <= end and start <= self.end


def spans(line: str) -> list[Span]:
    """The line's cells with their positions. Single characters one space apart are one
    spaced-out word (合 计, 总 任 务)."""
    found: list[Span] = []
    letter = False  # the last cell so far is a spaced-out word
    for match in _TOKEN.finditer(line):
        word = Span(match.start(), match.end() - 1, match.group())
        last = found[-1] if found else None
        single = len(word.text) == 1 and read_cell(word.text) is None
        if last is not None and single and word.start - last.end == 2 and letter:
            found[-1] = Span(last.start, word.end, last.text + word.text)
        else:
            found.append(word)
            letter = single
    return found


Columns = list[tuple[int, int]]


def _anchors(rows: Sequence[list[Span]]) -> Columns | None:
    """The columns the rows with the most cells set, one cell each; None when they overlap."""
    width = max(len(row) for row in rows)
    full = [row for row in rows if len(row) == width]
    anchors = [
        (min(row[k].start for row in full), max(row[k].end for row in full)) for k in range(width)
    ]
    if any(anchors[k][1] >= anchors[k + 1][0] for k in range(width - 1)):
        return None
    return anchors


def _under(cell: Span, columns: Columns) -> int:
    """The column a cell stands under, or the nearest one."""
    hits = [k for k, (start, end) in enumerate(columns) if cell.overlaps(start, end)]
    if len(hits) == 1:
        return hits[0]
    middle = (cell.start + cell.end) / 2
    return min(range(len(columns)), key=lambda k: abs(sum(columns[k]) / 2 - middle))


def _placed(row: Sequence[Span], columns: Columns) -> tuple[str, ...] | None:
    """The row's cells in their columns, blank where it has none; None when two cells fall
    in one column or out of order."""
    cells = [""] * len(columns)
    last = -1
    for cell in row:
        column = _under(cell, columns)
        if column <= last:
            return None
        cells[column], last = cell.text, column
    return tuple(cells)


def is_header_line(line: str) -> bool:
    """A line of a table's header as laid out: several cells, or one short cell that is not
    the table's title, unit line or period."""
    cells = spans(line)
    if len(cells) >= 2:
        return all(read_cell(c.text) is None for c in cells)
    if len(cells) == 1:
        text = cells[0].text
        return len(text) <= _HEADER_WORD and not TITLE.search(text) and not SENTENCE.search(text)
    return False


def _header(lines: Sequence[str], columns: Columns) -> tuple[str, ...]:
    """Each column's header, its wrapped lines joined top to bottom. A cell over several
    columns (总任务 over 目标任务数, 开工数, 开工率) names none of them."""
    names = [""] * len(columns)
    for line in lines:
        for cell in spans(line):
            under = [i for i, (start, end) in enumerate(columns) if cell.overlaps(start, end)]
            if len(under) == 1:
                names[under[0]] += cell.text
    return tuple(names)


def _beside(columns: Columns, header: Sequence[Span]) -> Columns:
    """The columns with those only the header fills (排序 or 备注 left blank in every row)
    added where their header cells stand, between or beside the data columns."""
    extra: list[list[int]] = []
    for cell in sorted(header, key=lambda c: c.start):
        if any(cell.overlaps(start, end) for start, end in columns):
            continue
        if extra and cell.start <= extra[-1][1]:
            extra[-1][1] = max(extra[-1][1], cell.end)
        else:
            extra.append([cell.start, cell.end])
    return sorted(columns + [(start, end) for start, end in extra])


def laid_out(header: Sequence[str], data: Sequence[str]) -> list[tuple[str, ...]] | None:
    """The table's rows (its header first when it has one) with each cell in its column;
    None when the rows do not line up, and splitting on spaces must do."""
    rows = [spans(line) for line in data]
    columns = _anchors(rows)
    if columns is None:
        return None
    named = [cell.text for cell in spans(header[0])] if len(header) == 1 else []
    if len(named) != len(columns):  # not one header line with a name over each column
        columns = _beside(columns, [cell for line in header for cell in spans(line)])
        named = list(_header(header, columns)) if header else []
    grid = [_placed(row, columns) for row in rows]
    if any(row is None for row in grid):
        return None
    return ([tuple(named)] if named else []) + [row for row in grid if row is not None]
