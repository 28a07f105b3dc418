"""Where things go on the bulletin's pages, per GB/T 9704-2012: one set of rules that the Word,
PDF and HTML renderers all read, so that a bulletin is laid out alike in every format.

Distances are in the standard's terms: characters ("字") of 3号 text and lines of the grid.
A character is an em of its size; a figure or Latin letter counts half of one.

- the 版心 holds 22 lines of 28 characters of 3号 仿宋 (§5.2.2);
- 发文机关署名 and 成文日期 (§7.3.5.1, a sealed document): the date stands 右空四字 and the
  signature is centred over it; a signature too long for that keeps 右空二字 (as §7.3.5.2
  asks of any signature) and the date moves in to stay centred under it;
- the 版记 (§9.1) closes the last page, which is even (封四), its last rule on the lower edge
  of the 版心; it stands on a page of its own after the 主体 and the 附件, and a blank page
  comes before it when that page would be odd;
- a title's lines (§7.3.1, and §8 for 附件 titles, formatted as the 正文's): 2号小标宋, broken
  where the office broke them; a declared line wider than the 版心 is condensed (字符缩放)
  as clerks do, down to 85%, rather than broken inside a word or set smaller than its
  siblings, and wraps only past that;
- page numbers (§10): "— N —" in 4号宋体 7 mm under the 版心, odd pages 居右空一字, even pages
  居左空一字; a landscape table page carries its number where a portrait page does, so the
  numbers line up when the document is bound; a blank page before the 版记 page and the
  版记 page after it carry none (§7.5), while a 版记 page that follows the content directly
  is numbered like the others.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# --- the 版心 ---------------------------------------------------------------------------------

TEXT_WIDTH_MM = 156
TEXT_HEIGHT_MM = 225
CHARS_PER_LINE = 28
LINES_PER_PAGE = 22
BODY_PT = 16.0  # 3号

POINTS_PER_MM = 72 / 25.4
TEXT_WIDTH_PT = TEXT_WIDTH_MM * POINTS_PER_MM  # 442.2 pt
# 28 characters of 16 pt are 448 pt, a little wider than the 版心: each gives up a quarter
# point, as clerks condense body text by 0.25 磅, and 28 of them take 441 pt.
BODY_TRACKING_PT = -0.25

# --- 署名 and 成文日期 -------------------------------------------------------------------------

DATE_RIGHT_CHARS = 4.0  # 成文日期右空四字
SIGNATURE_MIN_RIGHT_CHARS = 2.0  # 右空二字 at least
SIGNATURE_BLANK_LINES = 2  # room for the seal between the text and the signature


def text_ems(text: str) -> float:
    """Width in characters: an ideograph or full-width mark is one, anything else a half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


@dataclass(frozen=True)
class SignaturePlace:
    """How far each line ends from the right edge of the 版心, in characters."""

    signature_right: float
    date_right: float


def _quarter(value: float) -> float:
    # Places are kept to a quarter character, so renderers agree to the point.
    quarter = Decimal(str(value * 4)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return float(quarter / 4)


def signature_place(signature: str, date: str) -> SignaturePlace:
    signature_ems, date_ems = text_ems(signature), text_ems(date)
    overhang = (signature_ems - date_ems) / 2  # how far the signature reaches past the date
    date_right = max(DATE_RIGHT_CHARS, SIGNATURE_MIN_RIGHT_CHARS + overhang)
    signature_right = date_right - overhang if signature else date_right
    return SignaturePlace(_quarter(signature_right), _quarter(date_right))


# --- titles ---------------------------------------------------------------------------------

TITLE_PT = 22.0  # 2号
MIN_TITLE_SCALE = 85  # percent: the narrowest a clerk would condense a title line


def title_line_scale(line: str, width_pt: float, size_pt: float = TITLE_PT) -> int:
    """The 字符缩放 (percent) at which a declared title line stands on one line ``width_pt``
    wide: 100 when it fits, and 100 too when it would need more than the clerk's limit, for
    such a line is better wrapped."""
    natural = text_ems(line) * size_pt
    if natural <= width_pt:
        return 100
    scale = math.floor(width_pt / natural * 100)
    return scale if scale >= MIN_TITLE_SCALE else 100


# --- page numbers ----------------------------------------------------------------------------

PAGE_NUMBER_PT = 14.0  # 4号
PAGE_NUMBER_GAP_MM = 7.0  # 一字线上距版心下边缘7mm
PAGE_NUMBER_INSET_CHARS = 1.0  # 单页码居右空一字，双页码居左空一字
