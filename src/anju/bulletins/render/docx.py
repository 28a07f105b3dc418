"""The bulletin as a Word document, laid out per GB/T 9704-2012 (党政机关公文格式).

The order on the page follows the standard: 版头 (the red 发文机关标志, the 发文字号 and the
red rule), 主体 (title, 主送机关, body, 附件说明, 署名 and 成文日期), then each 附件 on pages of
its own, and last the 版记 (抄送, 印发机关 and 印发日期 between rules). Every figure and sentence
comes finished from the document model; this module only chooses places, fonts and sizes.

Measurements are in the standard's terms: sizes in 号 (3号 = 16 pt), distances in lines and
characters ("空二字"). Where the standard measures in characters the paragraph carries both
Word's character units (``firstLineChars`` and the like, which follow the document grid) and
the same distance in twips, for readers that ignore character units.
"""

from __future__ import annotations

import datetime
import io
import math
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section, _Footer, _Header
from docx.shared import Length, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from anju.bulletins.document import (
    Attachment,
    BulletinDocument,
    Figure,
    Heading,
    Paragraph,
)
from anju.engine import BuiltRow, BuiltTable, HeaderCell

__all__ = ["render_docx"]

# A block container: the document body, a header or a footer (all have add_paragraph).
Container = Document | _Header | _Footer

# --- page geometry (GB/T 9704-2012 §5.2) ------------------------------------------------------

PAGE_WIDTH_MM = 210.0  # A4
PAGE_HEIGHT_MM = 297.0
MARGIN_TOP_MM = 37.0  # 天头
MARGIN_BOTTOM_MM = 35.0
MARGIN_LEFT_MM = 28.0  # 订口
MARGIN_RIGHT_MM = 26.0
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 版心 156 mm
TEXT_HEIGHT_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM  # 版心 225 mm
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28

# The page number's 一字线 sit 7 mm under the 版心; Word measures the footer distance from the
# paper's edge to the bottom of the footer line, about half a 14 pt line below the dashes.
FOOTER_DISTANCE_MM = MARGIN_BOTTOM_MM - 7.0 - 2.5
HEADER_DISTANCE_MM = 15.0

POINTS_PER_MM = 72 / 25.4
TWIPS_PER_POINT = 20

# --- fonts and sizes --------------------------------------------------------------------------

XIAOBIAOSONG = "方正小标宋简体"
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
LATIN = "Times New Roman"  # figures and Latin letters in body text

RED = RGBColor(0xFF, 0x00, 0x00)  # 发文机关标志 and the rule under the 版头
GREY = RGBColor(0x80, 0x80, 0x80)

SIZE_2 = 22.0  # 2号: the title
SIZE_3 = 16.0  # 3号: body text
SIZE_4 = 14.0  # 4号: page numbers, 版记
SIZE_SMALL_4 = 12.0  # 小4号: table headers, notes under tables
MARK_SIZES = (22.0, 26.0)  # the 发文机关标志 is set as large as fits one line, in this range


@dataclass(frozen=True)
class Font:
    east_asia: str
    size: float  # points
    latin: str = LATIN
    bold: bool = False
    color: RGBColor | None = None


TITLE_FONT = Font(XIAOBIAOSONG, SIZE_2)
BODY_FONT = Font(FANGSONG, SIZE_3)
HEADING_FONTS = {1: Font(HEITI, SIZE_3), 2: Font(KAITI, SIZE_3), 3: Font(FANGSONG, SIZE_3)}
CAPTION_FONT = Font(FANGSONG, SIZE_4)
LABEL_FONT = Font(HEITI, SIZE_3)  # "附件1" on an attachment's first page
UNIT_LINE_FONT = Font(FANGSONG, SIZE_4)
TABLE_HEAD_FONT = Font(HEITI, SIZE_SMALL_4)  # 黑体 is already heavy: no synthetic bold
TABLE_BODY_FONT = Font(FANGSONG, SIZE_4)
NOTE_FONT = Font(FANGSONG, SIZE_SMALL_4)
IMPRINT_FONT = Font(FANGSONG, SIZE_4)  # 版记
PAGE_NUMBER_FONT = Font(SONGTI, SIZE_4, latin=SONGTI)  # 4号半角宋体阿拉伯数字
DRAFT_FONT = Font(HEITI, SIZE_4, color=GREY)

# --- the document grid ------------------------------------------------------------------------
#
# The standard sets 22 lines of 28 characters of 3号 仿宋 on the 版心. Word's grid states this
# as a line pitch in twips and a character pitch added to the Normal style's size (16 pt) in
# 4096ths of a point:
#   line pitch: 225 mm = 637.8 pt over 22 lines = 28.99 pt, rounded down to 579 twips so that
#     all 22 lines fit;
#   char pitch: 156 mm = 442.2 pt over 28 characters = 15.79 pt, i.e. 16 pt - 0.207 pt,
#     charSpace = -0.207 * 4096 = -848.
TEXT_WIDTH_PT = TEXT_WIDTH_MM * POINTS_PER_MM
LINE_PITCH_TWIPS = math.floor(TEXT_HEIGHT_MM * POINTS_PER_MM * TWIPS_PER_POINT / LINES_PER_PAGE)
LINE_PITCH_PT = LINE_PITCH_TWIPS / TWIPS_PER_POINT
CHAR_SPACE = round((TEXT_WIDTH_PT / CHARS_PER_LINE - SIZE_3) * 4096)

# --- rules ------------------------------------------------------------------------------------
# Border widths are in eighths of a point.
HEAD_RULE = 12  # the red rule under the 版头: 1.5 pt
HEAD_RULE_GAP_PT = 11  # 4 mm under the 发文字号
THICK_RULE = 8  # 版记's first and last rules: 0.35 mm, about 1 pt
THIN_RULE = 6  # 版记's middle rule: 0.25 mm, about 0.75 pt
TABLE_RULE = 4  # 0.5 pt

# --- measuring --------------------------------------------------------------------------------

# Times New Roman advance widths in ems; CJK characters (and ambiguous-width punctuation,
# set in the Chinese font) take a full em. An estimate, good enough to align indents.
NARROW_EMS = {".": 0.25, ",": 0.25, " ": 0.25, ":": 0.28, "(": 0.33, ")": 0.33}


def _ems(text: str) -> float:
    """The width of ``text`` in ems of its font size."""
    total = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("F", "W", "A"):
            total += 1.0
        else:
            total += NARROW_EMS.get(char, 0.5)
    return total


# --- low-level XML ----------------------------------------------------------------------------

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# Schema order of a paragraph's properties: a child must go before those that follow it.
PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
    "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
    "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
)  # fmt: skip


def _element(tag: str, **attributes: str) -> BaseOxmlElement:
    element: BaseOxmlElement = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _put(parent: BaseOxmlElement, child: BaseOxmlElement, order: Sequence[str]) -> None:
    """Set ``child`` on ``parent`` in schema order, replacing one of the same tag."""
    tag = child.tag
    for old in parent.findall(tag):
        parent.remove(old)
    names = [qn(name) for name in order]
    parent.insert_element_before(child, *order[names.index(tag) + 1 :])


def _put_ppr(paragraph: DocxParagraph, child: BaseOxmlElement) -> None:
    _put(paragraph._p.get_or_add_pPr(), child, PPR_ORDER)


def _border(edge: str, size: int, color: str = "000000", space: int = 0) -> BaseOxmlElement:
    return _element(edge, val="single", sz=str(size), space=str(space), color=color)


# --- runs and paragraphs ----------------------------------------------------------------------


def _run(paragraph: DocxParagraph, text: str, font: Font) -> Run:
    run = paragraph.add_run(text)
    run.font.name = font.latin  # w:ascii and w:hAnsi
    run.font.size = Pt(font.size)
    if font.bold:
        run.font.bold = True
    if font.color is not None:
        run.font.color.rgb = font.color
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), font.east_asia)
    # Ambiguous-width marks (“ ” — …) take the Chinese font, full width.
    fonts.set(qn("w:hint"), "eastAsia")
    return run


def _paragraph(
    container: Container,
    text: str = "",
    font: Font = BODY_FONT,
    align: WD_ALIGN_PARAGRAPH | None = None,
) -> DocxParagraph:
    paragraph = container.add_paragraph()
    if text:
        _run(paragraph, text, font)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _blank_lines(container: Container, count: int) -> None:
    """The standard's "空N行": empty body-size paragraphs, one grid line each."""
    for _ in range(count):
        container.add_paragraph()


def _indent(
    paragraph: DocxParagraph,
    *,
    first: float = 0.0,
    left: float = 0.0,
    right: float = 0.0,
    char_pt: float = SIZE_3,
) -> None:
    """Indents in characters; a negative ``first`` hangs the first line out to the left."""
    fmt = paragraph.paragraph_format
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    if left:
        fmt.left_indent = Pt(left * char_pt)
        ind.set(qn("w:leftChars"), str(round(left * 100)))
    if right:
        fmt.right_indent = Pt(right * char_pt)
        ind.set(qn("w:rightChars"), str(round(right * 100)))
    if first:
        fmt.first_line_indent = Pt(first * char_pt)
        name = "w:firstLineChars" if first > 0 else "w:hangingChars"
        ind.set(qn(name), str(round(abs(first) * 100)))


def _off_grid(paragraph: DocxParagraph, line_pt: float | None = None) -> None:
    """Let a paragraph ignore the document grid, optionally with an exact line height.

    Text larger than 3号 would otherwise take two grid lines per line and be spread over two
    character cells per character.
    """
    _put_ppr(paragraph, _element("w:snapToGrid", val="0"))
    if line_pt is not None:
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(line_pt)


def _bottom_rule(
    paragraph: DocxParagraph, size: int, color: str = "000000", space: int = 0
) -> None:
    borders = _element("w:pBdr")
    borders.append(_border("w:bottom", size, color, space))
    _put_ppr(paragraph, borders)


# --- 版头 and 主体 -----------------------------------------------------------------------------


def _mark_size(text: str) -> float:
    """The largest size in range at which the 发文机关标志 fits one line of the 版心."""
    low, high = MARK_SIZES
    return max(low, min(high, math.floor(TEXT_WIDTH_PT / max(_ems(text), 1.0))))


def _add_head(doc: Document, document: BulletinDocument) -> None:
    size = _mark_size(document.issuer_mark)
    mark = _paragraph(
        doc,
        document.issuer_mark,
        Font(XIAOBIAOSONG, size, color=RED),
        WD_ALIGN_PARAGRAPH.CENTER,
    )
    _off_grid(mark, size * 1.25)
    # 上边缘至版心上边缘 35 mm.
    mark.paragraph_format.space_before = Mm(35)
    last = mark
    if document.number:
        _blank_lines(doc, 2)  # 发文字号 in 标志下空二行
        last = _paragraph(doc, document.number, BODY_FONT, WD_ALIGN_PARAGRAPH.CENTER)
    _bottom_rule(last, HEAD_RULE, str(RED), HEAD_RULE_GAP_PT)  # full 版心 width: no indents


def _add_title(doc: Document, document: BulletinDocument) -> None:
    _blank_lines(doc, 2)  # 红色分隔线下空二行
    title = _paragraph(doc, document.title, TITLE_FONT, WD_ALIGN_PARAGRAPH.CENTER)
    _off_grid(title, LINE_PITCH_PT)
    _blank_lines(doc, 1)
    recipients = document.recipients.rstrip("：:")
    if recipients:
        _paragraph(doc, f"{recipients}：", BODY_FONT, WD_ALIGN_PARAGRAPH.LEFT)  # 居左顶格


def _add_body_text(doc: Document, text: str, font: Font) -> DocxParagraph:
    paragraph = _paragraph(doc, text, font, WD_ALIGN_PARAGRAPH.JUSTIFY)
    _indent(paragraph, first=2)
    return paragraph


def _add_heading(doc: Document, heading: Heading) -> None:
    level = min(max(heading.level, 1), 3)
    paragraph = _add_body_text(doc, heading.text, HEADING_FONTS[level])
    paragraph.paragraph_format.keep_with_next = True
    # An outline level puts the heading in Word's navigation pane without a heading style.
    _put_ppr(paragraph, _element("w:outlineLvl", val=str(level - 1)))


def _add_figure(doc: Document, figure: Figure) -> None:
    picture = _paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER)
    _off_grid(picture)
    picture.paragraph_format.keep_with_next = True
    # The width is the model's; the height follows the image so it is never distorted.
    width = Mm(min(figure.width_mm, TEXT_WIDTH_MM))
    picture.add_run().add_picture(io.BytesIO(figure.png), width=width)
    if figure.caption:
        caption = _paragraph(doc, figure.caption, CAPTION_FONT, WD_ALIGN_PARAGRAPH.CENTER)
        _off_grid(caption)


def _add_body(doc: Document, document: BulletinDocument) -> None:
    for block in document.body:
        if isinstance(block, Heading):
            _add_heading(doc, block)
        elif isinstance(block, Paragraph):
            _add_body_text(doc, block.text, BODY_FONT)
        elif isinstance(block, Figure):
            _add_figure(doc, block)


def _add_attachment_notes(doc: Document, notes: Sequence[str]) -> None:
    """附件说明: 正文下空一行左空二字 "附件：1. …"; later numbers and wrapped lines align.

    Every line's title starts at the same place: two characters of indent, three for "附件：",
    then the width of its own number ("1. "). The first paragraph hangs back to "附件：",
    the others to their number.
    """
    if not notes:
        return
    _blank_lines(doc, 1)
    label = "附件："
    for index, note in enumerate(notes):
        number = note.split(" ", 1)[0] + " "
        title_at = 2 + _ems(label) + _ems(number)
        text = f"{label}{note}" if index == 0 else note
        hang = title_at - 2 if index == 0 else _ems(number)
        paragraph = _paragraph(doc, text, BODY_FONT, WD_ALIGN_PARAGRAPH.LEFT)
        _indent(paragraph, left=title_at, first=-hang)


def _add_signature(doc: Document, document: BulletinDocument) -> None:
    """发文机关署名 centred over the 成文日期, which stands 右空四字.

    When the signature is too long to centre over a date four characters in, the date moves
    further in instead, so that the signature ends at the margin and stays centred.
    """
    signature, date = document.signature, document.date_text
    signature_ems, date_ems = _ems(signature), _ems(date)
    date_right = max(4.0, (signature_ems - date_ems) / 2)
    signature_right = date_right + (date_ems - signature_ems) / 2
    _blank_lines(doc, 2)  # room for the seal, which overlaps the signature and the date
    if signature:
        paragraph = _paragraph(doc, signature, BODY_FONT, WD_ALIGN_PARAGRAPH.RIGHT)
        _indent(paragraph, right=signature_right)
    paragraph = _paragraph(doc, date, BODY_FONT, WD_ALIGN_PARAGRAPH.RIGHT)
    _indent(paragraph, right=date_right)


# --- sections ---------------------------------------------------------------------------------


def _set_page(section: Section, *, landscape: bool, grid: bool) -> None:
    """A4 with the standard's margins; a landscape page is the portrait one turned clockwise,
    so each margin stays with its edge of the paper (the 订口 comes on top)."""
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(PAGE_HEIGHT_MM), Mm(PAGE_WIDTH_MM)
        section.top_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_TOP_MM)
        section.bottom_margin, section.left_margin = Mm(MARGIN_RIGHT_MM), Mm(MARGIN_BOTTOM_MM)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
        section.top_margin, section.right_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_RIGHT_MM)
        section.bottom_margin, section.left_margin = Mm(MARGIN_BOTTOM_MM), Mm(MARGIN_LEFT_MM)
    section.header_distance = Mm(HEADER_DISTANCE_MM)
    section.footer_distance = Mm(FOOTER_DISTANCE_MM)
    section.gutter = Mm(0)
    _set_grid(section, grid)


def _set_grid(section: Section, on: bool) -> None:
    """The 22 × 28 grid for the letter; none on attachment pages, where table text is small
    and would otherwise be spread to the grid's 29 pt lines."""
    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:docGrid")):
        sect_pr.remove(old)
    if on:
        grid = _element(
            "w:docGrid",
            type="linesAndChars",
            linePitch=str(LINE_PITCH_TWIPS),
            charSpace=str(CHAR_SPACE),
        )
    else:
        grid = _element("w:docGrid", linePitch="312")
    sect_pr.insert_element_before(grid, "w:printerSettings", "w:sectPrChange")


def _text_width(section: Section) -> Length:
    width = section.page_width or Mm(PAGE_WIDTH_MM)
    return Length(width - (section.left_margin or 0) - (section.right_margin or 0))


def _page_number(footer: _Footer, *, odd: bool) -> None:
    """ "— N —" in 4号宋体: odd pages 居右空一字, even pages 居左空一字."""
    paragraph = footer.paragraphs[0]
    _off_grid(paragraph)
    if odd:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _indent(paragraph, right=1, char_pt=SIZE_4)
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        _indent(paragraph, left=1, char_pt=SIZE_4)
    _run(paragraph, "— ", PAGE_NUMBER_FONT)
    _field(paragraph, "PAGE", "1", PAGE_NUMBER_FONT)
    _run(paragraph, " —", PAGE_NUMBER_FONT)


def _field(paragraph: DocxParagraph, instruction: str, result: str, font: Font) -> None:
    """A complex field: begin, instruction, separate, the result shown until Word updates
    it, end; each part in a run of its own, all in ``font``."""
    _run(paragraph, "", font)._r.append(_element("w:fldChar", fldCharType="begin"))
    code = _element("w:instrText")
    code.text = f" {instruction} "
    code.set(XML_SPACE, "preserve")
    _run(paragraph, "", font)._r.append(code)
    _run(paragraph, "", font)._r.append(_element("w:fldChar", fldCharType="separate"))
    _run(paragraph, result, font)
    _run(paragraph, "", font)._r.append(_element("w:fldChar", fldCharType="end"))


def _draft_mark(header: _Header) -> None:
    paragraph = header.paragraphs[0]
    _off_grid(paragraph)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _run(paragraph, "草稿", DRAFT_FONT)


def _headers_and_footers(doc: Document, draft: bool) -> None:
    # Odd and even pages carry their page numbers on opposite sides.
    doc.settings.odd_and_even_pages_header_footer = True
    for section in doc.sections:
        for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
            footer.is_linked_to_previous = False
            _page_number(footer, odd=odd)
        if draft:
            for header in (section.header, section.even_page_header):
                header.is_linked_to_previous = False
                _draft_mark(header)


# --- attachments ------------------------------------------------------------------------------

CELL_PADDING_PT = 2 * 5.4  # Word's default cell margins, 0.19 cm each side
HEADER_LINES = 3  # a header may wrap to this many lines before it widens its column
ROW_HEIGHT_MM = 8.0


def _column_widths(table: BuiltTable, total: int) -> list[int]:
    """Widths in EMU filling the 版心: each column gets what its longest cell needs (a header
    may wrap), and what is left over is shared equally, so no column looks starved."""
    rows = _body_rows(table)
    needs: list[float] = []
    for index, column in enumerate(table.columns):
        body = max((_ems(row.cells[index].text) for row in rows), default=0.0)
        head = max(_ems(column.header) / HEADER_LINES, 2.0)
        points = max(body * TABLE_BODY_FONT.size, head * TABLE_HEAD_FONT.size)
        needs.append(Pt(points + CELL_PADDING_PT))
    spare = total - sum(needs)
    if spare >= 0:
        widths = [math.floor(need + spare / len(needs)) for need in needs]
    else:  # too wide even at its narrowest: everything shrinks alike and cells wrap
        widths = [math.floor(need * total / sum(needs)) for need in needs]
    widths[-1] += total - sum(widths)
    return widths


def _body_rows(table: BuiltTable) -> list[BuiltRow]:
    return [*table.rows, *([table.total] if table.total is not None else [])]


def _header_places(
    header_rows: Sequence[Sequence[HeaderCell]],
) -> list[tuple[int, int, HeaderCell]]:
    """Each header cell's row and column, skipping places taken by cells spanning from above."""
    taken: set[tuple[int, int]] = set()
    places: list[tuple[int, int, HeaderCell]] = []
    for row, cells in enumerate(header_rows):
        column = 0
        for cell in cells:
            while (row, column) in taken:
                column += 1
            places.append((row, column, cell))
            taken.update(
                (row + down, column + across)
                for down in range(cell.rowspan)
                for across in range(cell.colspan)
            )
            column += cell.colspan
    return places


def _cell_text(cell: _Cell, text: str, font: Font) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if text:
        _run(paragraph, text, font)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _table_properties(grid: Table, width: int) -> None:
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False  # fixed layout: the widths below hold
    tbl_pr = grid._tbl.tblPr
    _put(tbl_pr, _element("w:tblW", w=str(round(Length(width).twips)), type="dxa"), TBLPR_ORDER)
    borders = _element("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_border(f"w:{edge}", TABLE_RULE))
    _put(tbl_pr, borders, TBLPR_ORDER)


def _set_widths(grid: Table, widths: Sequence[int]) -> None:
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Length(width)
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Length(width)


def _set_rows(grid: Table, header_count: int) -> None:
    for index, row in enumerate(grid.rows):
        row.height = Mm(ROW_HEIGHT_MM)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        properties = row._tr.get_or_add_trPr()
        properties.append(_element("w:cantSplit"))
        if index < header_count:
            properties.append(_element("w:tblHeader"))  # repeated atop every page


def _add_table(doc: Document, table: BuiltTable, width: int) -> None:
    rows = _body_rows(table)
    header_count = len(table.header_rows)
    grid = doc.add_table(rows=header_count + len(rows), cols=len(table.columns))
    _table_properties(grid, width)
    _set_widths(grid, _column_widths(table, width))
    _set_rows(grid, header_count)
    for row, built in zip(grid.rows[header_count:], rows, strict=True):
        for cell, value in zip(row.cells, built.cells, strict=True):
            _cell_text(cell, value.text, TABLE_BODY_FONT)
    for row, column, header in _header_places(table.header_rows):
        cell = grid.cell(row, column)
        if header.rowspan > 1 or header.colspan > 1:
            cell = cell.merge(grid.cell(row + header.rowspan - 1, column + header.colspan - 1))
        _cell_text(cell, header.text, TABLE_HEAD_FONT)


def _add_attachment(doc: Document, attachment: Attachment) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _set_page(section, landscape=attachment.landscape, grid=False)
    _paragraph(doc, f"附件{attachment.number}", LABEL_FONT, WD_ALIGN_PARAGRAPH.LEFT)  # 顶格
    _blank_lines(doc, 1)  # the title goes on the third line
    title = _paragraph(doc, attachment.title, TITLE_FONT, WD_ALIGN_PARAGRAPH.CENTER)
    _off_grid(title, LINE_PITCH_PT)
    if attachment.period_line:
        _paragraph(doc, attachment.period_line, BODY_FONT, WD_ALIGN_PARAGRAPH.CENTER)
    if attachment.unit_line:
        _paragraph(doc, attachment.unit_line, UNIT_LINE_FONT, WD_ALIGN_PARAGRAPH.RIGHT)
    else:
        _blank_lines(doc, 1)
    _add_table(doc, attachment.table, _text_width(section))
    for index, note in enumerate(attachment.table.footnotes):
        text = note if note.startswith("注") else f"注：{note}"
        paragraph = _paragraph(doc, text, NOTE_FONT, WD_ALIGN_PARAGRAPH.LEFT)
        if index == 0:
            paragraph.paragraph_format.space_before = Pt(6)


# --- 版记 -------------------------------------------------------------------------------------
#
# The standard wants the 版记's last rule on the bottom edge of the 版心 of the last page.
# Its paragraphs share one frame anchored to the bottom of the text area, so Word sets them
# there and flows the rest of the page around them. A reader that ignores frames shows the
# 版记 straight after the last attachment, which is still in the right order.


def _frame(width: int) -> BaseOxmlElement:
    return _element(
        "w:framePr",
        w=str(round(Length(width).twips)),
        wrap="around",
        hAnchor="margin",
        vAnchor="margin",
        xAlign="center",
        yAlign="bottom",
    )


def _imprint_paragraph(
    doc: Document, width: int, text: str = "", line_pt: float = LINE_PITCH_PT
) -> DocxParagraph:
    paragraph = _paragraph(doc, text, IMPRINT_FONT, WD_ALIGN_PARAGRAPH.LEFT)
    _put_ppr(paragraph, _frame(width))
    _off_grid(paragraph, line_pt)
    return paragraph


def _imprint_rule(doc: Document, width: int, size: int) -> None:
    """A full-width rule: an empty paragraph one point high with a bottom border.

    A paragraph of its own, because a border follows its paragraph's indents and the 版记
    text is indented one character from each side.
    """
    _bottom_rule(_imprint_paragraph(doc, width, line_pt=1.0), size)


def _add_imprint(doc: Document, document: BulletinDocument, width: int) -> None:
    _imprint_rule(doc, width, THICK_RULE)
    if document.cc_text:
        # 左右各空一字; wrapped lines align after "抄送：".
        cc = _imprint_paragraph(doc, width, document.cc_text)
        _indent(cc, left=1 + _ems("抄送："), first=-_ems("抄送："), right=1, char_pt=SIZE_4)
        _imprint_rule(doc, width, THIN_RULE)
    line = _imprint_paragraph(doc, width, document.printer)
    _indent(line, left=1, right=1, char_pt=SIZE_4)
    # Tab stops count from the margin: the date ends one character in from the right.
    stop = Length(width - Pt(SIZE_4))
    line.paragraph_format.tab_stops.add_tab_stop(stop, WD_TAB_ALIGNMENT.RIGHT)
    _run(line, "\t", IMPRINT_FONT)
    _run(line, document.print_date_text, IMPRINT_FONT)
    _imprint_rule(doc, width, THICK_RULE)


# --- the document -----------------------------------------------------------------------------


def _set_defaults(doc: Document) -> None:
    """Every paragraph starts as 3号仿宋 with no spacing: what an empty line measures."""
    styles = doc.styles.element
    r_pr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if r_pr is not None:
        for tag in ("w:rFonts", "w:sz", "w:szCs", "w:lang"):
            for old in r_pr.findall(qn(tag)):
                r_pr.remove(old)
        r_pr.append(_element("w:rFonts", ascii=LATIN, hAnsi=LATIN, eastAsia=FANGSONG, cs=LATIN))
        r_pr.append(_element("w:sz", val=str(round(SIZE_3 * 2))))
        r_pr.append(_element("w:szCs", val=str(round(SIZE_3 * 2))))
        r_pr.append(_element("w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"))
    p_pr = styles.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
    if p_pr is not None:
        for old in p_pr.findall(qn("w:spacing")):
            p_pr.remove(old)
        p_pr.append(_element("w:spacing", before="0", after="0", line="240", lineRule="auto"))
    normal = doc.styles["Normal"]
    normal.font.name = LATIN
    normal.font.size = Pt(SIZE_3)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FANGSONG)
    lang = doc.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


def _set_properties(doc: Document, document: BulletinDocument) -> None:
    properties = doc.core_properties
    when = datetime.datetime.combine(document.date, datetime.time())
    properties.title = document.title_text
    properties.author = document.signature
    properties.last_modified_by = document.signature
    properties.language = "zh-CN"
    properties.subject = document.number
    properties.comments = ""
    properties.created = when
    properties.modified = when
    properties.revision = 1
    # The blank template's thumbnail would show a stranger's page in file browsers.
    package_rels = doc.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del package_rels[rel_id]


def _fixed_zip(data: bytes, when: datetime.date) -> bytes:
    """The same archive with every member stamped ``when``, so equal documents are equal
    bytes (zip entries otherwise carry the time of saving)."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, source.read(info))
    return out.getvalue()


def render_docx(document: BulletinDocument) -> bytes:
    """The bulletin as the bytes of a .docx file."""
    doc = docx.Document()
    _set_defaults(doc)
    _set_page(doc.sections[0], landscape=False, grid=True)
    _add_head(doc, document)
    _add_title(doc, document)
    _add_body(doc, document)
    _add_attachment_notes(doc, document.attachment_notes)
    _add_signature(doc, document)
    for attachment in document.attachments:
        _add_attachment(doc, attachment)
    _add_imprint(doc, document, _text_width(doc.sections[-1]))
    _headers_and_footers(doc, document.draft)
    _set_properties(doc, document)
    out = io.BytesIO()
    doc.save(out)
    return _fixed_zip(out.getvalue(), document.date)
