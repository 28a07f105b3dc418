"""The audit of one parsed document: tables, running text and form, into one result."""

from __future__ import annotations

from anju.audit.document import Document
from anju.audit.findings import AuditResult, Severity
from anju.audit.form import check_form
from anju.audit.narrative import check_narrative
from anju.audit.table_checks import check_table
from anju.audit.tables import Table, recognise
from anju.audit.tally import RatePair

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}


def recognise_tables(document: Document) -> list[Table]:
    found = (recognise(grid, position) for position, grid in enumerate(document.grids, start=1))
    return [table for table in found if table is not None]


def audit_document(document: Document) -> AuditResult:
    """Every derived figure checked at printed precision, and the form of the text."""
    result = AuditResult(document.name)
    tables = recognise_tables(document)
    pairs: list[RatePair] = []
    for table in tables:
        tally, found = check_table(table)
        pairs += found
        result.checked += tally.checked
        result.findings += tally.findings
    paragraphs = [p.text for p in document.paragraphs]
    narrative = check_narrative(paragraphs, tables, pairs)
    result.checked += narrative.checked
    result.findings += narrative.findings
    result.findings += check_form(paragraphs)
    result.findings.sort(key=lambda f: _ORDER[f.severity])
    return result
