"""The audit as a person reads it (text) or a program does (JSON)."""

from __future__ import annotations

import json

from anju.audit.findings import AuditResult, Severity

_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.NOTE: "提示"}


def result_text(result: AuditResult) -> str:
    counts = "，".join(f"{_LABELS[s]} {len(result.of(s))}" for s in Severity)
    lines = [f"{result.name}：核对 {result.checked} 个推算数；{counts}"]
    for finding in result.findings:
        figures = f"印作 {finding.printed}" if finding.printed else ""
        if finding.expected:
            figures += f"，应为 {finding.expected}"
        lines.append(
            f"  [{_LABELS[finding.severity]}] {finding.where}" + (f"：{figures}" if figures else "")
        )
        lines.append(f"      {finding.message}")
    return "\n".join(lines) + "\n"


def results_json(results: list[AuditResult]) -> str:
    data: object = results[0].as_dict() if len(results) == 1 else [r.as_dict() for r in results]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
