"""版头 and the start of the 主体: the red 发文机关标志, the 发文字号 over the red rule, then the
title and the 主送机关."""

from __future__ import annotations

import math

from docx.document import Document
from docx.shared import Pt

from anju.bulletins.document import BulletinDocument
from anju.bulletins.render.docx.oxml import (
    add_paragraph,
    blank_lines,
    bottom_rule,
    ems,
    exact_line,
)
from anju.bulletins.render.docx.page import text_width
from anju.bulletins.render.docx.styles import Style, style_size

MARK_SIZES = (22.0, 26.0)  # the 发文机关标志 is set as large as fits one line, in this range
# Border widths are in eighths of a point.
HEAD_RULE = 12  # the red rule under the 版头: 1.5 pt
HEAD_RULE_COLOR = "FF0000"
HEAD_RULE_GAP_PT = 11  # 4 mm under the 发文字号


def mark_size(text: str, width_pt: float) -> float:
    """The largest size in range at which the 发文机关标志 fits one line of the 版心."""
    low, high = MARK_SIZES
    return max(low, min(high, math.floor(width_pt / max(ems(text), 1.0))))


def head_add(doc: Document, document: BulletinDocument) -> None:
    mark = add_paragraph(doc, Style.ISSUER_MARK, document.issuer_mark)
    size = mark_size(document.issuer_mark, text_width(doc.sections[0]).pt)
    if size != style_size(doc, Style.ISSUER_MARK) and mark.runs:
        mark.runs[0].font.size = Pt(size)
        exact_line(mark, size * 1.25)
    last = mark
    if document.number:
        blank_lines(doc, 2)  # 发文字号 in 标志下空二行
        last = add_paragraph(doc, Style.NUMBER, document.number)
    # Full 版心 width: the paragraph has no indents.
    bottom_rule(last, HEAD_RULE, HEAD_RULE_COLOR, HEAD_RULE_GAP_PT)


def title_add(doc: Document, document: BulletinDocument) -> None:
    blank_lines(doc, 2)  # 红色分隔线下空二行
    add_paragraph(doc, Style.TITLE, document.title)
    blank_lines(doc, 1)
    recipients = document.recipients.rstrip("：:")
    if recipients:
        add_paragraph(doc, Style.RECIPIENTS, f"{recipients}：")
