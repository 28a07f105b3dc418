"""A built table as plain records, ``{header: text}`` per row, for CSV or JSON export."""

from __future__ import annotations

from collections.abc import Sequence

from anju.engine.tables import BuiltTable, ColumnSpec

__all__ = ["table_as_records"]


def _record_keys(columns: Sequence[ColumnSpec]) -> list[str]:
    # Headers are what a reader recognises; a repeated header is told apart by its column key.
    headers = [column.header for column in columns]
    return [
        column.header if headers.count(column.header) == 1 else f"{column.header}（{column.key}）"
        for column in columns
    ]


def table_as_records(table: BuiltTable) -> list[dict[str, str]]:
    """Each row, then the total, as ``{header: text}`` for CSV or JSON export."""
    keys = _record_keys(table.columns)
    rows = [*table.rows, *([table.total] if table.total is not None else [])]
    return [{key: cell.text for key, cell in zip(keys, row.cells, strict=True)} for row in rows]
