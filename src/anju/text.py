"""Plain-text layout shared by the text tables and the spreadsheets."""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    """Columns the text takes in a fixed-width layout: CJK characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
