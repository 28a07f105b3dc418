"""Figures as pages print them: rounded half-up at the figure's places, then trimmed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from anju.engine import format_value
from anju.web.grouping import grouped

register = template.Library()


@register.filter
def figure(value: Decimal | None, places: Any = None) -> str:
    """``{{ change.new_value|figure:change.element.places }}``: 760.4000 stored reads 760.4."""
    if value is None:
        return ""
    return format_value(value, None if places in (None, "") else int(places), trim=True)


@register.filter(name="grouped")
def grouped_filter(value: object) -> str:
    """``{{ cell.text|grouped }}``: 16267.62 reads 16,267.62 on a page (never in a document)."""
    return grouped(value)
