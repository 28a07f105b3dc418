"""``{% bulletin_changes place.unit place.period %}``: the notice that issued bulletins of the
year no longer match the reviewed figures (for the dashboard; the bulletin pages show it too)."""

from __future__ import annotations

from typing import Any

from django import template

from anju.bulletins.selectors import bulletin_notices
from anju.programmes.models import Unit
from anju.reporting.models import Period

register = template.Library()


@register.inclusion_tag("web/_bulletin_notices.html")
def bulletin_changes(scope: Unit, period: Period) -> dict[str, Any]:
    return {"scope": scope, "notices": bulletin_notices(scope=scope, period=period)}
