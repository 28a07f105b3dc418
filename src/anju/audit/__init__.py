"""Audit of published bulletins: every derived figure checked at printed precision.

The core (``audit_document``) is pure Python over a parsed ``Document``; readers turn .txt,
.docx, .xlsx, .pdf and .html files into that model (``audit_file``).
"""

from __future__ import annotations

from anju.audit.core import audit_document
from anju.audit.document import Document, Grid, Paragraph
from anju.audit.findings import AuditResult, Finding, Kind, Severity
from anju.audit.reading import Unreadable, audit_file, read_document

__all__ = [
    "AuditResult",
    "Document",
    "Finding",
    "Grid",
    "Kind",
    "Paragraph",
    "Severity",
    "Unreadable",
    "audit_document",
    "audit_file",
    "read_document",
]
