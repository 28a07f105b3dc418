"""The page: the reference document opened, and attachment sections set up from its page."""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from importlib.resources import files

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Length

from anju.bulletins.render.docx.oxml import element

REFERENCE = ("reference", "bulletin.docx")  # beside the renderers


@functools.cache
def reference_bytes() -> bytes:
    return files("anju.bulletins.render").joinpath(*REFERENCE).read_bytes()


def reference_open() -> Document:
    """A new document: the reference's page and styles, no content yet."""
    return docx.Document(io.BytesIO(reference_bytes()))


@dataclass(frozen=True)
class Page:
    """The reference's portrait page, in EMU."""

    width: int
    height: int
    top: int
    right: int
    bottom: int
    left: int

    @classmethod
    def of(cls, section: Section) -> Page:
        return cls(
            section.page_width or 0,
            section.page_height or 0,
            section.top_margin or 0,
            section.right_margin or 0,
            section.bottom_margin or 0,
            section.left_margin or 0,
        )


def text_width(section: Section) -> Length:
    width = section.page_width or 0
    return Length(width - (section.left_margin or 0) - (section.right_margin or 0))


def attachment_section(doc: Document, page: Page, *, landscape: bool) -> Section:
    """A new section on a new page. A landscape page is the portrait one turned clockwise, so
    each margin stays with its edge of the paper (the 订口 comes on top)."""
    section: Section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page_set(section, page, landscape=landscape)
    _grid_off(section)
    return section


def imprint_section(doc: Document, page: Page) -> Section:
    """The 版记's own portrait page, the next even one.

    Word cannot decide a break by counting pages, but an even-page section break does what
    the standard asks: Word, WPS and LibreOffice all add a blank page before it when the
    content ends on an even page.
    """
    section: Section = doc.add_section(WD_SECTION.EVEN_PAGE)
    _page_set(section, page, landscape=False)
    _grid_off(section)
    return section


def _page_set(section: Section, page: Page, *, landscape: bool) -> None:
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Length(page.height), Length(page.width)
        section.top_margin, section.right_margin = Length(page.left), Length(page.top)
        section.bottom_margin, section.left_margin = Length(page.right), Length(page.bottom)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Length(page.width), Length(page.height)
        section.top_margin, section.right_margin = Length(page.top), Length(page.right)
        section.bottom_margin, section.left_margin = Length(page.bottom), Length(page.left)


def _grid_off(section: Section) -> None:
    """No 22 × 28 grid on attachment pages, where table text is small and would otherwise be
    spread to the grid's 29 pt lines."""
    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:docGrid")):
        sect_pr.remove(old)
    grid = element("w:docGrid", linePitch="312")
    sect_pr.insert_element_before(grid, "w:printerSettings", "w:sectPrChange")
