"""Low-level Word XML: elements in schema order, borders, indents in characters, and text
measured in ems. Shared by the reference document and the builder."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from weakref import WeakKeyDictionary

from docx.document import Document
from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import _Footer, _Header
from docx.shared import Pt
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from anju.bulletins.render.docx.styles import Style

# A block container: the document body, a header or a footer (all have add_paragraph).
Container = Document | _Header | _Footer
# What carries paragraph properties: a paragraph, or a paragraph style in the reference.
Formatted = DocxParagraph | ParagraphStyle

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

# Schema order of a run's properties from character scaling on.
RPR_AFTER_W = (
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
    "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
    "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip

# Times New Roman advance widths in ems; CJK characters (and ambiguous-width punctuation,
# set in the Chinese font) take a full em. An estimate, good enough to align indents.
NARROW_EMS = {".": 0.25, ",": 0.25, " ": 0.25, ":": 0.28, "(": 0.33, ")": 0.33}


def ems(text: str) -> float:
    """The width of ``text`` in ems of its font size."""
    total = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("F", "W", "A"):
            total += 1.0
        else:
            total += NARROW_EMS.get(char, 0.5)
    return total


def element(tag: str, **attributes: str) -> BaseOxmlElement:
    made: BaseOxmlElement = OxmlElement(tag)
    for name, value in attributes.items():
        made.set(qn(f"w:{name}"), value)
    return made


def put(parent: BaseOxmlElement, child: BaseOxmlElement, order: Sequence[str]) -> None:
    """Set ``child`` on ``parent`` in schema order, replacing one of the same tag."""
    tag = child.tag
    for old in parent.findall(tag):
        parent.remove(old)
    names = [qn(name) for name in order]
    parent.insert_element_before(child, *order[names.index(tag) + 1 :])


def _ppr(target: Formatted) -> BaseOxmlElement:
    if isinstance(target, DocxParagraph):
        p_pr: BaseOxmlElement = target._p.get_or_add_pPr()
    else:
        p_pr = target.element.get_or_add_pPr()
    return p_pr


def put_ppr(target: Formatted, child: BaseOxmlElement) -> None:
    put(_ppr(target), child, PPR_ORDER)


def border(edge: str, size: int, color: str = "000000", space: int = 0) -> BaseOxmlElement:
    """A single line; ``size`` in eighths of a point."""
    return element(edge, val="single", sz=str(size), space=str(space), color=color)


def bottom_rule(target: Formatted, size: int, color: str = "000000", space: int = 0) -> None:
    borders = element("w:pBdr")
    borders.append(border("w:bottom", size, color, space))
    put_ppr(target, borders)


def exact_line(target: Formatted, points: float) -> None:
    fmt = target.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(points)


def indent(
    target: Formatted,
    *,
    char_pt: float,
    first: float = 0.0,
    left: float = 0.0,
    right: float = 0.0,
) -> None:
    """Indents in characters of ``char_pt`` points; a negative ``first`` hangs the first line
    out to the left. Word's character units (which follow the document grid) and the same
    distance in twips, for readers that ignore character units."""
    fmt = target.paragraph_format
    ind = _ppr(target).get_or_add_ind()
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


def add_text(paragraph: DocxParagraph, text: str) -> Run:
    """A run in its paragraph's style. Ambiguous-width marks (“ ” — …) take the Chinese
    font, full width: a property of the text, so it stays on the run."""
    run = paragraph.add_run(text)
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:hint"), "eastAsia")
    return run


# Style ids by name, per document: python-docx's own setter looks for the default style among
# all of the reference's styles on every call, which was most of a table's cost.
_STYLE_IDS: WeakKeyDictionary[object, dict[str, str]] = WeakKeyDictionary()


def style_set(paragraph: DocxParagraph, style: Style) -> None:
    """Put ``paragraph`` in the reference document's ``style`` (body, header or footer)."""
    document = paragraph.part.package.main_document_part
    ids = _STYLE_IDS.get(document)
    if ids is None:
        ids = _STYLE_IDS[document] = {s.name: s.style_id for s in document.styles if s.name}
    paragraph._p.style = ids[str(style)]


def add_paragraph(container: Container, style: Style, text: str = "") -> DocxParagraph:
    paragraph = container.add_paragraph()
    style_set(paragraph, style)
    if text:
        add_text(paragraph, text)
    return paragraph


def blank_lines(container: Container, count: int) -> None:
    """The standard's "空N行": empty body-size paragraphs, one grid line each."""
    for _ in range(count):
        container.add_paragraph()


def condense(run: Run, percent: int) -> None:
    """字符缩放: the run's characters set ``percent`` of their width (Word, WPS and
    LibreOffice all read w:w)."""
    put(run._r.get_or_add_rPr(), element("w:w", val=str(percent)), RPR_AFTER_W)
