"""The reader's number recogniser for printed text: 61.58%, 1.39万套, 16,267.62, 新增40套.

Not the input grammar of ``engine.figures``: printed documents carry 万 and 亿, percent signs,
thousands separators, full-width digits and words around a cell's figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from anju.audit.intervals import Interval

MULTIPLIERS = {"万": Decimal(10000), "亿": Decimal(100000000), "千": Decimal(1000)}
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，％－", "0123456789.,%-")
NUMBER = r"[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-−]?\d+(?:\.\d+)?"
_FIGURE = re.compile(rf"(?P<num>{NUMBER})\s*(?P<mult>[万亿千](?![元平]))?\s*(?P<pct>%)?")
_CELL = re.compile(
    rf"^\s*(?P<num>{NUMBER})\s*(?P<mult>[万亿千])?\s*(?P<pct>%)?\s*(?P<word>[套户个人元万元平方米]*)\s*$"
)
_NET = re.compile(r"净(?:增|减)\s*(\d+)")
_IN_OUT = re.compile(r"新增\s*(\d+)\s*[套户个]?(?:.*?(?:退出|减少)\s*(\d+))?")
EMPTY_MARKS = {"", "-", "—", "－", "/", "／", "——", "…", "\\"}


@dataclass(frozen=True)
class Printed:
    """A figure as printed: its text, its value, and how many decimals its digits show."""

    text: str
    value: Decimal
    places: int
    multiplier: Decimal = Decimal(1)
    percent: bool = False

    def interval(self, *, exact_integer: bool = False) -> Interval:
        """The values the printed digits stand for; a plain count is exact."""
        if exact_integer and self.places == 0 and self.multiplier == 1 and not self.percent:
            return Interval.exact(self.value)
        half = Decimal(5).scaleb(-self.places - 1) * self.multiplier
        return Interval(self.value - half, self.value + half)

    @property
    def is_integer(self) -> bool:
        return self.places == 0 and self.multiplier == 1


def normalise(text: str) -> str:
    return text.translate(_FULL_WIDTH).replace("−", "-")


def _decimal(digits: str) -> tuple[Decimal, int] | None:
    cleaned = digits.replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    places = len(cleaned.split(".")[1]) if "." in cleaned else 0
    return value, places


def make_printed(text: str, num: str, mult: str | None, pct: bool) -> Printed | None:
    parsed = _decimal(num)
    if parsed is None:
        return None
    value, places = parsed
    factor = MULTIPLIERS.get(mult or "", Decimal(1))
    return Printed(text.strip(), value * factor, places, factor, pct)


def read_cell(text: str) -> Printed | None:
    """The figure a table cell prints, or None for an empty or wordy cell.

    "新增40套退出95套" is the net change −55; "净增19套" is 19.
    """
    cell = normalise(text).strip()
    if cell in EMPTY_MARKS:
        return None
    match = _CELL.match(cell)
    if match:
        return make_printed(cell, match["num"], match["mult"], bool(match["pct"]))
    net = _NET.search(cell)
    if net:
        sign = -1 if "净减" in cell else 1
        return Printed(cell, sign * Decimal(net[1]), 0)
    change = _IN_OUT.search(cell)
    if change:
        out = Decimal(change[2]) if change[2] else Decimal(0)
        return Printed(cell, Decimal(change[1]) - out, 0)
    return None


def is_blank(text: str) -> bool:
    return normalise(text).strip() in EMPTY_MARKS


@dataclass(frozen=True)
class Found:
    """A figure found in running text, with where it sits in the sentence."""

    printed: Printed
    start: int
    end: int


def find_figures(text: str) -> list[Found]:
    """Every figure in a sentence, skipping years, dates and document numbers."""
    found: list[Found] = []
    for match in _FIGURE.finditer(text):
        after = text[match.end() : match.end() + 1]
        before = text[max(0, match.start() - 1) : match.start()]
        if (after and after in "年月日号]〕】—-") or (before and before in "[〔【—-"):
            continue
        if before.isdigit() or before == ".":
            continue
        printed = make_printed(match[0], match["num"], match["mult"], bool(match["pct"]))
        if printed is not None:
            found.append(Found(printed, match.start(), match.end()))
    return found
