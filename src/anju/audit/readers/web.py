"""HTML bulletins (the stdlib parser, no dependency) and PDF text layers (poppler's pdftotext)."""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser
from pathlib import Path

from anju.audit.document import Document
from anju.audit.readers.assemble import Assembler
from anju.audit.readers.text import read_text

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "caption", "title"}
PDF_TIMEOUT = 60


class _Html(HTMLParser):
    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.out = Assembler(name)
        self.text: list[str] = []
        self.rows: list[list[str]] | None = None
        self.cell: list[str] | None = None
        self.span = 1
        self.down = 1
        # Cells reaching down from rows above (rowspan): column → (rows still to cover, text).
        self.above: dict[int, tuple[int, str]] = {}
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "table":
            self._paragraph()
            self.rows = []
            self.above = {}
        elif tag == "tr" and self.rows is not None:
            self._row_end()
            self.rows.append([])
        elif tag in ("td", "th") and self.rows is not None:
            self.cell = []
            self.span = _span(dict(attrs).get("colspan"))
            self.down = _span(dict(attrs).get("rowspan"))
        elif tag in _BLOCKS and self.cell is None:
            self._paragraph()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th") and self.rows is not None and self.cell is not None:
            if not self.rows:
                self.rows.append([])
            self._carried()
            text = "".join(self.cell).strip()
            row = self.rows[-1]
            if self.down > 1:
                for column in range(len(row), len(row) + self.span):
                    self.above[column] = (self.down - 1, text)
            row.extend([text] * self.span)
            self.cell = None
        elif tag == "tr" and self.rows is not None:
            self._row_end()
        elif tag == "table" and self.rows is not None:
            self._row_end()
            self.out.table(self.rows)
            self.rows = None
        elif tag in _BLOCKS and self.cell is None:
            self._paragraph()

    def _carried(self) -> None:
        """Places the cells that reach down into this row at the next column, if any."""
        assert self.rows is not None
        row = self.rows[-1]
        while len(row) in self.above:
            left, text = self.above[len(row)]
            if left > 1:
                self.above[len(row)] = (left - 1, text)
            else:
                del self.above[len(row)]
            row.append(text)

    def _row_end(self) -> None:
        if self.rows and self.above and len(self.rows[-1]) <= max(self.above):
            self._carried()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        (self.cell if self.cell is not None else self.text).append(data)

    def _paragraph(self) -> None:
        for line in "".join(self.text).splitlines():
            self.out.paragraph(line)
        self.text = []


def _span(value: str | None) -> int:
    """colspan or rowspan as given; 1 when absent or out of reason."""
    return int(value) if value and value.isdigit() and 0 < int(value) <= 50 else 1


def read_html(text: str, name: str) -> Document:
    parser = _Html(name)
    parser.feed(text)
    parser.close()
    parser._paragraph()
    return parser.out.document()


def pdf_text(path: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        timeout=PDF_TIMEOUT,
        check=True,
    )
    return result.stdout.decode("utf-8", errors="replace")


def read_pdf(path: Path) -> Document:
    return read_text(pdf_text(path), path.name, layout=True)
