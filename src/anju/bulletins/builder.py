"""From stored figures to the bulletin's document model: tables, narrative, chart, header."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from anju.bulletins.chart import Bar, Line, progress_chart
from anju.bulletins.document import (
    Attachment,
    Block,
    BulletinDocument,
    Figure,
    Heading,
    Paragraph,
)
from anju.engine import NA, UnitValues, dependency_order, format_value, scope_totals
from anju.engine.lists import MilestoneRule
from anju.engine.narrative import NarrativeContext, render_template
from anju.engine.tables import unit_figures
from anju.engine.unpublished import hidden_codes
from anju.inspections.selectors import inspection_facts
from anju.programmes.models import DataElement, Milestone, Programme, Unit
from anju.reporting.models import Period
from anju.reporting.tables import (
    figure_places,
    indicator_specs,
    published_children_values,
    scope_tables,
)

CHART_SIZE_MM = (150.0, 80.0)


def narrative_context(
    *, programme: Programme, scope: Unit, period: Period, units: Sequence[UnitValues]
) -> NarrativeContext:
    """Totals over every child (sums, then indicators on the sums) and each child's figures."""
    indicators = indicator_specs(programme)
    return NarrativeContext(
        year=programme.year,
        month=period.month,
        day=period.end_date.day,
        scope=scope.name,
        totals=scope_totals(indicators, units),
        units=[(unit.name, unit_figures(indicators, unit.values)) for unit in units],
        places=figure_places(programme),
        # Reported figures read as counts ("10135万元"); rates keep their fixed places.
        trimmed=frozenset(
            DataElement.objects.filter(programme=programme).values_list("code", flat=True)
        ),
        milestones={
            m.code: MilestoneRule(target=m.target.code, actual=m.actual.code, threshold=m.threshold)
            for m in programme.milestones.select_related("target", "actual")
        },
        inspections=inspection_facts(programme=programme, scope=scope, on=period.end_date),
        unpublished={
            unit.name: hidden_codes(dependency_order(indicators), unit.unpublished)
            for unit in units
            if unit.unpublished
        },
    )


def outline_blocks(programme: Programme) -> list[dict[str, Any]]:
    """The programme's outline as a bulletin's editable blocks."""
    return [
        {
            "code": n.code,
            "kind": n.kind,
            "level": n.level,
            "text": n.text,
            "indicator": n.indicator,
            "milestones": list(n.milestones),
        }
        for n in programme.narratives.all()
    ]


def _chart(block: Mapping[str, Any], context: NarrativeContext, programme: Programme) -> Figure:
    code = block["indicator"]
    measure = programme.indicators.get(code=code).measure
    places = context.places.get(code, 2)
    bars = sorted(
        (
            Bar(name, value, format_value(value, places) + ("%" if measure == "%" else ""))
            for name, values in context.units
            if (value := values.get(code, NA)) is not NA
        ),
        key=lambda bar: -bar.value,
    )
    milestones = Milestone.objects.filter(programme=programme, code__in=block["milestones"])
    lines = [
        Line(m.threshold, f"{m.due.month}月{m.due.day}日 {format_value(m.threshold, 0)}%")
        for m in milestones.order_by("due")
    ]
    caption = render_template(block["text"], context)
    width, height = CHART_SIZE_MM
    # The caption under the figure names it; the image itself carries no title.
    png = progress_chart(bars, lines, title="", width_mm=width, height_mm=height)
    return Figure(png=png, caption=f"图：{caption}", width_mm=width, height_mm=height)


def body_blocks(
    blocks: Sequence[Mapping[str, Any]], context: NarrativeContext, programme: Programme
) -> tuple[Block, ...]:
    body: list[Block] = []
    for block in blocks:
        if block["kind"] == "heading":
            body.append(
                Heading(int(block.get("level", 1)), render_template(block["text"], context))
            )
        elif block["kind"] == "chart":
            body.append(_chart(block, context, programme))
        else:
            body.append(Paragraph(render_template(block["text"], context)))
    return tuple(body)


def document_number(programme: Programme, number: int | None, date: datetime.date) -> str:
    prefix = programme.bulletin.get("number_prefix", "")
    return f"{prefix}〔{date.year}〕{number}号" if number is not None else ""


def build_document(
    *,
    scope: Unit,
    period: Period,
    blocks: Sequence[Mapping[str, Any]],
    number: int | None,
    date: datetime.date,
    draft: bool,
    units: list[UnitValues] | None = None,
) -> BulletinDocument:
    """The whole bulletin for a scope and month from its reviewed figures (``units``: the
    scope's children's figures, when the caller has read them already)."""
    programme = period.programme
    if units is None:
        units = published_children_values(scope=scope, period=period)
    tables = scope_tables(scope=scope, period=period, units=units)
    context = narrative_context(programme=programme, scope=scope, period=period, units=units)
    header = programme.bulletin
    issuer = header.get("issuer", programme.name)
    return BulletinDocument(
        issuer_mark=header.get("issuer_mark", issuer),
        number=document_number(programme, number, date),
        title=render_template(header.get("title", f"{programme.name}推进情况的通报"), context),
        recipients=header.get("recipients", ""),
        body=body_blocks(blocks, context, programme),
        attachments=tuple(
            Attachment(a.number, a.title_lines or (a.title,), a.period_line, a.unit_line, a.table)
            for a in tables.attachments
        ),
        signature=issuer,
        date=date,
        cc=header.get("cc", ""),
        printer=issuer,
        print_date=date,
        draft=draft,
        meta={"scope": scope.name, "scope_code": scope.code, "period": period.key},
    )
