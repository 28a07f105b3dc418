"""Thousands separators for figures as pages show them.

The engine prints figures plainly ("16267.62"), as documents and the API carry them; a page
reads more easily with separators ("16,267.62"). Only the text is touched, never a number, so
nothing is rounded again: a figure standing alone (the whole text, or a word between spaces in
a phrase such as "还需开工 1575 套") gets separators in its whole part; dates, codes and numbers
inside words ("2017年") are left as they are.
"""

from __future__ import annotations

import re

_FIGURE = re.compile(r"(?<!\S)([+\-−]?)(\d{4,})((?:\.\d+)?%?)(?!\S)")


def _with_commas(match: re.Match[str]) -> str:
    sign, whole, rest = match.groups()
    head = len(whole) % 3 or 3
    parts = [whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)]
    return f"{sign}{','.join(parts)}{rest}"


def grouped(text: object) -> str:
    """ "16267.62" → "16,267.62", "2294" → "2,294", "62.05%" and "" unchanged; None → ""."""
    if text is None:
        return ""
    return _FIGURE.sub(_with_commas, str(text))
