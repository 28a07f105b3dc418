"""The parsed document every reader produces and every check reads: paragraphs and tables."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Grid:
    """A table as read: its title lines (附件3, its caption, 单位：…) and its rows of cells.

    Header rows come first, as many as the source has; recognising them is the table
    recogniser's work, not the reader's.
    """

    title: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Paragraph | Grid


@dataclass(frozen=True)
class Document:
    name: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def grids(self) -> list[Grid]:
        return [b for b in self.blocks if isinstance(b, Grid)]
