"""Shared by the readers: paragraphs and tables in document order, each table with its title."""

from __future__ import annotations

import re
from collections.abc import Sequence

from anju.audit.document import Block, Document, Grid, Paragraph

_ATTACHMENT = re.compile(r"^附件\s*\d+\s*$")
_SHORT = 60


class Assembler:
    def __init__(self, name: str) -> None:
        self.name = name
        self.blocks: list[Block] = []
        self.pending: list[str] = []

    def paragraph(self, text: str) -> None:
        text = text.strip()
        if not text:
            return
        self.pending.append(text)
        if len(text) > _SHORT or re.search(r"[。；，]", text):
            self._flush()

    def table(self, rows: Sequence[Sequence[str]]) -> None:
        start = max(
            (i for i, p in enumerate(self.pending) if _ATTACHMENT.match(p)),
            default=max(0, len(self.pending) - 4),
        )
        title = tuple(self.pending[start:])
        self.pending = self.pending[:start]
        self._flush()
        grid = tuple(tuple(c.strip() for c in row) for row in rows if any(c.strip() for c in row))
        if grid:
            self.blocks.append(Grid(title, grid))

    def _flush(self) -> None:
        self.blocks.extend(Paragraph(p) for p in self.pending)
        self.pending = []

    def document(self) -> Document:
        self._flush()
        return Document(self.name, tuple(self.blocks))
