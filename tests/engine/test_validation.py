"""Validation rules: what a reporter is told about a figure that cannot be right."""

from __future__ import annotations

from decimal import Decimal

from anju.engine.validation import Finding, Rule, check_figures
from anju.engine.values import NA

D = Decimal
NAMES = {
    "pg_started": "棚户区改造开工数",
    "pg_task": "棚户区改造目标任务数",
    "gzf_occupied": "公租房累计分配入住套数",
    "gzf_built": "公租房实际建设套数",
}
MEASURES = dict.fromkeys(NAMES, "套")
RULES = [
    Rule("pg_started", "not_below_previous"),
    Rule("pg_started", "at_most", "warning", other="pg_task"),
    Rule("gzf_occupied", "at_most", other="gzf_built"),
    Rule("gzf_built", "required"),
]


def check(values: dict[str, object], previous: dict[str, object] | None = None) -> list[Finding]:
    return check_figures(
        RULES,
        values=values,
        previous=previous or {},
        names=NAMES,
        measures=MEASURES,  # type: ignore[arg-type]
    )


def test_figures_within_the_rules_pass() -> None:
    values = {
        "pg_started": D(153),
        "pg_task": D(250),
        "gzf_occupied": D(2074),
        "gzf_built": D(2180),
    }
    assert check(values, {"pg_started": D(120)}) == []


def test_a_year_to_date_figure_may_not_fall() -> None:
    findings = check({"pg_started": D(100), "gzf_built": D(1)}, {"pg_started": D(153)})
    assert findings == [
        Finding(
            "pg_started",
            "error",
            "棚户区改造开工数：100套低于上月的153套；年度累计数不应减少，请核对",
        )
    ]


def test_occupancy_may_not_exceed_what_was_built() -> None:
    findings = check({"gzf_occupied": D(2200), "gzf_built": D(2180)})
    assert findings == [
        Finding(
            "gzf_occupied",
            "error",
            "公租房累计分配入住套数：2200套超过公租房实际建设套数2180套，请核对",
        )
    ]


def test_starting_more_than_the_target_is_a_warning_asking_why() -> None:
    findings = check({"pg_started": D(260), "pg_task": D(250), "gzf_built": D(1)})
    assert findings == [
        Finding(
            "pg_started",
            "warning",
            "棚户区改造开工数：260套超过棚户区改造目标任务数250套，请在说明中写明原因",
        )
    ]


def test_missing_inputs_break_only_the_required_rule() -> None:
    assert check({"pg_started": NA}) == [
        Finding("gzf_built", "error", "公租房实际建设套数：必须填写")
    ]


def test_a_message_about_an_absurd_figure_stays_short() -> None:
    # 1E-999999999 printed in full would be a billion digits; a shorter stand-in that
    # fails the same way when the message expands it.
    findings = check({"pg_started": D("1E-200"), "gzf_built": D(5)}, {"pg_started": D(153)})
    assert [f.message for f in findings] == [
        "棚户区改造开工数：1E-200套低于上月的153套；年度累计数不应减少，请核对"
    ]
