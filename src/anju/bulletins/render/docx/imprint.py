"""What closes and frames the pages: the 版记 on the last page, page numbers on odd and even
pages, and the draft mark in the headers.

The standard wants the 版记 on the last page, an even one, its last rule on the bottom edge of
the 版心 (``layout``): it gets a section of its own, starting on an even page, its text
aligned to the foot of the page.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.section import _Footer, _Header
from docx.shared import Length, Mm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from anju.bulletins.document import BulletinDocument
from anju.bulletins.render.docx.oxml import (
    XML_SPACE,
    add_paragraph,
    add_text,
    blank_lines,
    bottom_rule,
    element,
    ems,
    exact_line,
    indent,
    style_set,
)
from anju.bulletins.render.docx.page import Page, imprint_section, text_width
from anju.bulletins.render.docx.reference import FOOTER_DISTANCE_MM, MARGIN_BOTTOM_MM
from anju.bulletins.render.docx.styles import Style, style_size

# Border widths are in eighths of a point.
THICK_RULE = 8  # 版记's first and last rules: 0.35 mm, about 1 pt
THIN_RULE = 6  # 版记's middle rule: 0.25 mm, about 0.75 pt
RULE_LINE_PT = 1.0  # a rule's own paragraph, one point high
NUMBER_LINE_PT = 14.0  # the page number's line, as high as its 4号 characters


def _imprint_rule(footer: _Footer, size: int) -> None:
    """A full-width rule: an empty paragraph one point high with a bottom border.

    A paragraph of its own, because a border follows its paragraph's indents and the 版记
    text is indented one character from each side.
    """
    paragraph = add_paragraph(footer, Style.IMPRINT)
    exact_line(paragraph, RULE_LINE_PT)
    bottom_rule(paragraph, size)


def imprint_add(doc: Document, document: BulletinDocument, page: Page) -> None:
    """The 版记 in the footer of its own even page, so that its last rule lies on the lower
    edge of the 版心 however many lines the 抄送 takes: a footer grows upwards, in every
    reader. Under it stands the page number, as on any even page, unless a blank page comes
    before it (GB/T 9704 §7.5): then neither carries one, the blank page's (odd) footer being
    empty."""
    section = imprint_section(doc, page)
    blank_lines(doc, 1)  # a section holds at least one paragraph
    section.footer.is_linked_to_previous = False
    footer = section.even_page_footer
    footer.is_linked_to_previous = False
    footer._element.remove(footer.paragraphs[0]._p)
    width, char_pt = text_width(section), style_size(doc, Style.IMPRINT)
    _imprint_rule(footer, THICK_RULE)
    if document.cc_text:
        # 左右各空一字; wrapped lines align after "抄送：".
        cc = add_paragraph(footer, Style.IMPRINT, document.cc_text)
        label = ems("抄送：")
        indent(cc, left=1 + label, first=-label, right=1, char_pt=char_pt)
        _imprint_rule(footer, THIN_RULE)
    line = add_paragraph(footer, Style.IMPRINT, document.printer)
    indent(line, left=1, char_pt=char_pt)
    # Tab stops count from the margin: the date ends one character in from the right. No
    # right indent: LibreOffice ignores a tab stop that reaches the indent.
    stop = Length(width - Pt(char_pt))
    line.paragraph_format.tab_stops.add_tab_stop(stop, WD_TAB_ALIGNMENT.RIGHT)
    add_text(line, "\t")
    add_text(line, document.print_date_text)
    _imprint_rule(footer, THICK_RULE)
    # Between the rule and the foot of the footer: the distance from the 版心 to the footer's
    # lower edge, the page number's line last.
    gap = add_paragraph(footer, Style.IMPRINT)
    below = Mm(MARGIN_BOTTOM_MM - FOOTER_DISTANCE_MM).pt
    exact_line(gap, below - RULE_LINE_PT - NUMBER_LINE_PT)
    number = add_paragraph(footer, Style.PAGE_NUMBER)
    exact_line(number, NUMBER_LINE_PT)
    _page_number(number, odd=False, char_pt=style_size(doc, Style.PAGE_NUMBER))


# --- headers and footers ----------------------------------------------------------------------


def _page_number(paragraph: DocxParagraph, *, odd: bool, char_pt: float) -> None:
    """ "— N —" in 4号宋体: odd pages 居右空一字, even pages 居左空一字."""
    style_set(paragraph, Style.PAGE_NUMBER)
    if odd:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        indent(paragraph, right=1, char_pt=char_pt)
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        indent(paragraph, left=1, char_pt=char_pt)
    add_text(paragraph, "— ")
    _field(paragraph, "PAGE", "1")
    add_text(paragraph, " —")


def _field(paragraph: DocxParagraph, instruction: str, result: str) -> None:
    """A complex field: begin, instruction, separate, the result shown until Word updates
    it, end; each part in a run of its own."""
    add_text(paragraph, "")._r.append(element("w:fldChar", fldCharType="begin"))
    code = element("w:instrText")
    code.text = f" {instruction} "
    code.set(XML_SPACE, "preserve")
    add_text(paragraph, "")._r.append(code)
    add_text(paragraph, "")._r.append(element("w:fldChar", fldCharType="separate"))
    add_text(paragraph, result)
    add_text(paragraph, "")._r.append(element("w:fldChar", fldCharType="end"))


def _draft_mark(header: _Header) -> None:
    paragraph = header.paragraphs[0]
    style_set(paragraph, Style.DRAFT_MARK)
    add_text(paragraph, "草稿")


def headers_and_footers_add(doc: Document, *, draft: bool) -> None:
    # Odd and even pages carry their page numbers on opposite sides.
    doc.settings.odd_and_even_pages_header_footer = True
    char_pt = style_size(doc, Style.PAGE_NUMBER)
    for section in doc.sections:
        for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
            footer.is_linked_to_previous = False
            _page_number(footer.paragraphs[0], odd=odd, char_pt=char_pt)
        if draft:
            for header in (section.header, section.even_page_header):
                header.is_linked_to_previous = False
                _draft_mark(header)
