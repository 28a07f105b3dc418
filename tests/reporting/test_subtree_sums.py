"""The sums kept by subtree (``SubtreeSum``) against a full recomputation from the stored
figures, after every step of random sequences of entries, submissions, approvals, returns,
month closings, unlocks, corrections by file and moves of a unit in the tree."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from anju.errors import InvalidInput
from anju.programmes.models import Programme, Unit
from anju.programmes.services import unit_save
from anju.programmes.spec import FiguresSpec
from anju.reporting.figuresfile import figures_import
from anju.reporting.models import Period, Report, ReportValue, SubtreeSum
from anju.reporting.selectors import PUBLISHED, scope_children_values
from anju.reporting.services import period_close, report_set_values
from anju.reporting.tables import scope_tables
from anju.reporting.workflow import (
    report_approve,
    report_return,
    report_submit,
    report_unlock,
)

pytestmark = pytest.mark.django_db

UNITS = ("533401", "533422", "533423", "533400-KFQ", "533400-BJ")
Key = tuple[int, int, int]  # period, unit, element


def kept() -> dict[Key, tuple[Decimal, int]]:
    """What the table holds; a row whose reports were all withdrawn holds nothing."""
    rows: dict[Key, tuple[Decimal, int]] = {}
    for row in SubtreeSum.objects.all():
        assert row.reports >= 0, row
        if row.reports == 0:
            assert row.total == 0, row
            continue
        rows[(row.period_id, row.unit_id, row.element_id)] = (row.amount, row.reports)
    return rows


def recomputed() -> dict[Key, tuple[Decimal, int]]:
    """Every published figure added to its unit and every unit above it, here in Python."""
    ids = dict(Unit.objects.values_list("path", "pk"))
    sums: dict[Key, list[Decimal | int]] = defaultdict(lambda: [Decimal(0), 0])
    for period, path, element, value in ReportValue.objects.filter(
        report__status__in=PUBLISHED
    ).values_list("report__period_id", "report__unit__path", "element_id", "value"):
        for above in Unit(path=path).ancestor_paths:
            entry = sums[(period, ids[above], element)]
            entry[0] += value
            entry[1] += 1
    return {key: (Decimal(total), int(count)) for key, (total, count) in sums.items()}


def june_report(code: str) -> Report:
    return Report.objects.get(unit__code=code, period__month=6, period__programme__code=DEMO)


DEMO = "diqing-2017"


def enter(code: str, figure: int) -> None:
    values = {"pg_started": str(figure), "invest": f"{figure}.25"}
    report_set_values(report=june_report(code), values=values, channel="form")


def by_file(code: str, figure: int) -> None:
    """A figures file with approved figures over the unit's June report, whatever its state."""
    spec = FiguresSpec(
        programme=DEMO,
        period="2017-06",
        status="approved",
        reports={code: {"invest": f"{figure}.5", "gzf_new": str(figure % 50)}},
    )
    figures_import(figures=spec)


def move(code: str, figure: int) -> None:
    """开发区 moves below the unit (or back to the prefecture), with its reports."""
    zone = Unit.objects.get(code="533400-KFQ")
    target = code if code != zone.code and zone.parent.code == "533400" else "533400"
    zone.parent = Unit.objects.get(code=target)
    unit_save(unit=zone)


def advance(code: str, figure: int) -> None:
    """The report's next step in a correction: approved → returned → corrected figures
    entered and submitted → approved; a locked report is unlocked first."""
    status = june_report(code).status
    event(f"advance from {status}")
    if status == Report.Status.LOCKED:
        STEPS["unlock"](code, figure)
    elif status == Report.Status.APPROVED:
        STEPS["return"](code, figure)
    elif status == Report.Status.SUBMITTED:
        STEPS["approve"](code, figure)
    else:
        enter(code, figure)
        STEPS["submit"](code, figure)


STEPS: dict[str, Callable[[str, int], object]] = {
    "enter": enter,
    "submit": lambda code, _: report_submit(report=june_report(code), user=None, note="说明"),
    "approve": lambda code, _: report_approve(report=june_report(code), user=None),
    "return": lambda code, _: report_return(report=june_report(code), user=None, comment="改"),
    "unlock": lambda code, _: report_unlock(report=june_report(code), user=None, reason="更正"),
    "close": lambda code, _: period_close(period=Period.objects.get(programme__code=DEMO, month=6)),
    "file": by_file,
    "move": move,
    "advance": advance,
}

# Mostly the next step of a correction, so that sequences reach approvals of corrected
# figures; now and then any step at all (most of them refused in the state they find).
WEIGHTED = sorted(STEPS) + ["advance"] * 12


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(WEIGHTED), st.sampled_from(UNITS[:3]), st.integers(0, 3000)),
        min_size=1,
        max_size=20,
    )
)
def test_the_kept_sums_equal_a_recomputation_after_every_step(
    steps: list[tuple[str, str, int]],
) -> None:
    with transaction.atomic():
        assert kept() == recomputed()
        for action, code, figure in steps:
            try:
                STEPS[action](code, figure)
                event(f"{action}: taken")
            except InvalidInput:
                event(f"{action}: refused")  # nothing changed, and the sums neither
            assert kept() == recomputed(), (action, code, figure)
        transaction.set_rollback(True)  # each example starts from the demo's June


def test_a_return_and_an_approval_after_correction_reach_the_tables() -> None:
    """德钦县's June figures leave the tables when the report is returned, and come back
    corrected when it is approved again; the sums read match a grouping of the figures."""
    scope = Unit.objects.get(code="533400")
    june = Period.objects.get(programme__code=DEMO, month=6)

    def started(units: list[object]) -> dict[str, object]:
        return {u.code: u.values.get("pg_started") for u in units}  # type: ignore[attr-defined]

    def regrouped() -> dict[str, object]:
        # Another status set than the published one is summed from the figures themselves.
        every = [*PUBLISHED, Report.Status.SUBMITTED]
        submitted = Report.objects.filter(period=june, status=Report.Status.SUBMITTED)
        assert not submitted.exists()
        return started(scope_children_values(period=june, scope=scope, statuses=every))

    def rows() -> dict[str, str]:
        table = scope_tables(scope=scope, period=june).attachments[0].table
        return {row.label: row.cells[2].text for row in table.rows}

    assert rows()["德钦县"] == "153"
    report_return(report=june_report("533422"), user=None, comment="开工数有误")
    assert rows()["德钦县"] == ""
    assert started(scope_children_values(period=june, scope=scope)) == regrouped()
    enter("533422", 160)
    report_submit(report=june_report("533422"), user=None, note="更正")
    report_approve(report=june_report("533422"), user=None)
    assert rows()["德钦县"] == "160"
    assert started(scope_children_values(period=june, scope=scope)) == regrouped()
    assert Programme.objects.filter(code=DEMO).exists()
