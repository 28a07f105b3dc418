"""An audit kept with its upload: the file's bytes audited, and the document as read, as JSON.

The document is kept as read so the page shows the tables and sentences the findings name
without reading the file again (a PDF's text layer takes seconds).
"""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePath
from typing import Any

from anju.audit.core import audit_document
from anju.audit.document import Block, Document, Grid, Paragraph
from anju.audit.findings import AuditResult, Finding, Kind, Severity
from anju.audit.reading import FORMATS, MAX_BYTES, Unreadable, read_document


def audit_bytes(data: bytes, filename: str) -> tuple[Document, AuditResult]:
    """Read an uploaded file (its format from its name) and audit it; Unreadable if it cannot."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in FORMATS:
        raise Unreadable(
            f"不支持的文件类型“{suffix or '无扩展名'}”（支持 txt、docx、xlsx、pdf、html）"
        )
    if len(data) > MAX_BYTES:
        raise Unreadable("文件超过 50 MB")
    with tempfile.TemporaryDirectory(prefix="anju-audit-") as folder:
        # The name on disk is ours: an uploaded name never becomes a path.
        path = Path(folder) / f"bulletin{suffix}"
        path.write_bytes(data)
        document = read_document(path)
    document = Document(PurePath(filename).name, document.blocks)
    return document, audit_document(document)


def document_json(document: Document) -> list[dict[str, Any]]:
    return [
        {"paragraph": block.text}
        if isinstance(block, Paragraph)
        else {"title": list(block.title), "rows": [list(row) for row in block.rows]}
        for block in document.blocks
    ]


def document_from_json(name: str, data: list[dict[str, Any]]) -> Document:
    blocks: list[Block] = []
    for item in data:
        if "paragraph" in item:
            blocks.append(Paragraph(str(item["paragraph"])))
        else:
            rows = tuple(tuple(str(cell) for cell in row) for row in item["rows"])
            blocks.append(Grid(tuple(str(line) for line in item["title"]), rows))
    return Document(name, tuple(blocks))


def findings_from_json(data: list[dict[str, str]]) -> list[Finding]:
    return [
        Finding(
            Severity(item["severity"]),
            Kind(item["kind"]),
            item["where"],
            item["message"],
            item.get("unit", ""),
            item.get("printed", ""),
            item.get("expected", ""),
            item.get("cause", ""),
        )
        for item in data
    ]
