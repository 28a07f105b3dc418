"""The self-check at issue: anju audits its own bulletin, and an error blocks issuing.

The audit reads the bulletin's document model directly (the same text every renderer lays
out), so no file is written and read back. It should never find an error: the engine computes
every figure exactly. If it ever does, the bulletin is not issued and the findings say why.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from anju.audit import AuditResult, Document, Grid, Paragraph, Severity, audit_document
from anju.audit.document import Block
from anju.bulletins.document import Attachment, BulletinDocument, Heading
from anju.bulletins.document import Paragraph as BodyParagraph
from anju.engine import BuiltTable
from anju.errors import InvalidInput


def _header_grid(table: BuiltTable) -> list[tuple[str, ...]]:
    """The header rows laid out cell by cell: a spanning cell fills every place it covers."""
    width = len(table.columns)
    grid: list[list[str | None]] = [[None] * width for _ in table.header_rows]
    for r, header_row in enumerate(table.header_rows):
        at = 0
        for cell in header_row:
            while at < width and grid[r][at] is not None:
                at += 1
            for down in range(r, min(r + cell.rowspan, len(grid))):
                for across in range(at, min(at + cell.colspan, width)):
                    # Below a spanning cell its text repeats, as a reader of the page sees it.
                    grid[down][across] = cell.text
            at += cell.colspan
    return [tuple(text or "" for text in row) for row in grid]


def _attachment_grid(attachment: Attachment) -> Grid:
    table = attachment.table
    title = (
        f"附件{attachment.number}",
        attachment.title,
        *(line for line in (attachment.period_line, attachment.unit_line) if line),
    )
    rows = _header_grid(table)
    body = [*table.rows, *([table.total] if table.total is not None else [])]
    rows += [tuple(cell.text for cell in row.cells) for row in body]
    return Grid(title, tuple(rows))


def bulletin_audit_document(document: BulletinDocument) -> Document:
    """The bulletin as the audit reads a published one: its text, then its attachments."""
    blocks: list[Block] = [Paragraph(line) for line in document.title.split("\n") if line]
    if document.recipients:
        blocks.append(Paragraph(f"{document.recipients}："))
    for block in document.body:
        if isinstance(block, Heading | BodyParagraph):  # a chart's picture holds no text
            blocks.append(Paragraph(block.text))
    blocks += [Paragraph(note) for note in document.attachment_notes]
    blocks += [Paragraph(document.signature), Paragraph(document.date_text)]
    blocks += [_attachment_grid(attachment) for attachment in document.attachments]
    if document.cc_text:
        blocks.append(Paragraph(document.cc_text))
    return Document(document.title_text or "通报", tuple(blocks))


def bulletin_self_audit(document: BulletinDocument) -> AuditResult:
    return audit_document(bulletin_audit_document(document))


def bulletin_self_check(*, document: BulletinDocument) -> AuditResult:
    """The audit of the bulletin about to be issued; InvalidInput listing every error found."""
    result = bulletin_self_audit(document)
    errors = result.of(Severity.ERROR)
    if errors:
        raise InvalidInput(
            [_("通报自检发现计算错误，未印发：")]
            + [
                _("%(where)s：印作%(printed)s，应为%(expected)s。%(message)s")
                % {
                    "where": f.where,
                    "printed": f.printed,
                    "expected": f.expected,
                    "message": f.message,
                }
                for f in errors
            ]
        )
    return result
