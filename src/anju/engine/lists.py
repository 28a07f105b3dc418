"""Which units a narrative list names, in what order, and how ties are grouped.

A list placeholder may carry options after its code, each after a "|" (English or Chinese,
as the writer prefers):

=====================================  ========================================================
``grouped`` / ``并列合并``               units with the same figure written as one item: their
                                        names joined by "、" ("金乡县、任城区、泗水县100%")
``zero`` / ``为零``                      the units whose figure is zero (instead of above zero)
``all`` / ``全部``                       every unit with a figure, zero included
``unpublished`` / ``暂未公布``           the units that have not published the figure (or an
                                        input of the indicator)
``above average`` / ``高于平均``         figure above the average (the scope's own figure for an
                                        indicator, a rate of the sums; the mean of the units'
                                        figures for a reported figure)
``below average`` / ``低于平均``         figure below that average
``top 3`` / ``前3``                      the three highest (more when tied at the third)
``bottom 3`` / ``后3``                   the three lowest (more when tied)
``below CODE`` / ``未达 CODE``           units a milestone concerns that have not reached it
``at least 70`` / ``不低于70``           figure at least 70 (bands: ``at least 50|under 70``)
``under 50`` / ``低于50``                figure under 50
``asc`` / ``升序``                       smallest first (largest first otherwise)
``sep 、`` / ``分隔 、``                 the separator between items (default "，")
``none TEXT`` / ``无则 TEXT``            what to write when no unit qualifies
=====================================  ========================================================

Without ``zero``, ``all``, or a condition the list names the units above zero (the format's
first behaviour). Conditions combine: ``below average|bottom 3``. A unit's ``rank`` is its
place among every unit with a figure, highest first, tied units sharing it (1, 2, 2, 4).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext
from typing import Any

from anju.engine.validation import gettext_noop
from anju.engine.values import NA, PRECISION, Value

__all__ = ["ListEntry", "ListError", "ListOptions", "MilestoneRule", "parse_options", "select"]

DEFAULT_SEPARATOR = "，"
GROUP_JOINER = "、"
_HUNDRED = Decimal(100)


class ListError(ValueError):
    """An option that cannot be read; ``offset`` is where it starts in the placeholder."""

    def __init__(self, template: str, offset: int, **params: str) -> None:
        super().__init__(template % {"at": str(offset + 1), **params})
        self.template = template
        self.offset = offset
        self.params = params


@dataclass(frozen=True)
class ListOptions:
    select: str = "positive"  # positive | zero | all | unpublished
    grouped: bool = False
    ascending: bool = False
    above_average: bool = False
    below_average: bool = False
    top: int | None = None
    bottom: int | None = None
    below: str | None = None  # a milestone's code
    at_least: Decimal | None = None
    under: Decimal | None = None
    separator: str = DEFAULT_SEPARATOR
    none: str = ""

    @property
    def conditional(self) -> bool:
        return (
            self.above_average
            or self.below_average
            or self.top is not None
            or self.bottom is not None
            or self.below is not None
            or self.at_least is not None
            or self.under is not None
        )


@dataclass(frozen=True)
class MilestoneRule:
    """What a milestone measures: ``actual`` as a share of ``target`` against ``threshold``%."""

    target: str
    actual: str
    threshold: Decimal


@dataclass(frozen=True)
class ListEntry:
    names: tuple[str, ...]
    value: Decimal
    rank: int
    values: Mapping[str, Value]  # the first unit's figures


_FLAGS: dict[str, tuple[str, object]] = {
    "grouped": ("grouped", True),
    "并列合并": ("grouped", True),
    "zero": ("select", "zero"),
    "为零": ("select", "zero"),
    "all": ("select", "all"),
    "全部": ("select", "all"),
    "unpublished": ("select", "unpublished"),
    "暂未公布": ("select", "unpublished"),
    "asc": ("ascending", True),
    "升序": ("ascending", True),
    "above average": ("above_average", True),
    "高于平均": ("above_average", True),
    "below average": ("below_average", True),
    "低于平均": ("below_average", True),
}
_COUNTS = re.compile(r"^(top|bottom|前|后)\s*(\d+)$")
_WORDED = re.compile(
    r"^(below|未达|sep|分隔|none|无则)(?:\s+|(?<=[\u4e00-\u9fff])(?=\S))(.*)$", re.S
)
_BOUNDS = re.compile(r"^(at least|不低于|under|低于)\s*(-?\d+(?:\.\d+)?)$")
_BOUND_KEYS = {"at least": "at_least", "不低于": "at_least", "under": "under", "低于": "under"}
_KEYS = {"top": "top", "前": "top", "bottom": "bottom", "后": "bottom"}
_WORDS = {"below": "below", "未达": "below", "sep": "separator", "分隔": "separator"}
_WORDS |= {"none": "none", "无则": "none"}
AT_LEAST_ONE = gettext_noop("第%(at)s个字符处：“%(option)s”的个数至少为1")
UNKNOWN_OPTION = gettext_noop(
    "第%(at)s个字符处：“%(option)s”不是可用的列表选项（可用 grouped、zero、all、unpublished、"
    "above average、below average、top N、bottom N、below 节点目标代码、at least N、"
    "under N、asc、sep 分隔符、none 文字）"
)


def parse_options(options: Sequence[tuple[int, str]]) -> ListOptions:
    """Options as written (each with its offset in the placeholder) → what they ask for."""
    settings: dict[str, Any] = {}
    for offset, text in options:
        option = " ".join(text.split()) if not text.strip().startswith(("none", "无则")) else text
        option = option.strip()
        if option in _FLAGS:
            name, flag = _FLAGS[option]
            settings[name] = flag
        elif (match := _COUNTS.match(option)) is not None:
            count = int(match.group(2))
            if count < 1:
                raise ListError(AT_LEAST_ONE, offset, option=option)
            settings[_KEYS[match.group(1)]] = count
        elif (match := _BOUNDS.match(option)) is not None:
            settings[_BOUND_KEYS[match.group(1)]] = Decimal(match.group(2))
        elif (match := _WORDED.match(option)) is not None and (
            match.group(2).strip() or _WORDS[match.group(1)] == "none"
        ):
            word = _WORDS[match.group(1)]
            settings[word] = match.group(2) if word == "none" else match.group(2).strip()
        else:
            raise ListError(UNKNOWN_OPTION, offset, option=option)
    return ListOptions(**settings)


def _mean(values: Sequence[Decimal]) -> Value:
    if not values:
        return NA
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return sum(values, Decimal(0)) / len(values)


def _below(rule: MilestoneRule, values: Mapping[str, Value]) -> bool:
    target = values.get(rule.target, NA)
    if target is NA or target <= 0:
        return False  # a milestone concerns only a unit that was handed a target
    actual = values.get(rule.actual, NA)
    reached = Decimal(0) if actual is NA else actual
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return reached * _HUNDRED < rule.threshold * target


def _ranks(figures: Sequence[Decimal]) -> list[int]:
    """Competition ranks, highest first: 1, 2, 2, 4."""
    ordered = sorted(figures, reverse=True)
    first: dict[Decimal, int] = {}
    for place, value in enumerate(ordered, start=1):
        first.setdefault(value, place)
    return [first[value] for value in figures]


def select(
    code: str,
    units: Sequence[tuple[str, Mapping[str, Value]]],
    options: ListOptions,
    *,
    average_of_units: bool,
    scope_value: Value,
    milestones: Mapping[str, MilestoneRule],
) -> list[ListEntry]:
    """The entries a list names, in the order it names them."""
    present = [
        (order, name, values, value)
        for order, (name, values) in enumerate(units)
        if (value := values.get(code, NA)) is not NA
    ]
    ranks = dict(
        zip((order for order, *_ in present), _ranks([v for *_, v in present]), strict=True)
    )
    if options.select == "zero":
        chosen = [entry for entry in present if entry[3] == 0]
    elif options.select == "all" or options.conditional:
        chosen = list(present)
    else:
        chosen = [entry for entry in present if entry[3] > 0]
    average = _mean([v for *_, v in present]) if average_of_units else scope_value
    if options.above_average:
        chosen = [e for e in chosen if average is not NA and e[3] > average]
    if options.below_average:
        chosen = [e for e in chosen if average is not NA and e[3] < average]
    if options.at_least is not None:
        chosen = [e for e in chosen if e[3] >= options.at_least]
    if options.under is not None:
        chosen = [e for e in chosen if e[3] < options.under]
    if options.below is not None:
        rule = milestones[options.below]
        chosen = [e for e in chosen if _below(rule, e[2])]
    if options.top is not None:
        top = _ranks([e[3] for e in chosen])
        chosen = [e for e, rank in zip(chosen, top, strict=True) if rank <= options.top]
    if options.bottom is not None:
        bottom = _ranks([-e[3] for e in chosen])
        chosen = [e for e, rank in zip(chosen, bottom, strict=True) if rank <= options.bottom]
    sign = 1 if options.ascending else -1
    chosen.sort(key=lambda e: (sign * e[3], e[0]))
    entries: list[ListEntry] = []
    for order, name, values, value in chosen:
        if options.grouped and entries and entries[-1].value == value:
            last = entries[-1]
            entries[-1] = replace(last, names=(*last.names, name))
        else:
            entries.append(ListEntry((name,), value, ranks[order], values))
    return entries
