"""The bulletin as HTML: a fragment for the application's pages and a standalone page to keep.

Both come from the template ``bulletins/document.html``; every text is autoescaped, because
body paragraphs are edited by users. The standalone page carries its stylesheet and its chart
images inline, so the saved file opens anywhere and asks no host for anything.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from django.template import Context, Engine
from django.utils.safestring import SafeString, mark_safe

from anju.bulletins.document import Block, BulletinDocument, Figure, Heading
from anju.bulletins.render.layout import signature_place

__all__ = ["render_html", "render_html_fragment", "stylesheet"]

PACKAGE_DIR = Path(__file__).resolve().parent.parent
TEMPLATE_DIR = PACKAGE_DIR / "templates"
STYLESHEET = PACKAGE_DIR / "static" / "bulletins" / "bulletin.css"
MAX_RIGHT_QUARTERS = 96  # 24 characters: as far in as a 署名 or 日期 can sit on a 28-character line

# Level 1 is 黑体 "一、", 2 楷体 "（一）", 3 仿宋 "1."; the document title is the page's h1.
HEADING_TAGS = {1: "h2", 2: "h3", 3: "h4"}


@cache
def _engine() -> Engine:
    # A private engine rather than the project's: rendering must not depend on the app being
    # installed or on TEMPLATES settings, and autoescaping must stay on whatever they say.
    return Engine(dirs=[str(TEMPLATE_DIR)], autoescape=True)


@dataclass(frozen=True)
class BlockView:
    """A body block as the template lays it out; numbers are already text for the page."""

    kind: Literal["heading", "paragraph", "figure"]
    text: str
    tag: str = "p"
    level: int = 0
    src: str = ""
    width: str = ""


def _css_px(millimetres: float) -> str:
    # An img width attribute (CSS pixels, 96 to the inch) rather than a style attribute: the
    # application's pages allow no inline style. Formatted here, never by a locale.
    return str(round(millimetres * 96 / 25.4))


def block_view(block: Block) -> BlockView:
    if isinstance(block, Heading):
        level = min(max(block.level, 1), 3)
        return BlockView("heading", block.text, tag=HEADING_TAGS[level], level=level)
    if isinstance(block, Figure):
        # An embedded data URI, not a link: the page must not fetch anything from a host.
        encoded = base64.b64encode(block.png).decode("ascii")
        return BlockView(
            "figure",
            block.caption,
            src=f"data:image/png;base64,{encoded}",
            width=_css_px(block.width_mm),
        )
    return BlockView("paragraph", block.text)


def _right_class(ems: float) -> str:
    """The stylesheet's class for a right indent in quarter characters (``mr-16`` is 4 em).
    A class rather than a style attribute: the pages' CSP allows no inline style."""
    quarters = min(max(int(ems * 4 + 0.5), 0), MAX_RIGHT_QUARTERS)
    return f"mr-{quarters}"


def _context(document: BulletinDocument, **extra: Any) -> Context:
    blocks = [block_view(block) for block in document.body]
    place = signature_place(document.signature, document.date_text)
    signature = {
        "signer_right": _right_class(place.signature_right),
        "date_right": _right_class(place.date_right),
    }
    return Context(
        {"document": document, "blocks": blocks, "signature": signature, **extra},
        autoescape=True,
    )


def render_html_fragment(document: BulletinDocument) -> str:
    """The whole bulletin as one ``<article class="bulletin">`` element."""
    template = _engine().get_template("bulletins/document.html")
    return template.render(_context(document))


def stylesheet() -> SafeString:
    """bulletin.css, for inlining in a ``<style>`` element.

    Marked safe because it is the project's own file, not user input, and escaping would break
    it: quotes in font names would turn into entities, which CSS does not decode.
    """
    return mark_safe(STYLESHEET.read_text(encoding="utf-8"))


def render_html(document: BulletinDocument) -> bytes:
    """A complete UTF-8 page: the bulletin with its stylesheet inlined, nothing external."""
    template = _engine().get_template("bulletins/document_page.html")
    return template.render(_context(document, css=stylesheet())).encode("utf-8")
