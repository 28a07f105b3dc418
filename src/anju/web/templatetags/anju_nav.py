"""The page navigation: only the links the user may follow, for the month's bulletin scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from anju.accounts.policy import (
    can_check_bulletins,
    can_manage,
    can_read_report,
    can_review,
    can_view_audit,
    can_view_inspections,
    can_view_scope,
    can_write_within,
)
from anju.errors import NotFound
from anju.plans.selectors import planned_elements
from anju.reporting.models import Period
from anju.reporting.months import newest_open, waiting_review_count
from anju.reporting.selectors import scope_periods, unit_find
from anju.web.views.common import Place

register = template.Library()


@register.simple_tag(takes_context=True)
def bar_place(context: Any) -> Place | None:
    """What the navigation bar is about: the page's own unit and month; on a page of a unit
    rather than of one month (its months, audit trail, inspections, plan, archive), the unit
    at its newest open month, so the unit's other pages stay one click away. None where the
    page names no unit the viewer may see."""
    place = context.get("place")
    if isinstance(place, Place):
        return place
    request = context.get("request")
    match = request.resolver_match if request is not None else None
    code = match.kwargs.get("unit") if match is not None else None
    if not isinstance(code, str):
        return None
    try:
        unit = unit_find(code)
    except NotFound:
        return None
    if not (can_view_scope(request.user, unit) or can_read_report(request.user, unit)):
        return None
    months = scope_periods(unit)
    if not months:
        return None
    return Place(unit, newest_open(months) or months[-1], tuple(months))


@register.simple_tag(takes_context=True)
def place_links(context: Any, place: Any) -> list[tuple[str, str]]:
    """Links for the place's scope: the unit itself when it has units below it, otherwise the
    programme's scope (a county's reporter is led to the prefecture's rankings)."""
    user = context["request"].user
    unit = place.unit
    reports = not unit.has_units_below  # a unit with none below it reports its figures
    own: list[tuple[str, str]] = []
    plan: list[tuple[str, str]] = []
    if reports and can_read_report(user, unit):
        own = [(_("项目库"), reverse("web:projects", args=[unit.code, place.period.key]))]
        plan = _plan_link(place)
    if can_view_inspections(user, unit):
        own.append((_("专项巡查"), reverse("web:inspections", args=[unit.code])))
    if reports:
        unit = place.period.programme.scope
    key = place.period.key
    links: list[tuple[str, str]] = own
    if can_view_scope(user, unit):
        links += [
            (_("仪表板"), reverse("web:dashboard", args=[unit.code, key])),
            (_("排序表"), reverse("web:tables", args=[unit.code, key])),
            (_("填报进度"), reverse("web:completeness", args=[unit.code, key])),
            (_("通报"), reverse("web:bulletin", args=[unit.code, key])),
        ]
    if can_review(user, unit):
        waiting = waiting_review_count(scope=unit, period=place.period)
        links.append(
            (
                _("待审核 %(count)d") % {"count": waiting},
                reverse("web:review_list", args=[unit.code, key]),
            )
        )
    if can_view_scope(user, unit):
        links.append((_("月份"), reverse("web:months", args=[unit.code])))
    if can_write_within(user, unit):
        links.append((_("Excel导入"), reverse("web:excel_upload", args=[unit.code, key])))
    if can_manage(user, unit):
        links.append((_("批量生成通报"), reverse("web:batch", args=[unit.code, key])))
    links += plan
    if can_view_audit(user, unit):
        links.append((_("修改记录"), reverse("web:audit", args=[unit.code])))
        links.append((_("项目差异"), reverse("web:project_gaps", args=[unit.code, key])))
    if can_check_bulletins(user, unit):
        links.append((_("通报核对"), reverse("web:bulletin_audits", args=[unit.code])))
    return links


def _plan_link(place: Any) -> list[tuple[str, str]]:
    """A reporting unit's monthly plan, when its programme plans figures month by month."""
    unit, programme = place.unit, place.period.programme
    if not planned_elements(programme).exists():
        return []
    return [(_("月工作目标"), reverse("web:plan", args=[unit.code, programme.year]))]


@dataclass(frozen=True)
class MonthLink:
    label: str
    url: str
    status: str
    current: bool


# Pages named by unit and month alone: the switcher keeps the page and changes the month.
SWITCHABLE = {
    "dashboard",
    "tables",
    "completeness",
    "review_list",
    "bulletin",
    "report",
    "batch",
    "projects",
    "project_gaps",
}


# Pages only a unit with units below it has (its attachment tables, its bulletin).
SCOPE_ONLY = {"tables", "bulletin"}


@register.inclusion_tag("web/_months.html", takes_context=True)
def month_switcher(context: Any, place: Any) -> dict[str, Any]:
    """Previous and next month, every month as a list, and the newest open one: the same page
    for another month (the dashboard where a page belongs to one month only)."""
    match = context["request"].resolver_match
    view = match.url_name if match is not None and match.url_name in SWITCHABLE else "dashboard"
    if view in SCOPE_ONLY and not place.unit.has_units_below:
        view = "dashboard"
    code = match.kwargs.get("unit", place.unit.code) if match is not None else place.unit.code

    def link(period: Period) -> MonthLink:
        url = reverse(f"web:{view}", kwargs={"unit": code, "period": period.key})
        return MonthLink(
            str(period), url, period.get_status_display(), period.pk == place.period.pk
        )

    periods = list(place.months) or scope_periods(place.unit)
    months = [link(period) for period in periods]
    index = next((i for i, month in enumerate(months) if month.current), None)
    newest = newest_open(periods)
    return {
        "months": months,
        "current": months[index] if index is not None else None,
        "previous": months[index - 1] if index else None,
        "next": months[index + 1] if index is not None and index + 1 < len(months) else None,
        "newest_open": link(newest)
        if newest is not None and newest.pk != place.period.pk
        else None,
    }
