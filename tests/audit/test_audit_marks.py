"""Findings placed back on the document: the cell, the row, the header or the words they name."""

from __future__ import annotations

from anju.audit import Document, Grid, Paragraph, audit_document
from anju.audit.marks import MarkedParagraph, MarkedTable, marked_document
from anju.audit.stored import document_from_json, document_json, findings_from_json

TABLE = Grid(
    ("附件1", "开工率排序表"),
    (
        ("县", "目标任务数", "开工数", "开工率"),
        ("甲县", "250", "153", "61.19%"),
        ("乙县", "100", "50", "50.00%"),
        ("合计", "350", "203", "58.00%"),
    ),
)
TEXT = "截止2017年6月底，全州开工203套，开工率为58%。"


def test_a_wrong_rate_is_marked_on_its_cell_and_a_form_note_on_its_words() -> None:
    document = Document("t", (Paragraph(TEXT), TABLE))
    result = audit_document(document)
    [paragraph, table] = marked_document(document, result.findings)
    assert isinstance(paragraph, MarkedParagraph) and isinstance(table, MarkedTable)
    marked = [(c.text, c.mark.severity) for row in table.rows for c in row if c.mark.numbers]
    assert marked == [("61.19%", "error")]
    assert [(s.text, s.mark.severity) for s in paragraph.spans if s.mark.numbers] == [
        ("截止", "note")
    ]
    assert "".join(s.text for s in paragraph.spans) == TEXT


def test_the_document_and_findings_kept_as_json_give_the_same_marks() -> None:
    document = Document("t", (Paragraph(TEXT), TABLE))
    result = audit_document(document)
    again = document_from_json("t", document_json(document))
    assert again == document
    assert findings_from_json([f.as_dict() for f in result.findings]) == result.findings
