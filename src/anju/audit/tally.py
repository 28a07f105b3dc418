"""What each check adds up: how many derived figures it checked and what it found."""

from __future__ import annotations

from dataclasses import dataclass, field

from anju.audit.findings import Finding
from anju.audit.tables import Column


@dataclass
class Tally:
    checked: int = 0
    findings: list[Finding] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)


@dataclass(frozen=True)
class RatePair:
    rate: Column
    numerator: Column
    denominator: Column
