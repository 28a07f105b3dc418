"""The rest of the 主体: body text with its headings and charts, the 附件说明, and the
发文机关署名 over the 成文日期."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx.document import Document
from docx.shared import Length, Mm

from anju.bulletins.document import BulletinDocument, Figure, Heading, Paragraph
from anju.bulletins.render.docx.oxml import add_paragraph, blank_lines, ems, indent
from anju.bulletins.render.docx.page import text_width
from anju.bulletins.render.docx.styles import HEADINGS, Style, style_size
from anju.bulletins.render.layout import SIGNATURE_BLANK_LINES, signature_place


def body_add(doc: Document, document: BulletinDocument) -> None:
    for block in document.body:
        if isinstance(block, Heading):
            add_paragraph(doc, HEADINGS[min(max(block.level, 1), 3)], block.text)
        elif isinstance(block, Paragraph):
            add_paragraph(doc, Style.BODY, block.text)
        elif isinstance(block, Figure):
            _figure_add(doc, block)


def _figure_add(doc: Document, figure: Figure) -> None:
    picture = add_paragraph(doc, Style.FIGURE)
    # The width is the model's; the height follows the image so it is never distorted.
    width = Length(min(Mm(figure.width_mm), text_width(doc.sections[-1])))
    picture.add_run().add_picture(io.BytesIO(figure.png), width=width)
    if figure.caption:
        add_paragraph(doc, Style.CAPTION, figure.caption)


def attachment_notes_add(doc: Document, notes: Sequence[str]) -> None:
    """附件说明: 正文下空一行左空二字 "附件：1. …"; later numbers and wrapped lines align.

    Every line's title starts at the same place: two characters of indent, three for "附件：",
    then the width of its own number ("1. "). The first paragraph hangs back to "附件：",
    the others to their number.
    """
    if not notes:
        return
    blank_lines(doc, 1)
    label = "附件："
    char_pt = style_size(doc, Style.ATTACHMENT_NOTES)
    for index, note in enumerate(notes):
        number = note.split(" ", 1)[0] + " "
        title_at = 2 + ems(label) + ems(number)
        text = f"{label}{note}" if index == 0 else note
        hang = title_at - 2 if index == 0 else ems(number)
        paragraph = add_paragraph(doc, Style.ATTACHMENT_NOTES, text)
        indent(paragraph, left=title_at, first=-hang, char_pt=char_pt)


def signature_add(doc: Document, document: BulletinDocument) -> None:
    """发文机关署名 over the 成文日期, placed by ``layout.signature_place``."""
    place = signature_place(document.signature, document.date_text)
    blank_lines(doc, SIGNATURE_BLANK_LINES)  # room for the seal over the signature and date
    if document.signature:
        paragraph = add_paragraph(doc, Style.SIGNATURE, document.signature)
        indent(paragraph, right=place.signature_right, char_pt=style_size(doc, Style.SIGNATURE))
    paragraph = add_paragraph(doc, Style.DATE, document.date_text)
    indent(paragraph, right=place.date_right, char_pt=style_size(doc, Style.DATE))
