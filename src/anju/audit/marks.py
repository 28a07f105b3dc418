"""Findings placed on the document they came from: which cell, row or words each one names.

A page shows the tables and sentences as the audit read them, each flagged place marked with
the worst severity found there and the numbers of its findings (1-based, in result order).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from anju.audit.document import Document, Grid, Paragraph
from anju.audit.findings import Finding, Severity
from anju.audit.tables import Table, recognise

_PARAGRAPH = re.compile(r"^正文第(\d+)段(?:“(.*)”)?")
_TABLE = re.compile(r"^(\S+)(?: 第(\d+)行(?:（[^ ]*）)?)?(?: (\S.*))?$")
_WORST = (Severity.ERROR, Severity.WARNING, Severity.NOTE)


@dataclass
class Mark:
    numbers: list[int] = field(default_factory=list)
    severities: set[Severity] = field(default_factory=set)

    def add(self, number: int, finding: Finding) -> None:
        self.numbers.append(number)
        self.severities.add(finding.severity)

    @property
    def severity(self) -> str:
        return next((str(s) for s in _WORST if s in self.severities), "")


@dataclass(frozen=True)
class MarkedText:
    text: str
    mark: Mark


@dataclass(frozen=True)
class MarkedParagraph:
    number: int
    spans: tuple[MarkedText, ...]
    mark: Mark

    @property
    def loose(self) -> list[int]:
        """Findings on the paragraph whose words were not found in it (shown at its end)."""
        placed = {n for span in self.spans for n in span.mark.numbers}
        return [n for n in self.mark.numbers if n not in placed]


@dataclass(frozen=True)
class MarkedTable:
    label: str
    title: tuple[str, ...]
    headers: tuple[MarkedText, ...]
    rows: tuple[tuple[MarkedText, ...], ...]
    mark: Mark


MarkedBlock = MarkedParagraph | MarkedTable


class _TableMarks:
    def __init__(self, grid: Grid, table: Table | None) -> None:
        self.grid, self.table = grid, table
        width = len(table.columns) if table else max((len(r) for r in grid.rows), default=0)
        rows = table.rows if table else ()
        self.mark = Mark()
        self.headers = [Mark() for _ in range(width)]
        self.cells = [[Mark() for _ in range(width)] for _ in rows]

    def place(self, number: int, finding: Finding, row: int | None, column: str) -> None:
        assert self.table is not None
        index = next((c.index for c in self.table.columns if column and c.label == column), None)
        if row is not None and 1 <= row <= len(self.cells):
            if index is None:  # a whole row: its name cell, else its first
                names = [c.index for c in self.table.columns if c.kind == "name"]
                index = names[0] if names else 0
            self.cells[row - 1][index].add(number, finding)
        elif index is not None:
            self.headers[index].add(number, finding)
        else:
            self.mark.add(number, finding)

    def marked(self) -> MarkedTable:
        if self.table is None:
            rows = tuple(tuple(MarkedText(c, Mark()) for c in row) for row in self.grid.rows)
            return MarkedTable("", self.grid.title, (), rows, self.mark)
        headers = tuple(MarkedText(c.header, self.headers[c.index]) for c in self.table.columns)
        rows = tuple(
            tuple(MarkedText(text, self.cells[r][i]) for i, text in enumerate(row.cells))
            for r, row in enumerate(self.table.rows)
        )
        return MarkedTable(self.table.label, self.grid.title, headers, rows, self.mark)


def table_place(where: str) -> tuple[str, int | None, str] | None:
    """The table label, data row number and column label a table finding's place names."""
    match = _TABLE.match(where)
    if match is None or _PARAGRAPH.match(where):
        return None
    return match[1], int(match[2]) if match[2] else None, match[3] or ""


def _spans(text: str, places: list[tuple[int, int, int, Finding]]) -> tuple[MarkedText, ...]:
    """The paragraph cut into marked and unmarked runs; overlapping marks join the first."""
    spans: list[MarkedText] = []
    at = 0
    for start, end, number, finding in sorted(places, key=lambda p: (p[0], p[2])):
        if start < at and spans:
            spans[-1].mark.add(number, finding)
            continue
        if start > at:
            spans.append(MarkedText(text[at:start], Mark()))
        mark = Mark()
        mark.add(number, finding)
        spans.append(MarkedText(text[start:end], mark))
        at = end
    if at < len(text) or not spans:
        spans.append(MarkedText(text[at:], Mark()))
    return tuple(spans)


def _locate(text: str, excerpt: str, printed: str) -> tuple[int, int] | None:
    if not printed:
        return None
    near = text.find(excerpt.strip("…")) if excerpt else -1
    found = text.find(printed, max(near, 0))
    if found < 0:
        found = text.find(printed)
    return (found, found + len(printed)) if found >= 0 else None


def marked_document(document: Document, findings: list[Finding]) -> list[MarkedBlock]:
    """The document's blocks in order, each with the findings that name a place in it."""
    paragraphs = document.paragraphs
    paragraph_marks = [Mark() for _ in paragraphs]
    places: list[list[tuple[int, int, int, Finding]]] = [[] for _ in paragraphs]
    tables: list[_TableMarks] = []
    for position, grid in enumerate(document.grids, start=1):
        tables.append(_TableMarks(grid, recognise(grid, position)))
    by_label: dict[str, _TableMarks] = {}
    for marks in tables:
        if marks.table is not None:
            by_label.setdefault(marks.table.label, marks)
    for number, finding in enumerate(findings, start=1):
        paragraph = _PARAGRAPH.match(finding.where)
        if paragraph and 1 <= int(paragraph[1]) <= len(paragraphs):
            index = int(paragraph[1]) - 1
            paragraph_marks[index].add(number, finding)
            span = _locate(paragraphs[index].text, paragraph[2] or "", finding.printed)
            if span is not None:
                places[index].append((*span, number, finding))
            continue
        table = _TABLE.match(finding.where)
        if table and table[1] in by_label:
            row = int(table[2]) if table[2] else None
            by_label[table[1]].place(number, finding, row, table[3] or "")
    blocks: list[MarkedBlock] = []
    paragraph_at, table_at = 0, 0
    for block in document.blocks:
        if isinstance(block, Paragraph):
            spans = _spans(block.text, places[paragraph_at])
            blocks.append(MarkedParagraph(paragraph_at + 1, spans, paragraph_marks[paragraph_at]))
            paragraph_at += 1
        else:
            blocks.append(tables[table_at].marked())
            table_at += 1
    return blocks
