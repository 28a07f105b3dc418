"""What an audit reports: findings with severity, kind, place, figures and cause."""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field


class Severity(enum.StrEnum):
    ERROR = "error"  # contradicts its own inputs
    WARNING = "warning"  # no stated figures give it; rows missing
    NOTE = "note"  # form: precision, order key, 公文 conventions


class Kind(enum.StrEnum):
    RATE = "rate"
    SHARE = "share"
    SUM = "sum"
    DIFFERENCE = "difference"
    RANK = "rank"
    NARRATIVE = "narrative"
    PRECISION = "precision"
    ORDER = "order"
    TRUNCATION_PATTERN = "truncation-pattern"
    FORM = "form"


@dataclass(frozen=True)
class Finding:
    severity: Severity
    kind: Kind
    where: str
    message: str
    unit: str = ""
    printed: str = ""
    expected: str = ""
    cause: str = ""

    def as_dict(self) -> dict[str, str]:
        data = asdict(self)
        return {
            key: str(data[key])
            for key in (
                "severity",
                "kind",
                "where",
                "unit",
                "printed",
                "expected",
                "cause",
                "message",
            )
        }


@dataclass
class AuditResult:
    name: str
    checked: int = 0
    findings: list[Finding] = field(default_factory=list)

    def of(self, severity: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity == severity]

    @property
    def flagged(self) -> bool:
        """An error or a warning; notes on form alone do not flag a document."""
        return any(f.severity != Severity.NOTE for f in self.findings)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.name,
            "checked": self.checked,
            "findings": [f.as_dict() for f in self.findings],
        }
