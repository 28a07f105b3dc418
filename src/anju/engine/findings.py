"""Inspection findings in bulletin prose: the counts and the overdue findings of a scope on
the month's last day, gathered by the caller (the engine reads no database) and written by
placeholders:

- ``{inspections.found}``: problems found (a problem carried into a later round counts once);
- ``{inspections.rectified}``: of them, put right (the office has verified the rectification);
- ``{inspections.open}``: not yet put right; ``{inspections.overdue}``: of those, past their
  deadline; ``{inspections.escalated}``: problems escalated (约谈, 问责);
- ``{list.inspections.overdue:ITEM}``: each overdue finding written with ITEM, where
  ``{unit}``, ``{what}``, ``{requirement}``, ``{deadline}``, ``{days}`` (days past the
  deadline), ``{severity}`` and ``{round}`` stand for its parts; ``sep`` and ``none`` options
  as in any list.
"""

from __future__ import annotations

from dataclasses import dataclass

PREFIX = "inspections."
COUNTS = ("found", "rectified", "open", "overdue", "escalated")
LIST_CODE = PREFIX + "overdue"
ITEM_FIELDS = ("unit", "what", "requirement", "deadline", "days", "severity", "round")


@dataclass(frozen=True)
class OverdueFinding:
    unit: str
    what: str
    requirement: str
    deadline: str
    days: int
    severity: str
    round: str

    def fields(self) -> dict[str, str]:
        return {name: str(getattr(self, name)) for name in ITEM_FIELDS}


@dataclass(frozen=True)
class InspectionFacts:
    found: int = 0
    rectified: int = 0
    escalated: int = 0
    overdue_findings: tuple[OverdueFinding, ...] = ()

    @property
    def open(self) -> int:
        return self.found - self.rectified

    @property
    def overdue(self) -> int:
        return len(self.overdue_findings)

    def count(self, name: str) -> str:
        return str(getattr(self, name))


def is_count(code: str) -> bool:
    return code.startswith(PREFIX) and code[len(PREFIX) :] in COUNTS
