"""The bulletin as a Word document, laid out per GB/T 9704-2012 (党政机关公文格式).

The order on the page follows the standard: 版头 (the red 发文机关标志, the 发文字号 and the
red rule), 主体 (title, 主送机关, body, 附件说明, 署名 and 成文日期), then each 附件 on pages of
its own, and last the 版记 (抄送, 印发机关 and 印发日期 between rules). Every figure and sentence
comes finished from the document model.

The page and the look of every role (fonts, sizes, alignment, indents, the grid) come from a
reference document with named styles (``reference.py`` builds it); the modules here open it,
add content by style name, and measure only what depends on the text: the size of the
发文机关标志, indents that align with a label, column widths.
"""

from __future__ import annotations

import datetime
import io

from anju.bulletins.document import BulletinDocument
from anju.bulletins.render.docx.attachments import attachment_add
from anju.bulletins.render.docx.body import attachment_notes_add, body_add, signature_add
from anju.bulletins.render.docx.head import head_add, title_add
from anju.bulletins.render.docx.imprint import headers_and_footers_add, imprint_add
from anju.bulletins.render.docx.package import fixed_zip, properties_set
from anju.bulletins.render.docx.page import Page, reference_open

__all__ = ["render_docx"]


def render_docx(document: BulletinDocument) -> bytes:
    """The bulletin as the bytes of a .docx file."""
    doc = reference_open()
    page = Page.of(doc.sections[0])
    head_add(doc, document)
    title_add(doc, document)
    body_add(doc, document)
    attachment_notes_add(doc, document.attachment_notes)
    signature_add(doc, document)
    for attachment in document.attachments:
        attachment_add(doc, attachment, page)
    headers_and_footers_add(doc, draft=document.draft)
    imprint_add(doc, document, page)  # after the page numbers: its page carries none
    properties_set(
        doc,
        title=document.title_text,
        author=document.signature,
        subject=document.number,
        when=datetime.datetime.combine(document.date, datetime.time()),
    )
    out = io.BytesIO()
    doc.save(out)
    return fixed_zip(out.getvalue(), document.date)
