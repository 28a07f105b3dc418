"""The reference document: an empty Word file holding the bulletin's page and its styles.

It holds the GB/T 9704-2012 page (A4, the margins, the 22 × 28 document grid) and one named
style for every role on the page, with the official font names (方正小标宋简体, 仿宋_GB2312,
黑体, 楷体_GB2312). The builder opens it and adds content by style name, so how the bulletin
looks is decided here, and can be reviewed (and tried out) in Word itself.

The file is committed beside the renderers and rebuilt from this module by
``scripts/make-reference-docx``; a test checks that the two agree.

Measurements are in the standard's terms: sizes in 号 (3号 = 16 pt), distances in lines and
characters ("空二字").
"""

from __future__ import annotations

import datetime
import io
import math
from dataclasses import dataclass

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle

from anju.bulletins.render.docx.fonts import (
    FANGSONG,
    HEITI,
    KAITI,
    LATIN,
    SONGTI,
    XIAOBIAOSONG,
    font_table_set,
)
from anju.bulletins.render.docx.oxml import element, exact_line, indent, put_ppr
from anju.bulletins.render.docx.package import fixed_zip, properties_set
from anju.bulletins.render.docx.styles import Style
from anju.bulletins.render.layout import (
    BODY_TRACKING_PT,
    LINES_PER_PAGE,
    POINTS_PER_MM,
)

# --- page geometry (GB/T 9704-2012 §5.2) ------------------------------------------------------

PAGE_WIDTH_MM = 210.0  # A4
PAGE_HEIGHT_MM = 297.0
MARGIN_TOP_MM = 37.0  # 天头
MARGIN_BOTTOM_MM = 35.0
MARGIN_LEFT_MM = 28.0  # 订口
MARGIN_RIGHT_MM = 26.0
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 版心 156 mm
TEXT_HEIGHT_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM  # 版心 225 mm

# The page number's 一字线 sit 7 mm under the 版心; Word measures the footer distance from the
# paper's edge to the bottom of the footer line, about half a 14 pt line below the dashes.
FOOTER_DISTANCE_MM = MARGIN_BOTTOM_MM - 7.0 - 2.5
HEADER_DISTANCE_MM = 15.0

TWIPS_PER_POINT = 20

# --- fonts and sizes --------------------------------------------------------------------------

RED = RGBColor(0xFF, 0x00, 0x00)  # 发文机关标志 (its rule is drawn by the builder)
GREY = RGBColor(0x80, 0x80, 0x80)

SIZE_2 = 22.0  # 2号: the title
SIZE_3 = 16.0  # 3号: body text
SIZE_4 = 14.0  # 4号: page numbers, 版记
SIZE_SMALL_4 = 12.0  # 小4号: table headers, notes under tables

# --- the document grid ------------------------------------------------------------------------
#
# The standard sets 22 lines of 28 characters of 3号 仿宋 on the 版心.
#   lines: 225 mm = 637.8 pt over 22 lines = 28.99 pt, rounded down to 579 twips so that all
#     22 lines fit. A "lines" grid: Word, WPS and LibreOffice all set each line on it.
#   characters: no character grid. Word reads a character pitch narrower than the glyphs
#     (156 mm / 28 = 15.79 pt for 16 pt characters) by squeezing each character into its
#     cell; LibreOffice gives such a character two cells and sets 14 a line. Instead the text
#     styles condense their characters by a quarter point (w:spacing, 字符间距紧缩 0.25 磅),
#     which every reader applies alike: 28 × 15.75 pt = 441 pt fill the 442.2 pt line.
#   Punctuation is not compressed (w:characterSpacingControl): full-width marks take a full
#     character in every reader, so they agree on where lines break.
LINE_PITCH_TWIPS = math.floor(TEXT_HEIGHT_MM * POINTS_PER_MM * TWIPS_PER_POINT / LINES_PER_PAGE)
LINE_PITCH_PT = LINE_PITCH_TWIPS / TWIPS_PER_POINT
TRACKING_TWIPS = round(BODY_TRACKING_PT * TWIPS_PER_POINT)

# What follows w:spacing in a run's properties, in schema order.
RPR_AFTER_SPACING = (
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
    "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
    "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip

# Stamped on the file's parts, so that rebuilding it gives the same bytes.
BUILT = datetime.date(2012, 7, 1)  # GB/T 9704-2012 came into force

# --- the styles -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """One paragraph style; ``None`` and zero leave a property to the style it is based on."""

    style_id: str  # after "Bulletin": Word's own styles keep their ids
    east_asia: str | None = None
    size: float | None = None
    latin: str | None = None
    color: RGBColor | None = None
    align: WD_ALIGN_PARAGRAPH | None = None
    first_chars: float = 0.0  # first-line indent in characters
    off_grid: bool = False  # larger or smaller than 3号: not spread over the grid's cells
    line_pt: float | None = None  # exact line height
    keep_next: bool = False
    outline: int | None = None  # the level in Word's navigation pane
    space_before: Length | None = None
    base: Style | None = None
    condensed: bool = False  # running 3号 text: 28 characters a line (see the grid above)


LEFT, CENTER, RIGHT = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
TITLE = Spec(
    "Title", XIAOBIAOSONG, SIZE_2, LATIN, align=CENTER, off_grid=True, line_pt=LINE_PITCH_PT
)

SPECS: dict[Style, Spec] = {
    # 版头: the mark is set as large as fits one line (22 to 26 pt); the builder sizes it.
    # 上边缘至版心上边缘 35 mm.
    Style.ISSUER_MARK: Spec(
        "IssuerMark", XIAOBIAOSONG, SIZE_2, LATIN, RED, CENTER, off_grid=True,
        line_pt=SIZE_2 * 1.25, space_before=Mm(35),
    ),
    Style.NUMBER: Spec("DocumentNumber", FANGSONG, SIZE_3, LATIN, align=CENTER),
    # 主体
    Style.TITLE: Spec(
        "Title", XIAOBIAOSONG, SIZE_2, LATIN, align=CENTER, off_grid=True, line_pt=LINE_PITCH_PT
    ),
    Style.RECIPIENTS: Spec(
        "Recipients", FANGSONG, SIZE_3, LATIN, align=LEFT, condensed=True
    ),  # 居左顶格
    Style.BODY: Spec(
        "BodyText", FANGSONG, SIZE_3, LATIN, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_chars=2,
        condensed=True,
    ),
    Style.HEADING_1: Spec("Heading1", HEITI, keep_next=True, outline=0, base=Style.BODY),
    Style.HEADING_2: Spec("Heading2", KAITI, keep_next=True, outline=1, base=Style.BODY),
    Style.HEADING_3: Spec("Heading3", FANGSONG, keep_next=True, outline=2, base=Style.BODY),
    Style.FIGURE: Spec("Figure", align=CENTER, off_grid=True, keep_next=True),
    Style.CAPTION: Spec("Caption", FANGSONG, SIZE_4, LATIN, align=CENTER, off_grid=True),
    Style.ATTACHMENT_NOTES: Spec(
        "AttachmentNotes", FANGSONG, SIZE_3, LATIN, align=LEFT, condensed=True
    ),
    Style.SIGNATURE: Spec("Signature", FANGSONG, SIZE_3, LATIN, align=RIGHT),
    Style.DATE: Spec("DocumentDate", FANGSONG, SIZE_3, LATIN, align=RIGHT),
    # 附件
    Style.ATTACHMENT_LABEL: Spec("AttachmentLabel", HEITI, SIZE_3, LATIN, align=LEFT),  # 顶格
    Style.ATTACHMENT_TITLE: Spec("AttachmentTitle", base=Style.TITLE),
    Style.ATTACHMENT_PERIOD: Spec("AttachmentPeriod", FANGSONG, SIZE_3, LATIN, align=CENTER),
    Style.ATTACHMENT_UNIT: Spec("AttachmentUnit", FANGSONG, SIZE_4, LATIN, align=RIGHT),
    # 黑体 is already heavy: no synthetic bold.
    Style.TABLE_HEAD: Spec("TableHead", HEITI, SIZE_SMALL_4, LATIN, align=CENTER),
    Style.TABLE_TEXT: Spec("TableText", FANGSONG, SIZE_4, LATIN, align=CENTER),
    Style.TABLE_NOTE: Spec("TableNote", FANGSONG, SIZE_SMALL_4, LATIN, align=LEFT),
    # 版记, page numbers (4号半角宋体阿拉伯数字) and the draft mark
    Style.IMPRINT: Spec(
        "Imprint", FANGSONG, SIZE_4, LATIN, align=LEFT, off_grid=True, line_pt=LINE_PITCH_PT
    ),
    Style.PAGE_NUMBER: Spec("PageNumber", SONGTI, SIZE_4, SONGTI, off_grid=True),
    Style.DRAFT_MARK: Spec("DraftMark", HEITI, SIZE_4, LATIN, GREY, RIGHT, off_grid=True),
}  # fmt: skip


def _style_add(doc: Document, name: Style, spec: Spec) -> None:
    style = doc.styles.add_style(str(name), WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle)
    style.element.set(qn("w:styleId"), f"Bulletin{spec.style_id}")
    style.base_style = doc.styles[str(spec.base) if spec.base else "Normal"]
    style.quick_style = True
    _style_font(style, spec)
    fmt = style.paragraph_format
    if spec.align is not None:
        fmt.alignment = spec.align
    if spec.keep_next:
        fmt.keep_with_next = True
    if spec.space_before is not None:
        fmt.space_before = spec.space_before
    if spec.off_grid:
        put_ppr(style, element("w:snapToGrid", val="0"))
    if spec.line_pt is not None:
        exact_line(style, spec.line_pt)
    if spec.first_chars:
        indent(style, first=spec.first_chars, char_pt=spec.size or SIZE_3)
    if spec.outline is not None:
        # An outline level puts the heading in Word's navigation pane.
        put_ppr(style, element("w:outlineLvl", val=str(spec.outline)))


def _style_font(style: ParagraphStyle, spec: Spec) -> None:
    font = style.font
    if spec.latin is not None:
        font.name = spec.latin  # w:ascii and w:hAnsi
    if spec.size is not None:
        font.size = Pt(spec.size)
    if spec.color is not None:
        font.color.rgb = spec.color
    if spec.east_asia is not None:
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), spec.east_asia)
        fonts.set(qn("w:hint"), "eastAsia")  # marks of ambiguous width take the Chinese face
    if spec.condensed:
        style.element.get_or_add_rPr().insert_element_before(
            element("w:spacing", val=str(TRACKING_TWIPS)), *RPR_AFTER_SPACING
        )


# --- defaults and the page --------------------------------------------------------------------


def _defaults_set(doc: Document) -> None:
    """Every paragraph starts as 3号仿宋 with no spacing: what an empty line measures."""
    styles = doc.styles.element
    r_pr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if r_pr is not None:
        for tag in ("w:rFonts", "w:sz", "w:szCs", "w:lang"):
            for old in r_pr.findall(qn(tag)):
                r_pr.remove(old)
        r_pr.append(
            element(
                "w:rFonts", ascii=LATIN, hAnsi=LATIN, eastAsia=FANGSONG, cs=LATIN, hint="eastAsia"
            )
        )
        r_pr.append(element("w:sz", val=str(round(SIZE_3 * 2))))
        r_pr.append(element("w:szCs", val=str(round(SIZE_3 * 2))))
        r_pr.append(element("w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"))
    p_pr = styles.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
    if p_pr is not None:
        for old in p_pr.findall(qn("w:spacing")):
            p_pr.remove(old)
        p_pr.append(element("w:spacing", before="0", after="0", line="240", lineRule="auto"))
    normal = doc.styles["Normal"]
    normal.font.name = LATIN
    normal.font.size = Pt(SIZE_3)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FANGSONG)
    # Every page carries its 22 lines: no widow and orphan control, which would end a page a
    # line early to keep two lines of a paragraph together.
    put_ppr(normal, element("w:widowControl", val="0"))
    # Punctuation and the 版心: Word reads w:overflowPunct="1" as its default, a closing mark
    # may hang past the last character of a full line; LibreOffice reads the attribute the
    # other way round, and with its hanging punctuation on it drops a hanging mark from the
    # printed page. No value keeps both inside the 版心; this one keeps every mark printed
    # in both, and their lines differ only where a closing mark follows the 28th character
    # (Word hangs it, LibreOffice carries the last character over with it).
    put_ppr(normal, element("w:overflowPunct", val="1"))
    spacing_control = doc.settings.element.find(qn("w:characterSpacingControl"))
    if spacing_control is not None:
        spacing_control.set(qn("w:val"), "doNotCompress")
    lang = doc.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


def _page_set(doc: Document) -> None:
    """A4 portrait with the standard's margins and the 22 × 28 grid. The builder turns the
    page for a landscape attachment, and takes the grid off attachment pages."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.right_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_RIGHT_MM)
    section.bottom_margin, section.left_margin = Mm(MARGIN_BOTTOM_MM), Mm(MARGIN_LEFT_MM)
    section.header_distance = Mm(HEADER_DISTANCE_MM)
    section.footer_distance = Mm(FOOTER_DISTANCE_MM)
    section.gutter = Mm(0)
    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:docGrid")):
        sect_pr.remove(old)
    grid = element("w:docGrid", type="lines", linePitch=str(LINE_PITCH_TWIPS))
    sect_pr.insert_element_before(grid, "w:printerSettings", "w:sectPrChange")


def reference_build() -> bytes:
    """The reference document's bytes; the same every time."""
    doc = docx.Document()
    _defaults_set(doc)
    _page_set(doc)
    for name, spec in SPECS.items():
        _style_add(doc, name, spec)
    font_table_set(doc)
    properties_set(
        doc,
        title="通报参考样式（GB/T 9704-2012）",
        author="anju",
        subject="",
        when=datetime.datetime.combine(BUILT, datetime.time()),
    )
    out = io.BytesIO()
    doc.save(out)
    return fixed_zip(out.getvalue(), BUILT)
