"""The fields a part of a programme file and its stored model share by name, listed once: the
import (file to model) and the export (model to file) copy the same ones. What is named or
written differently on the two sides (an element's ``time``, an empty ``eligible_if``…) each
side converts beside the copy."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

ELEMENT = ("code", "name", "measure", "role", "places", "description")
INDICATOR = ("code", "name", "formula", "places", "measure")
TABLE = (
    "code",
    "number",
    "title",
    "unit_line",
    "show_period",
    "keys",
    "tiebreak",
    "include_if_any",
    "total",
    "unit_kinds",
    "total_label",
    "unranked_note",
)
COLUMN = ("key", "kind", "header", "places", "trim", "suffix")
MILESTONE = ("code", "label", "threshold", "due", "verb", "description")
NARRATIVE = ("code", "kind", "level", "text", "milestones")


def copied(source: object, names: Iterable[str]) -> dict[str, Any]:
    """The named attributes of ``source``, by name."""
    return {name: getattr(source, name) for name in names}
