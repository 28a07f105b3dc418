"""What the bulletin's prose editor shows beside the texts: a Chinese label for each block and
the placeholders the programme offers, each with the figure it stands for this month."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anju.bulletins.builder import narrative_context
from anju.engine.narrative import NarrativeContext, NarrativeError, render_template
from anju.errors import NotFound
from anju.programmes.models import Unit
from anju.programmes.selectors import score_names
from anju.reporting.models import Period
from anju.reporting.tables import figure_places, published_children_values
from anju.web.grouping import grouped

# How long a unit list may run in the picker before it is cut short (the document keeps it all).
LIST_PREVIEW = 40


@dataclass(frozen=True)
class Placeholder:
    token: str  # what is inserted: {total.pg_started}
    name: str  # what it is: 棚户区改造开工数（全州合计）
    value: str  # what it reads this month: 2,294


def block_labels(blocks: Sequence[Mapping[str, Any]]) -> list[str]:
    """标题 for a heading; a paragraph or chart by the heading it sits under (一、棚户区改造工作 ·
    第2段), or 第N段 before any heading."""
    labels, heading, counted, under = [], "", 0, 0
    for block in blocks:
        if block["kind"] == "heading":
            heading, under = str(block.get("text", "")).strip(), 0
            labels.append(_("标题"))
            continue
        if block["kind"] == "chart":
            labels.append(f"{heading} · {_('图题')}" if heading else _("图题"))
            continue
        counted, under = counted + 1, under + 1
        if heading:
            labels.append(f"{heading} · {_('第%(n)d段') % {'n': under}}")
        else:
            labels.append(_("第%(n)d段") % {"n": counted})
    return labels


def figure_codes(period: Period) -> frozenset[str]:
    """The codes a ``{total.CODE}`` or ``{list.CODE:…}`` may name in the period's programme."""
    return frozenset(figure_places(period.programme))


def milestone_codes(period: Period) -> frozenset[str]:
    """The milestones a list's ``below`` option may name in the period's programme."""
    return frozenset(period.programme.milestones.values_list("code", flat=True))


def bulletin_placeholders(*, scope: Unit, period: Period) -> list[Placeholder]:
    """Every placeholder a paragraph may use, with this month's reviewed figures; none when
    the month has no reviewed figures yet."""
    try:
        units = published_children_values(scope=scope, period=period)
    except NotFound:
        return []
    programme = period.programme
    context = narrative_context(programme=programme, scope=scope, period=period, units=units)
    found = [
        Placeholder("{year}", _("年份"), str(context.year)),
        Placeholder("{month}", _("月份"), str(context.month)),
        Placeholder("{day}", _("月末日"), str(context.day)),
        Placeholder("{scope}", _("单位名称"), context.scope),
    ]
    figures = [
        *programme.data_elements.order_by("order").values_list("code", "name"),
        *programme.indicators.order_by("pk").values_list("code", "name"),
        *score_names(programme),
    ]
    for code, name in figures:
        found.append(_total(code, name, context))
    for code, name in figures:
        found.append(_unit_list(code, name, context))
    for token, label in INSPECTIONS:
        found.append(Placeholder(token, str(label), render_template(token, context) or "—"))
    return found


# The scope's inspection findings on the month's last day (docs/inspections.md).
INSPECTIONS = (
    ("{inspections.found}", gettext_lazy("巡查发现问题数")),
    ("{inspections.rectified}", gettext_lazy("已整改问题数")),
    ("{inspections.open}", gettext_lazy("未整改问题数")),
    ("{inspections.overdue}", gettext_lazy("逾期未整改问题数")),
    ("{inspections.escalated}", gettext_lazy("约谈问责问题数")),
    (
        "{list.inspections.overdue|sep ；|none 无:{unit}{what}（整改期限{deadline}）}",
        gettext_lazy("逾期未整改的问题（逐条）"),
    ),
)


def _total(code: str, name: str, context: NarrativeContext) -> Placeholder:
    token = f"{{total.{code}}}"
    named = _("%(name)s（%(scope)s合计）") % {"name": name, "scope": context.scope}
    return Placeholder(token, named, grouped(render_template(token, context)) or "—")


def _unit_list(code: str, name: str, context: NarrativeContext) -> Placeholder:
    token = f"{{list.{code}:{{name}}{{value}}}}"
    try:
        text = render_template(token, context)
    except NarrativeError:  # a figure no unit list can be written of
        text = ""
    if len(text) > LIST_PREVIEW:
        text = text[:LIST_PREVIEW] + "…"
    named = _("%(name)s（各单位，从大到小）") % {"name": name}
    return Placeholder(token, named, grouped(text) or "—")
