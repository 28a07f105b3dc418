"""Checks on a unit's figures before they are stored or submitted.

Rules are declared per data element in the programme definition. An error blocks submission;
a warning lets it through with an explanation from the reporter. Messages name the figure and
say what is expected, in the words of the people who fill in the form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

from anju.engine.values import NA, Value, format_value

__all__ = ["RULE_KINDS", "Finding", "Level", "Rule", "RuleKind", "check_figures"]

RuleKind: TypeAlias = Literal["not_below_previous", "at_most", "required"]
Level: TypeAlias = Literal["error", "warning"]
RULE_KINDS: tuple[RuleKind, ...] = ("not_below_previous", "at_most", "required")


@dataclass(frozen=True)
class Rule:
    element: str
    kind: RuleKind
    level: Level = "error"
    other: str | None = None  # for at_most: the figure or target it may not exceed


@dataclass(frozen=True)
class Finding:
    element: str
    level: Level
    message: str


@dataclass(frozen=True)
class _Labels:
    names: Mapping[str, str]
    measures: Mapping[str, str]

    def amount(self, code: str, value: Value) -> str:
        return f"{format_value(value, None, trim=True)}{self.measures.get(code, '')}"


def check_figures(
    rules: Sequence[Rule],
    *,
    values: Mapping[str, Value],
    previous: Mapping[str, Value],
    names: Mapping[str, str],
    measures: Mapping[str, str],
) -> list[Finding]:
    """Every rule broken by ``values`` (the unit's figures and targets, by code).

    ``previous`` holds last month's figures; a rule whose inputs are missing is not broken
    (``required`` is the rule for a missing figure).
    """
    labels = _Labels(names, measures)
    findings = []
    for rule in rules:
        message = _broken(rule, values, previous, labels)
        if message is not None:
            findings.append(Finding(rule.element, rule.level, message))
    return findings


def _broken(
    rule: Rule, values: Mapping[str, Value], previous: Mapping[str, Value], labels: _Labels
) -> str | None:
    value = values.get(rule.element, NA)
    name = labels.names.get(rule.element, rule.element)
    if rule.kind == "required":
        return f"{name}：必须填写" if value is NA else None
    if value is NA:
        return None
    if rule.kind == "not_below_previous":
        before = previous.get(rule.element, NA)
        if before is not NA and value < before:
            return (
                f"{name}：{labels.amount(rule.element, value)}低于上月的"
                f"{labels.amount(rule.element, before)}；年度累计数不应减少，请核对"
            )
        return None
    other = values.get(rule.other or "", NA)
    if other is not NA and value > other:
        other_name = labels.names.get(rule.other or "", rule.other or "")
        text = (
            f"{name}：{labels.amount(rule.element, value)}超过"
            f"{other_name}{labels.amount(rule.other or '', other)}"
        )
        return text + ("，请在说明中写明原因" if rule.level == "warning" else "，请核对")
    return None
