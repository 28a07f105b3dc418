"""Bulletin prose written from figures: templates with placeholders, filled from the engine.

A template is ordinary text with placeholders in braces:

- ``{year}``, ``{month}``, ``{day}``: the period's year, month and last day; ``{scope}``: the
  scope unit's name;
- ``{total.CODE}``: the scope's total of a data element or indicator, at its precision;
- ``{list.CODE:ITEM}``: every unit whose figure is above zero, largest first, each written with
  ``ITEM`` (where ``{name}`` and ``{value}`` stand for the unit and its figure), joined by "，";
  options after the code choose other units, order, grouping and separator
  (``{list.pg_rate|grouped|bottom 3:{rank}、{name}{value}%}``, see ``engine.lists``), and an
  item may also say ``{rank}`` (the unit's place), ``{count}`` (units in a grouped item) and
  ``{change}`` (its change since the previous month);
- ``{inspections.found}``, ``{list.inspections.overdue:ITEM}``, …: the scope's inspection
  findings (``engine.findings``);
- ``{change.CODE}``: the scope's figure less the previous month's (``engine.change``); a code
  ``change.CODE`` may also be listed or totalled like any figure.

``{{`` and ``}}`` stand for literal braces. Templates are checked when a programme is loaded, so
a bulletin never fails on a misspelt code.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from anju.engine.change import CHANGE, change_base, is_change
from anju.engine.findings import ITEM_FIELDS as FINDING_FIELDS
from anju.engine.findings import LIST_CODE as FINDINGS_LIST
from anju.engine.findings import InspectionFacts, is_count
from anju.engine.lists import ListError, ListOptions, MilestoneRule, parse_options, select
from anju.engine.unpublished import UNPUBLISHED_TEXT
from anju.engine.validation import gettext_noop
from anju.engine.values import NA, Value, format_value

__all__ = ["NarrativeContext", "NarrativeError", "check_template", "render_template"]

LIST_SEPARATOR = "，"
SIMPLE_FIELDS = ("year", "month", "day", "scope")
ITEM_FIELDS = ("name", "value", "rank", "count", "change")


class NarrativeError(ValueError):
    """A template that cannot be filled; ``position`` is the offending placeholder's offset.

    ``template`` and ``params`` give the message again for an interface in another language:
    ``translate(template) % params``.
    """

    def __init__(self, template: str, position: int, **params: str) -> None:
        params = {"at": str(position + 1), **params}
        super().__init__(template % params)
        self.template = template
        self.params = params
        self.position = position


@dataclass(frozen=True)
class NarrativeContext:
    year: int
    month: int
    day: int
    scope: str
    totals: Mapping[str, Value]
    units: Sequence[tuple[str, Mapping[str, Value]]]
    places: Mapping[str, int]
    # Data elements read as counts ("10135", not "10135.00"); indicators keep their places.
    trimmed: frozenset[str] = frozenset()
    # The milestones a list may test units against (``below CODE``), by code.
    milestones: Mapping[str, MilestoneRule] = field(default_factory=dict)
    # The scope's inspection findings on the month's last day (``engine.findings``).
    inspections: InspectionFacts = field(default_factory=InspectionFacts)
    # Each unit's figures not published with the indicators computed from them, by name.
    unpublished: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def figure(self, code: str, value: Value) -> str:
        base = change_base(code)  # a change is written at its figure's precision
        return format_value(value, self.places.get(base), trim=base in self.trimmed)


@dataclass(frozen=True)
class _Placeholder:
    start: int
    end: int
    field: str
    item: str | None


def _placeholders(template: str) -> list[_Placeholder | str]:
    """Split a template into literal text and placeholders, honouring nested item braces."""
    parts: list[_Placeholder | str] = []
    text, i = "", 0
    while i < len(template):
        char = template[i]
        if template.startswith(("{{", "}}"), i):
            text, i = text + char, i + 2
        elif char == "}":
            raise NarrativeError(gettext_noop("第%(at)s个字符处多了“}”"), i)
        elif char == "{":
            end = _closing_brace(template, i)
            body = template[i + 1 : end]
            field, colon, item = body.partition(":")
            parts += [text, _Placeholder(i, end + 1, field.strip(), item if colon else None)]
            text, i = "", end + 1
        else:
            text, i = text + char, i + 1
    parts.append(text)
    return parts


def _closing_brace(template: str, start: int) -> int:
    depth = 0
    for index in range(start, len(template)):
        if template[index] == "{":
            depth += 1
        elif template[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    raise NarrativeError(gettext_noop("第%(at)s个字符处的“{”没有对应的“}”"), start)


def check_template(
    template: str, codes: frozenset[str], milestones: frozenset[str] = frozenset()
) -> None:
    """Raise NarrativeError for a malformed template or a placeholder naming an unknown code
    (or, in a list's ``below`` option, an unknown milestone)."""
    for part in _placeholders(template):
        if isinstance(part, _Placeholder):
            _check_placeholder(part, codes, milestones)


def _split(part: _Placeholder) -> tuple[str, str, ListOptions]:
    """A placeholder's kind, its code and (a list's) options; ``change.X`` is a total."""
    head, *options = part.field.split("|")
    kind, _, code = head.strip().partition(".")
    if kind == "change" and code:
        kind, code = "total", CHANGE + code
    if options and kind != "list":
        raise NarrativeError(
            gettext_noop("第%(at)s个字符处：只有 {list.…} 可以带“|”选项"), part.start
        )
    at, offsets = len(head) + 1, []
    for option in options:
        offsets.append((at, option))
        at += len(option) + 1
    try:
        return kind, code, parse_options(offsets)
    except ListError as error:
        at = part.start + 1 + error.offset
        raise NarrativeError(error.template, at, **error.params) from None


def _known(code: str, codes: frozenset[str]) -> bool:
    return code in codes or (is_change(code) and change_base(code) in codes)


def _check_placeholder(
    part: _Placeholder, codes: frozenset[str], milestones: frozenset[str] = frozenset()
) -> None:
    if part.field in SIMPLE_FIELDS and part.item is None:
        return
    kind, code, options = _split(part)
    if _findings_placeholder(part, kind, code, options):
        return
    if options.below is not None and options.below not in milestones:
        raise NarrativeError(
            gettext_noop("第%(at)s个字符处：节点目标“%(code)s”未定义"),
            part.start,
            code=options.below,
        )
    if kind in ("total", "list") and _known(code, codes):
        if kind == "list" and part.item is None:
            raise NarrativeError(
                gettext_noop("第%(at)s个字符处的“%(placeholder)s”缺少每项的写法，例如 %(example)s"),
                part.start,
                placeholder=f"{{{part.field}}}",
                example=f"{{{part.field}:{{name}}{{value}}}}",
            )
        if kind == "total" and part.item is not None:
            raise NarrativeError(
                gettext_noop("第%(at)s个字符处的“%(placeholder)s”不需要“:”后的写法"),
                part.start,
                placeholder=f"{{{part.field}}}",
            )
        if part.item is not None:
            _check_item_fields(
                part,
                part.item,
                ITEM_FIELDS,
                gettext_noop(
                    "第%(at)s个字符处：“%(field)s”不是可用的项目字段"
                    "（可用 {name}、{value}、{rank}、{count}、{change}）"
                ),
            )
        return
    raise NarrativeError(
        gettext_noop("第%(at)s个字符处的占位符“%(placeholder)s”不存在"),
        part.start,
        placeholder=f"{{{part.field}}}",
    )


def _findings_placeholder(part: _Placeholder, kind: str, code: str, options: ListOptions) -> bool:
    """Whether the placeholder is one of the inspections' (checked here), or another."""
    if kind == "inspections" and is_count(f"{kind}.{code}") and part.item is None:
        return True
    if kind != "list" or code != FINDINGS_LIST:
        return False
    if part.item is None:
        raise NarrativeError(
            gettext_noop("第%(at)s个字符处的“%(placeholder)s”缺少每项的写法，例如 %(example)s"),
            part.start,
            placeholder=f"{{{part.field}}}",
            example=f"{{{part.field}:{{unit}}{{what}}}}",
        )
    if options != ListOptions(separator=options.separator, none=options.none):
        raise NarrativeError(
            gettext_noop("第%(at)s个字符处：逾期问题列表只能带 sep 和 none 选项"), part.start
        )
    _check_item_fields(
        part,
        part.item,
        FINDING_FIELDS,
        gettext_noop(
            "第%(at)s个字符处：“%(field)s”不是可用的项目字段"
            "（可用 {unit}、{what}、{requirement}、{deadline}、{days}、"
            "{severity}、{round}）"
        ),
    )
    return True


def _check_item_fields(
    part: _Placeholder, text: str, fields: Collection[str], message: str
) -> None:
    """Refuse, with ``message``, a placeholder in the per-item ``text`` that is none of
    ``fields``."""
    for item in _placeholders(text):
        if isinstance(item, _Placeholder) and item.field not in fields:
            raise NarrativeError(message, part.start, field=f"{{{item.field}}}")


def _findings_text(
    part: _Placeholder, kind: str, code: str, options: ListOptions, context: NarrativeContext
) -> str:
    facts = context.inspections
    if kind == "inspections":
        return facts.count(code)
    items = []
    for finding in facts.overdue_findings:
        fields = finding.fields()
        items.append(
            "".join(
                p if isinstance(p, str) else fields.get(p.field, "")
                for p in _placeholders(part.item or "")
            )
        )
    return options.separator.join(items) if items else options.none


def render_template(template: str, context: NarrativeContext) -> str:
    """Fill a template; a figure that is not applicable is left empty rather than invented."""
    out: list[str] = []
    for part in _placeholders(template):
        out.append(part if isinstance(part, str) else _fill(part, context))
    return "".join(out)


def _fill(part: _Placeholder, context: NarrativeContext) -> str:
    simple = {
        "year": str(context.year),
        "month": str(context.month),
        "day": str(context.day),
        "scope": context.scope,
    }
    if part.field in simple:
        return simple[part.field]
    kind, code, options = _split(part)
    if _findings_placeholder(part, kind, code, options):
        return _findings_text(part, kind, code, options, context)
    if kind == "total":
        return context.figure(code, context.totals.get(code, NA))
    if kind == "list" and part.item is not None:
        if options.below is not None and options.below not in context.milestones:
            raise NarrativeError(
                gettext_noop("第%(at)s个字符处：节点目标“%(code)s”未定义"),
                part.start,
                code=options.below,
            )
        return _unit_list(code, part.item, options, context)
    raise NarrativeError(
        gettext_noop("第%(at)s个字符处的占位符“%(placeholder)s”不存在"),
        part.start,
        placeholder=f"{{{part.field}}}",
    )


def _unpublished_list(code: str, item: str, options: ListOptions, context: NarrativeContext) -> str:
    # The units that did not publish the figure, in the tree's order; {value} says so.
    names = [name for name, _ in context.units if code in context.unpublished.get(name, ())]
    groups = [names] if options.grouped and names else [[name] for name in names]
    fields = [
        {"name": "、".join(group), "value": UNPUBLISHED_TEXT, "count": str(len(group))}
        for group in groups
    ]
    parts = _placeholders(item)
    items = [
        "".join(p if isinstance(p, str) else f.get(p.field, "") for p in parts) for f in fields
    ]
    return options.separator.join(items) or options.none


def _unit_list(code: str, item: str, options: ListOptions, context: NarrativeContext) -> str:
    if options.select == "unpublished":
        return _unpublished_list(change_base(code), item, options, context)
    base = change_base(code)
    entries = select(
        code,
        context.units,
        options,
        # A reported figure's average is the units' mean; an indicator's, the scope's own.
        average_of_units=base in context.trimmed,
        scope_value=context.totals.get(code, NA),
        milestones=context.milestones,
    )
    if not entries:
        return options.none
    items = []
    for entry in entries:
        change = entry.values.get(CHANGE + code, NA) if not is_change(code) else NA
        fields = {
            "name": "、".join(entry.names),
            "value": context.figure(code, entry.value),
            "rank": str(entry.rank),
            "count": str(len(entry.names)),
            "change": context.figure(CHANGE + code, change) if len(entry.names) == 1 else "",
        }
        items.append(
            "".join(
                p if isinstance(p, str) else fields.get(p.field, "") for p in _placeholders(item)
            )
        )
    return options.separator.join(items)
