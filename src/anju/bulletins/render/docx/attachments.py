"""Each 附件 on pages of its own: "附件N" 顶格, its title on the third line, the period and
unit lines, the table and the notes under it."""

from __future__ import annotations

from docx.document import Document
from docx.shared import Pt

from anju.bulletins.document import Attachment
from anju.bulletins.render.docx.oxml import add_paragraph, add_text, blank_lines, condense
from anju.bulletins.render.docx.page import Page, attachment_section, text_width
from anju.bulletins.render.docx.styles import Style
from anju.bulletins.render.docx.tables import table_add
from anju.bulletins.render.layout import title_line_scale

NOTE_GAP_PT = 6  # between a table and the first note under it


def attachment_add(doc: Document, attachment: Attachment, page: Page) -> None:
    section = attachment_section(doc, page, landscape=attachment.landscape)
    add_paragraph(doc, Style.ATTACHMENT_LABEL, f"附件{attachment.number}")
    blank_lines(doc, 1)  # the title goes on the third line
    title = add_paragraph(doc, Style.ATTACHMENT_TITLE)
    width = text_width(section).pt
    for index, line in enumerate(attachment.title_lines):
        run = add_text(title, line)
        if (scale := title_line_scale(line, width)) != 100:
            condense(run, scale)
        if index < len(attachment.title_lines) - 1:
            run.add_break()
    if attachment.period_line:
        add_paragraph(doc, Style.ATTACHMENT_PERIOD, attachment.period_line)
    if attachment.unit_line:
        add_paragraph(doc, Style.ATTACHMENT_UNIT, attachment.unit_line)
    else:
        blank_lines(doc, 1)
    table_add(doc, attachment.table, text_width(section))
    for index, note in enumerate(attachment.table.footnotes):
        text = note if note.startswith("注") else f"注：{note}"
        paragraph = add_paragraph(doc, Style.TABLE_NOTE, text)
        if index == 0:
            paragraph.paragraph_format.space_before = Pt(NOTE_GAP_PT)
