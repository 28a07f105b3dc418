"""Bulletins built for the audit tests, written in every format and layout offices send."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import typst

FIXTURES = Path(__file__).parent / "fixtures"
Table = tuple[list[str], list[list[str]]]  # title lines, rows (header first)


def as_tab_cells(paragraphs: list[str], tables: list[Table]) -> str:
    """A repost: one cell per line after a tab, rows apart by blank lines."""
    lines = list(paragraphs)
    for title, rows in tables:
        lines += title
        for row in rows:
            lines += [f"\t{cell}" for cell in row] + [""]
    return "\n".join(lines) + "\n"


def as_columns(paragraphs: list[str], tables: list[Table]) -> str:
    """A repost with each row on one line, cells apart by spaces."""
    lines = list(paragraphs)
    for title, rows in tables:
        lines += title + ["  ".join(cell or "—" for cell in row) for row in rows] + [""]
    return "\n".join(lines) + "\n"


def as_one_per_line(paragraphs: list[str], tables: list[Table]) -> str:
    """A repost flattened to one cell per line with nothing between rows."""
    lines = list(paragraphs)
    for title, rows in tables:
        lines += title + [cell or "—" for row in rows for cell in row] + [""]
    return "\n".join(lines) + "\n"


def write_docx(path: Path, paragraphs: list[str], tables: list[Table]) -> None:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    for title, rows in tables:
        for line in title:
            document.add_paragraph(line)
        grid = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    document.save(str(path))


def write_xlsx(path: Path, paragraphs: list[str], tables: list[Table]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    for text in paragraphs:
        sheet.append([text])
    for title, rows in tables:
        for line in title:
            sheet.append([line])
        for row in rows:
            sheet.append([_xlsx_value(cell) for cell in row])
            for cell, text in zip(sheet[sheet.max_row], row, strict=False):
                if text.endswith("%"):
                    decimals = len(text.rstrip("%").partition(".")[2])
                    cell.number_format = "0." + "0" * decimals + "%" if decimals else "0%"
                elif "." in text and _xlsx_value(text) != text:
                    cell.number_format = "0." + "0" * len(text.partition(".")[2])
    book.save(str(path))


def _xlsx_value(text: str) -> object:
    try:
        number = float(text.rstrip("%"))
    except ValueError:
        return text
    return number / 100 if text.endswith("%") else (int(number) if "." not in text else number)


def write_html(path: Path, paragraphs: list[str], tables: list[Table]) -> None:
    parts = ["<html><body>"] + [f"<p>{html.escape(p)}</p>" for p in paragraphs]
    for title, rows in tables:
        parts += [f"<p>{html.escape(line)}</p>" for line in title]
        parts.append("<table>")
        for row in rows:
            cells = "".join(f"<td>{html.escape(c)}</td>" for c in row)
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</table>")
    path.write_text("".join(parts) + "</body></html>", encoding="utf-8")


def write_pdf(path: Path, paragraphs: list[str], tables: list[Table]) -> None:
    def text(value: str) -> str:
        return (
            "["
            + value.replace("\\", "\\\\")
            .replace("[", "\\[")
            .replace("]", "\\]")
            .replace("%", "\\%")
            .replace("#", "\\#")
            + "]"
        )

    body = ['#set text(font: ("Noto Serif CJK SC", "Noto Sans CJK SC"), lang: "zh")']
    body += [f"#par{text(p)}" for p in paragraphs]
    for title, rows in tables:
        body += [f"#par{text(line)}" for line in title]
        cells = ", ".join(text(c) for row in rows for c in row)
        body.append(f"#table(columns: {len(rows[0])}, {cells})")
    source = path.with_suffix(".typ")
    source.write_text("\n\n".join(body), encoding="utf-8")
    path.write_bytes(typst.compile(str(source)))


Writer = Callable[[Path, list[str], list[Table]], Path]


def _writers() -> dict[str, Writer]:
    def text(layout: Callable[[list[str], list[Table]], str]) -> Writer:
        def write(folder: Path, paragraphs: list[str], tables: list[Table]) -> Path:
            path = folder / f"bulletin-{layout.__name__}.txt"
            path.write_text(layout(paragraphs, tables), encoding="utf-8")
            return path

        return write

    def binary(suffix: str, writer: Callable[[Path, list[str], list[Table]], None]) -> Writer:
        def write(folder: Path, paragraphs: list[str], tables: list[Table]) -> Path:
            path = folder / f"bulletin{suffix}"
            writer(path, paragraphs, tables)
            return path

        return write

    return {
        "tab-cells": text(as_tab_cells),
        "columns": text(as_columns),
        "one-per-line": text(as_one_per_line),
        "docx": binary(".docx", write_docx),
        "xlsx": binary(".xlsx", write_xlsx),
        "html": binary(".html", write_html),
        "pdf": binary(".pdf", write_pdf),
    }


WRITERS = _writers()
