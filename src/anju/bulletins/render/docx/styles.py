"""The bulletin's named styles: one for each role a paragraph plays on the page.

The reference document defines them (fonts, sizes, alignment, indents, the grid); the builder
only names the role. Names are what a clerk sees in Word's style list; the ids stay ASCII
for tools that choke on others.
"""

from __future__ import annotations

from enum import StrEnum

from docx.document import Document
from docx.styles.style import ParagraphStyle


class Style(StrEnum):
    ISSUER_MARK = "发文机关标志"
    NUMBER = "发文字号"
    TITLE = "公文标题"
    RECIPIENTS = "主送机关"
    BODY = "公文正文"  # not "正文": Chinese Word's name for its Normal style
    HEADING_1 = "一级标题"
    HEADING_2 = "二级标题"
    HEADING_3 = "三级标题"
    FIGURE = "插图"
    CAPTION = "图题"
    ATTACHMENT_NOTES = "附件说明"
    SIGNATURE = "发文机关署名"
    DATE = "成文日期"
    ATTACHMENT_LABEL = "附件标识"
    ATTACHMENT_TITLE = "附件标题"
    ATTACHMENT_PERIOD = "附件期别"
    ATTACHMENT_UNIT = "附件单位"
    TABLE_HEAD = "表头文字"
    TABLE_TEXT = "表格文字"
    TABLE_NOTE = "表注"
    IMPRINT = "版记"
    PAGE_NUMBER = "页码"
    DRAFT_MARK = "草稿标识"


HEADINGS = {1: Style.HEADING_1, 2: Style.HEADING_2, 3: Style.HEADING_3}


def style_size(doc: Document, style: Style) -> float:
    """The font size of ``style`` in points, as the reference document defines it; the builder
    measures indents and column widths in it."""
    found = doc.styles[style]
    assert isinstance(found, ParagraphStyle)
    size = found.font.size
    if size is None:
        raise LookupError(f"the reference document's style {style} has no font size")
    return float(size.pt)
