"""The page navigation: only the links the user may follow, for the month's bulletin scope."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from anju.accounts.policy import (
    can_check_bulletins,
    can_manage,
    can_view_audit,
    can_view_scope,
    writable_units,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def place_links(context: Any, place: Any) -> list[tuple[str, str]]:
    """Links for the place's scope: the unit itself when it has units below it, otherwise the
    programme's scope (a county's reporter is led to the prefecture's rankings)."""
    user = context["request"].user
    unit = place.unit
    if not unit.children.exists():
        unit = place.period.programme.scope
    key = place.period.key
    links: list[tuple[str, str]] = []
    if can_view_scope(user, unit):
        links += [
            (_("仪表板"), reverse("web:dashboard", args=[unit.code, key])),
            (_("排序表"), reverse("web:tables", args=[unit.code, key])),
            (_("填报进度"), reverse("web:completeness", args=[unit.code, key])),
            (_("通报"), reverse("web:bulletin", args=[unit.code, key])),
        ]
    if writable_units(user).filter(path__startswith=unit.path).exists():
        links.append((_("Excel导入"), reverse("web:excel_upload", args=[unit.code, key])))
    if can_manage(user, unit):
        links.append((_("批量生成通报"), reverse("web:batch", args=[unit.code, key])))
    if can_view_audit(user, unit):
        links.append((_("修改记录"), reverse("web:audit", args=[unit.code])))
    if can_check_bulletins(user, unit):
        links.append((_("通报核对"), reverse("web:bulletin_audits", args=[unit.code])))
    return links
