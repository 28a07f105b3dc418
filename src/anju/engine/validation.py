"""Checks on a unit's figures before they are stored or submitted.

Rules are declared per data element in the programme definition. An error blocks submission;
a warning lets it through with an explanation from the reporter. Messages name the figure and
say what is expected, in the words of the people who fill in the form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from anju.engine.values import NA, Value, format_value

__all__ = [
    "MESSAGES",
    "RULE_KINDS",
    "Finding",
    "Level",
    "Rule",
    "RuleKind",
    "check_figures",
    "gettext_noop",
]

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
    message: str  # in Chinese, the programme's language
    # The message's template and its values, for an interface that shows it in another
    # language: ``translate(template) % params``. Not part of a finding's identity.
    template: str = field(default="", compare=False)
    params: Mapping[str, str] = field(default_factory=dict, compare=False)


def gettext_noop(message: str) -> str:
    """Marks a message for the translation catalogue; the engine itself stays Django-free."""
    return message


MESSAGES: Mapping[str, str] = {
    "required": gettext_noop("%(name)s：必须填写"),
    "not_below_previous": gettext_noop(
        "%(name)s：%(value)s低于上月的%(previous)s；年度累计数不应减少，请核对"
    ),
    "at_most": gettext_noop("%(name)s：%(value)s超过%(other)s%(limit)s，请核对"),
    "at_most_warning": gettext_noop(
        "%(name)s：%(value)s超过%(other)s%(limit)s，请在说明中写明原因"
    ),
}


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
        broken = _broken(rule, values, previous, labels)
        if broken is not None:
            key, params = broken
            template = MESSAGES[key]
            findings.append(Finding(rule.element, rule.level, template % params, template, params))
    return findings


def _broken(
    rule: Rule, values: Mapping[str, Value], previous: Mapping[str, Value], labels: _Labels
) -> tuple[str, dict[str, str]] | None:
    """The message key and its values when the rule is broken, else None."""
    value = values.get(rule.element, NA)
    name = labels.names.get(rule.element, rule.element)
    if rule.kind == "required":
        return ("required", {"name": name}) if value is NA else None
    if value is NA:
        return None
    # The figures are worded only for a broken rule: a national upload checks 34,000 rules.
    if rule.kind == "not_below_previous":
        before = previous.get(rule.element, NA)
        if before is not NA and value < before:
            params = {
                "name": name,
                "value": labels.amount(rule.element, value),
                "previous": labels.amount(rule.element, before),
            }
            return "not_below_previous", params
        return None
    other = values.get(rule.other or "", NA)
    if other is not NA and value > other:
        params = {
            "name": name,
            "value": labels.amount(rule.element, value),
            "other": labels.names.get(rule.other or "", rule.other or ""),
            "limit": labels.amount(rule.other or "", other),
        }
        return ("at_most_warning" if rule.level == "warning" else "at_most"), params
    return None
