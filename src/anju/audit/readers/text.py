"""Plain text bulletins, as pasted or reposted: tables flattened to one cell per line (with or
without a tab before each cell, rows apart by blank lines or not), or to space-separated columns.
"""

from __future__ import annotations

import re
from collections import Counter

from anju.audit.document import Block, Document, Grid, Paragraph
from anju.audit.numbers import is_blank, read_cell
from anju.audit.readers.layout import SENTENCE, TITLE, is_header_line, laid_out

_TOTAL_SPACED = re.compile(r"(合|总)\s+(计)")
_SPACED_GROUP = re.compile(r"\S\s{2,}\S")
_PAGE_NUMBER = re.compile(r"^\s*[—－-]\s*\d+\s*[—－-]\s*$")
_ENDS = ("。", "：", ":")


def _number(cell: str) -> bool:
    return read_cell(cell) is not None


def _fields(line: str) -> list[str]:
    return _TOTAL_SPACED.sub(r"\1\2", line.strip()).split()


def _is_columns(line: str) -> bool:
    fields = _fields(line)
    return (
        len(fields) >= 3
        and sum(_number(f) for f in fields) >= 2
        and not SENTENCE.search(line)
        and not line.startswith("\t")
    )


def _is_column_header(line: str) -> bool:
    fields = _fields(line)
    return len(fields) >= 3 and not any(_number(f) for f in fields) and not SENTENCE.search(line)


def _short(line: str) -> bool:
    text = line.strip()
    return 0 < len(text) <= 24 and not re.search(r"[。；，]", text)


class _Reader:
    def __init__(self, text: str, layout: bool) -> None:
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.layout = layout  # columns stand at the same positions (a PDF's text layer)
        if layout:
            self.lines = [line.replace("\f", "") for line in self.lines]
        self.at = 0
        self.blocks: list[Block] = []
        self.pending: list[str] = []

    def run(self) -> list[Block]:
        while self.at < len(self.lines):
            line = self.lines[self.at]
            if line.startswith("\t"):
                self._table(self._tab_cells())
            elif _is_columns(line) or (
                _is_column_header(line)
                and self.at + 1 < len(self.lines)
                and _is_columns(self.lines[self.at + 1])
            ):
                self._table(self._column_rows())
            elif self._one_per_line_starts():
                self._table(self._plain_cells())
            elif self.layout and _PAGE_NUMBER.match(line):
                self.at += 1  # page furniture, not text
            elif line.strip():
                if self.layout and self._continues():
                    self._join(line.strip())
                else:
                    self.pending.append(line.strip())
                self.at += 1
                if SENTENCE.search(line) or (len(line.strip()) > 60 and not self._header(line)):
                    self._flush()
            else:
                self.at += 1
        self._flush()
        return self.blocks

    def _flush(self) -> None:
        self.blocks.extend(Paragraph(p) for p in self.pending)
        self.pending = []

    def _title(self) -> tuple[str, ...]:
        start = max(
            (i for i, p in enumerate(self.pending) if re.match(r"^附件\s*\d+\s*$", p)),
            default=max(0, len(self.pending) - 4),
        )
        title = tuple(self.pending[start:])
        self.pending = self.pending[:start]
        self._flush()
        return title

    def _table(self, rows: list[tuple[str, ...]]) -> None:
        title = self._title()
        if rows:
            self.blocks.append(Grid(title, tuple(rows)))

    # -- one cell per line, each after a tab -------------------------------------------
    def _tab_cells(self) -> list[tuple[str, ...]]:
        blocks: list[list[str]] = [[]]
        previous_empty_cell = False
        while self.at < len(self.lines):
            line = self.lines[self.at]
            if line.startswith("\t"):
                cell = line[1:].strip()
                blocks[-1].append(cell)
                previous_empty_cell = cell == ""
            elif not line.strip():
                if blocks[-1]:
                    blocks.append([])
                previous_empty_cell = False
            elif previous_empty_cell:  # a cell whose text began on a new line
                blocks[-1][-1] = line.strip()
                previous_empty_cell = False
            else:
                break
            self.at += 1
        return _grid_from_cells([b for b in blocks if b])

    # -- one cell per line, no tabs ----------------------------------------------------
    def _one_per_line_starts(self) -> bool:
        if not self.pending or not TITLE.search(self.pending[-1]):
            return False
        ahead = [x for x in self.lines[self.at : self.at + 40] if x.strip()]
        if any(x.startswith("\t") for x in ahead):
            return False
        run = 0
        for line in ahead:
            if not _short(line) or TITLE.search(line.strip()):
                break
            run += 1
        numbers = sum(_number(x) for x in ahead[:run])
        return run >= 6 and numbers >= 4

    def _plain_cells(self) -> list[tuple[str, ...]]:
        blocks: list[list[str]] = [[]]
        while self.at < len(self.lines):
            line = self.lines[self.at]
            if not line.strip():
                if blocks[-1]:
                    blocks.append([])
            elif _short(line) and not re.match(r"^附件\s*\d+", line.strip()):
                blocks[-1].append(line.strip())
            else:
                break
            self.at += 1
        return _grid_from_cells([b for b in blocks if b])

    # -- space-separated columns -----------------------------------------------------------
    def _column_rows(self) -> list[tuple[str, ...]]:
        header = self._header_above() if self.layout else []
        lines: list[str] = []
        while self.at < len(self.lines):
            line = self.lines[self.at]
            if not lines and not _is_columns(line) and _is_column_header(line):
                header.append(line)
            elif _is_columns(line):
                lines.append(line)
            elif line.strip() or (lines and not self._columns_follow()):
                break
            self.at += 1
        placed = laid_out(header, lines) if self.layout and lines else None
        if placed is not None:
            return placed
        rows = [tuple(_fields(line)) for line in header[-1:] + lines]
        return rows

    # -- a PDF's lines: a paragraph goes on, past a page break, on lines not indented -----
    def _continues(self) -> bool:
        line = self.lines[self.at]
        if line.startswith(" ") or self._header(line):
            return False
        at, blank, page = self.at - 1, False, False
        while at >= 0 and (not self.lines[at].strip() or _PAGE_NUMBER.match(self.lines[at])):
            blank, page = (
                blank or not self.lines[at].strip(),
                page or bool(_PAGE_NUMBER.match(self.lines[at])),
            )
            at -= 1
        if at < 0 or (blank and not page) or self._header(self.lines[at]):
            return False
        last = self.pending[-1] if self.pending else None
        if last is None and self.blocks and isinstance(self.blocks[-1], Paragraph):
            last = self.blocks[-1].text
        return last is not None and not last.endswith(_ENDS)

    def _join(self, text: str) -> None:
        if self.pending:
            self.pending[-1] += text
        else:
            last = self.blocks.pop()
            assert isinstance(last, Paragraph)
            self.pending.append(last.text + text)

    def _header(self, line: str) -> bool:
        return self.layout and is_header_line(line)

    def _header_above(self) -> list[str]:
        """The header's lines laid out above the first row (wrapped cells take several),
        taken back from the paragraphs read so far."""
        header: list[str] = []
        at = self.at - 1
        while at >= 0 and (not self.lines[at].strip() or is_header_line(self.lines[at])):
            if self.lines[at].strip():
                header.insert(0, self.lines[at])
            at -= 1
        taken = [line.strip() for line in header]
        while taken and self.pending[-len(taken) :] != taken:
            taken.pop(0)
            header.pop(0)
        if taken:
            del self.pending[-len(taken) :]
        return header

    def _columns_follow(self) -> bool:
        return any(_is_columns(x) for x in self.lines[self.at + 1 : self.at + 2])


def _is_data_block(block: list[str]) -> bool:
    numbers = sum(_number(c) for c in block)
    return numbers >= 1 and any(not is_blank(c) and not _number(c) for c in block)


def _grid_from_cells(blocks: list[list[str]]) -> list[tuple[str, ...]]:
    if len(blocks) == 1 or not any(_is_data_block(b) for b in blocks):
        blocks = _chunk([cell for block in blocks for cell in block])
    first = next((i for i, b in enumerate(blocks) if _is_data_block(b)), len(blocks))
    data = [tuple(b) for b in blocks[first:]]
    if not data:
        return []
    width = Counter(len(r) for r in data).most_common(1)[0][0]
    header = [c for b in blocks[:first] for c in b if c.strip()]
    if len(header) > width:
        header = [c for c in header if not _SPACED_GROUP.search(c)]
    header = header[-width:] if len(header) > width else [""] * (width - len(header)) + header
    return [tuple(header), *data]


def _chunk(cells: list[str]) -> list[list[str]]:
    """Cells with no blank line between rows: the header ends where the first row starts."""
    first = next((i for i, c in enumerate(cells) if _number(c)), None)
    if first is None:
        return [cells]
    followed_by_word = first + 1 < len(cells) and not _number(cells[first + 1])
    start = first if followed_by_word and first > 0 else max(first - 1, 0)
    width = start if start > 0 else 1
    rows = [cells[i : i + width] for i in range(start, len(cells), width)]
    return [cells[:start], *rows]


def read_text(text: str, name: str, *, layout: bool = False) -> Document:
    """A text bulletin's paragraphs and tables; ``layout`` when its columns stand at fixed
    positions (a PDF's text layer), so blank cells are kept in their columns."""
    return Document(name, tuple(_Reader(text, layout).run()))
