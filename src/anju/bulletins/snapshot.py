"""An issued bulletin's document model as JSON, kept with the bulletin: issued means frozen.

The page, the files and the archive of an issued bulletin show this snapshot, never the
figures as they stand today. Decimals travel as strings and the chart as base64, so the
document read back is equal to the one issued. ``version`` names this layout; a later layout
reads the older ones it knows.
"""

from __future__ import annotations

import base64
import datetime
from decimal import Decimal
from typing import Any

from anju.bulletins.document import (
    Attachment,
    Block,
    BulletinDocument,
    Figure,
    Heading,
    Paragraph,
)
from anju.engine import NA, BuiltTable, UnitValues
from anju.engine.tables import BuiltRow, Cell, ChangeFormat, ColumnSpec, HeaderCell
from anju.errors import AnjuError

SNAPSHOT_VERSION = 1

Json = dict[str, Any]


# --- writing -----------------------------------------------------------------------------------


def _block(block: Block) -> Json:
    if isinstance(block, Heading):
        return {"kind": "heading", "level": block.level, "text": block.text}
    if isinstance(block, Figure):
        return {
            "kind": "figure",
            "png": base64.b64encode(block.png).decode("ascii"),
            "caption": block.caption,
            "width_mm": block.width_mm,
            "height_mm": block.height_mm,
        }
    return {"kind": "paragraph", "text": block.text}


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _row(row: BuiltRow) -> Json:
    return {
        "unit_code": row.unit_code,
        "label": row.label,
        "cells": [[c.text, _decimal(c.value), c.kind] for c in row.cells],
        "rank": row.rank,
    }


def _column(column: ColumnSpec) -> Json:
    data = {
        name: getattr(column, name)
        for name in ("key", "header", "kind", "source", "places", "trim", "suffix", "group")
    }
    change = column.change
    data["change"] = None if change is None else dict(vars(change))
    return data


def _table(table: BuiltTable) -> Json:
    return {
        "code": table.code,
        "title": table.title,
        "header_rows": [[[h.text, h.colspan, h.rowspan] for h in row] for row in table.header_rows],
        "columns": [_column(c) for c in table.columns],
        "rows": [_row(r) for r in table.rows],
        "total": None if table.total is None else _row(table.total),
        "footnotes": list(table.footnotes),
        "rank_column_empty": table.rank_column_empty,
    }


def _attachment(attachment: Attachment) -> Json:
    return {
        "number": attachment.number,
        "title_lines": list(attachment.title_lines),
        "period_line": attachment.period_line,
        "unit_line": attachment.unit_line,
        "table": _table(attachment.table),
    }


def document_to_json(document: BulletinDocument) -> Json:
    return {
        **document.head,
        "body": [_block(b) for b in document.body],
        "attachments": [_attachment(a) for a in document.attachments],
        "signature": document.signature,
        "date": document.date.isoformat(),
        "cc": document.cc,
        "printer": document.printer,
        "print_date": document.print_date.isoformat(),
        "draft": document.draft,
        "meta": dict(document.meta),
    }


def figures_to_json(units: list[UnitValues]) -> Json:
    """Each unit's figures behind the tables: what a later change is compared with."""
    return {
        unit.code: {
            "name": unit.name,
            "values": {code: str(value) for code, value in unit.values.items() if value is not NA},
        }
        for unit in units
    }


def snapshot_of(document: BulletinDocument, units: list[UnitValues]) -> Json:
    return {
        "version": SNAPSHOT_VERSION,
        "document": document_to_json(document),
        "figures": figures_to_json(units),
    }


# --- reading -----------------------------------------------------------------------------------


def _read_block(data: Json) -> Block:
    if data["kind"] == "heading":
        return Heading(int(data["level"]), data["text"])
    if data["kind"] == "figure":
        return Figure(
            png=base64.b64decode(data["png"]),
            caption=data["caption"],
            width_mm=float(data["width_mm"]),
            height_mm=float(data["height_mm"]),
        )
    return Paragraph(data["text"])


def _read_row(data: Json) -> BuiltRow:
    cells = tuple(
        Cell(text, None if value is None else Decimal(value), kind)
        for text, value, kind in data["cells"]
    )
    return BuiltRow(data["unit_code"], data["label"], cells, data["rank"])


def _read_column(data: Json) -> ColumnSpec:
    change = data["change"]
    fields = {name: value for name, value in data.items() if name != "change"}
    return ColumnSpec(**fields, change=None if change is None else ChangeFormat(**change))


def _read_table(data: Json) -> BuiltTable:
    return BuiltTable(
        code=data["code"],
        title=data["title"],
        header_rows=tuple(
            tuple(HeaderCell(text, colspan, rowspan) for text, colspan, rowspan in row)
            for row in data["header_rows"]
        ),
        columns=tuple(_read_column(c) for c in data["columns"]),
        rows=tuple(_read_row(r) for r in data["rows"]),
        total=None if data["total"] is None else _read_row(data["total"]),
        footnotes=tuple(data["footnotes"]),
        rank_column_empty=bool(data["rank_column_empty"]),
    )


def document_from_json(data: Json) -> BulletinDocument:
    return BulletinDocument(
        issuer_mark=data["issuer_mark"],
        number=data["number"],
        title=data["title"],
        recipients=data["recipients"],
        body=tuple(_read_block(b) for b in data["body"]),
        attachments=tuple(
            Attachment(
                a["number"],
                tuple(a["title_lines"]),
                a["period_line"],
                a["unit_line"],
                _read_table(a["table"]),
            )
            for a in data["attachments"]
        ),
        signature=data["signature"],
        date=datetime.date.fromisoformat(data["date"]),
        cc=data["cc"],
        printer=data["printer"],
        print_date=datetime.date.fromisoformat(data["print_date"]),
        draft=bool(data["draft"]),
        meta=dict(data["meta"]),
    )


def snapshot_document(snapshot: Json) -> BulletinDocument:
    if snapshot.get("version") != SNAPSHOT_VERSION:
        raise AnjuError(f"通报存档的格式版本“{snapshot.get('version')}”无法读取")
    return document_from_json(snapshot["document"])


def snapshot_figures(snapshot: Json) -> dict[str, tuple[str, dict[str, Decimal]]]:
    """unit code → (name, element code → figure), as they were at issue."""
    return {
        code: (unit["name"], {k: Decimal(v) for k, v in unit["values"].items()})
        for code, unit in snapshot["figures"].items()
    }
