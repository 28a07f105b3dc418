"""The attachment tables as plain text, JSON and CSV: the same cells in three shapes."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from anju.engine import BuiltRow, BuiltTable
from anju.reporting.tables import Attachment, TableSet
from anju.text import display_width


def pad(text: str, width: int, *, right: bool = False) -> str:
    space = " " * max(width - display_width(text), 0)
    return space + text if right else text + space


def _row_texts(table: BuiltTable, row: BuiltRow) -> list[str]:
    return [cell.text for cell in row.cells]


def attachment_text(attachment: Attachment) -> str:
    table = attachment.table
    headers = [column.header for column in table.columns]
    rows = [_row_texts(table, row) for row in table.rows]
    if table.total is not None:
        rows.append(_row_texts(table, table.total))
    widths = [
        max(display_width(text) for text in column) for column in zip(headers, *rows, strict=True)
    ]
    numeric = [column.kind in ("value", "rank") for column in table.columns]
    lines = [f"附件{attachment.number}", attachment.title]
    lines += [line for line in (attachment.period_line, attachment.unit_line) if line]
    lines.append("  ".join(pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip())
    for texts in rows:
        cells = (pad(t, w, right=n) for t, w, n in zip(texts, widths, numeric, strict=True))
        lines.append("  ".join(cells).rstrip())
    lines += [f"注：{note}" for note in table.footnotes]
    return "\n".join(lines)


def tables_text(tables: TableSet) -> str:
    heading = f"{tables.scope_name}（{tables.scope_code}） {tables.year}年{tables.month}月"
    return "\n\n".join([heading, *(attachment_text(a) for a in tables.attachments)]) + "\n"


def _row_record(table: BuiltTable, row: BuiltRow) -> dict[str, Any]:
    return {
        "unit_code": row.unit_code,
        "unit": row.label,
        "rank": row.rank,
        "cells": {
            column.key: {
                "text": cell.text,
                "value": None if cell.value is None else format(cell.value, "f"),
            }
            for column, cell in zip(table.columns, row.cells, strict=True)
        },
    }


def tables_data(tables: TableSet) -> dict[str, Any]:
    """A JSON-ready structure; numbers are exact decimal strings, never floats."""
    return {
        "scope": {"code": tables.scope_code, "name": tables.scope_name},
        "programme": tables.programme,
        "period": tables.period,
        "attachments": [
            {
                "number": a.number,
                "title": a.title,
                "unit_line": a.unit_line,
                "period_line": a.period_line,
                "columns": [
                    {"key": c.key, "header": c.header, "group": c.group, "kind": c.kind}
                    for c in a.table.columns
                ],
                "rows": [_row_record(a.table, row) for row in a.table.rows],
                "total": _row_record(a.table, a.table.total) if a.table.total else None,
                "footnotes": list(a.table.footnotes),
                "rank_column_empty": a.table.rank_column_empty,
            }
            for a in tables.attachments
        ],
    }


def tables_json(tables: TableSet) -> str:
    return json.dumps(tables_data(tables), ensure_ascii=False, indent=2) + "\n"


CSV_HEADER = [
    "attachment",
    "title",
    "row",
    "unit_code",
    "unit",
    "rank",
    "column",
    "header",
    "text",
    "value",
]


def tables_csv(tables: TableSet) -> str:
    """One line per cell (a tidy table), so every attachment fits one CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for attachment in tables.attachments:
        table = attachment.table
        rows = list(enumerate(table.rows, start=1))
        labelled: list[tuple[str, BuiltRow]] = [(str(i), row) for i, row in rows]
        if table.total is not None:
            labelled.append(("total", table.total))
        for label, row in labelled:
            for column, cell in zip(table.columns, row.cells, strict=True):
                writer.writerow(
                    [
                        attachment.number,
                        attachment.title,
                        label,
                        row.unit_code or "",
                        row.label,
                        "" if row.rank is None else row.rank,
                        column.key,
                        column.header,
                        cell.text,
                        "" if cell.value is None else format(cell.value, "f"),
                    ]
                )
    return out.getvalue()
