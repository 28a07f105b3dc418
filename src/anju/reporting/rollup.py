"""Live subtree sums (``SubtreeSum``): kept in step with what is published, never rebuilt to read.

Every change of what is published applies its delta in the transaction of the change, to the
report's unit and every unit above it, in one set-wise statement (an upsert):

- a workflow step (``_transition``) calls ``subtree_sums_follow`` before saving the report:
  approval adds the report's figures, a return of an approved report or an unlock takes them
  away (an approval after a correction adds the corrected figures back);
- a writer that stores figures on reports whatever their status (``figures_import``, the
  import of a past bulletin) takes the published reports' figures away first
  (``subtree_sums_withdraw``) and adds those published afterwards (``subtree_sums_change``);
- a bulk loader (the national data set) writes rows below the ORM and then calls
  ``subtree_sums_rebuild`` once per month: the sums recomputed from the stored figures;
- a unit moved elsewhere in the tree: its months are rebuilt (``unit_moved``).

Sums are exact: the figures, stored with four decimal places, are added as integers of
ten-thousandths. The rows of one statement are locked in one order (month, depth, figure) so
two approvals under the same root wait for each other instead of deadlocking.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from typing import Any, Literal

from django.db import connection
from django.db.models import Max

from anju.programmes.models import Unit
from anju.reporting.models import Period, Report, ReportValue, SubtreeSum
from anju.reporting.selectors import PUBLISHED

# Report ids per statement: well within every database's limit on parameters.
CHUNK = 500
SCALE = 10**SubtreeSum.SCALE_PLACES


def _tables() -> dict[str, str]:
    quote = connection.ops.quote_name
    return {
        "sums": quote(SubtreeSum._meta.db_table),
        "values": quote(ReportValue._meta.db_table),
        "reports": quote(Report._meta.db_table),
        "units": quote(Unit._meta.db_table),
    }


# A stored figure in ten-thousandths, exactly (SQLite may hold it as floating point).
SCALED = f"CAST(ROUND(v.value * {SCALE}) AS BIGINT)"
UPSERT = (
    "ON CONFLICT (period_id, unit_id, element_id) DO UPDATE SET "
    "total = {sums}.total + excluded.total, reports = {sums}.reports + excluded.reports"
)


def _marks(count: int) -> str:
    return ", ".join(["%s"] * count)


def subtree_sums_change(*, report_ids: Collection[int], sign: Literal[1, -1]) -> None:
    """Add (1) or take away (-1) the figures of these reports to the sums of their units and
    every unit above them: one upsert per 500 reports, whatever their status (the caller
    knows which reports enter or leave what is published)."""
    ids = sorted(set(report_ids))
    for start in range(0, len(ids), CHUNK):
        _change(ids[start : start + CHUNK], sign)


def _change(ids: Sequence[int], sign: int) -> None:
    paths = Unit.objects.filter(reports__pk__in=ids).values_list("path", flat=True).distinct()
    above = sorted({a for path in paths for a in Unit(path=path).ancestor_paths})
    if not above:
        return
    tables = _tables()
    sql = f"""
        INSERT INTO {tables["sums"]} (period_id, unit_id, element_id, total, reports)
        SELECT r.period_id, a.id, v.element_id, SUM({SCALED}) * %s, COUNT(*) * %s
        FROM {tables["values"]} v
        JOIN {tables["reports"]} r ON r.id = v.report_id
        JOIN {tables["units"]} u ON u.id = r.unit_id
        JOIN {tables["units"]} a ON a.path IN ({_marks(len(above))})
            AND substr(u.path, 1, length(a.path)) = a.path
        WHERE v.report_id IN ({_marks(len(ids))})
        GROUP BY r.period_id, a.id, a.depth, v.element_id
        ORDER BY r.period_id, a.depth, a.id, v.element_id
        {UPSERT.format(**tables)}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [sign, sign, *above, *ids])


def subtree_sums_follow(*, report: Report) -> None:
    """A workflow step's delta: call it after the step changed ``report.status`` in memory
    and before it is saved. Entering what is published adds the report's figures, leaving
    it takes them away; a step within (approved → locked) or outside changes nothing."""
    was = Report.objects.filter(pk=report.pk).values_list("status", flat=True).get()
    published_before, published_now = was in PUBLISHED, report.status in PUBLISHED
    if published_before != published_now:
        subtree_sums_change(report_ids=[report.pk], sign=1 if published_now else -1)


def subtree_sums_withdraw(*, report_ids: Collection[int]) -> list[int]:
    """Before figures are stored on reports whatever their status: lock the reports, take
    the published ones' figures away and return their ids. The writer adds the reports that
    are published afterwards back with ``subtree_sums_change``."""
    published = sorted(
        Report.objects.select_for_update()
        .filter(pk__in=list(report_ids), status__in=list(PUBLISHED))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    subtree_sums_change(report_ids=published, sign=-1)
    return published


def subtree_sums_rebuild(*, period: Period | int) -> None:
    """The month's sums recomputed from the stored figures, set-wise: each unit's own
    published figures grouped in one statement, then each level added to the level above,
    deepest first (one statement per level). For bulk loaders, inside their transaction,
    while nothing else writes the month; never needed to read."""
    period_id = period if isinstance(period, int) else period.pk
    tables = _tables()
    deepest = Unit.objects.aggregate(deepest=Max("depth"))["deepest"] or 0
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {tables['sums']} WHERE period_id = %s", [period_id])
        cursor.execute(
            f"""
            INSERT INTO {tables["sums"]} (period_id, unit_id, element_id, total, reports)
            SELECT r.period_id, r.unit_id, v.element_id, SUM({SCALED}), COUNT(*)
            FROM {tables["values"]} v
            JOIN {tables["reports"]} r ON r.id = v.report_id
            WHERE r.period_id = %s AND r.status IN ({_marks(len(PUBLISHED))})
            GROUP BY r.period_id, r.unit_id, v.element_id
            """,
            [period_id, *PUBLISHED],
        )
        for depth in range(deepest, 0, -1):
            cursor.execute(
                f"""
                INSERT INTO {tables["sums"]} (period_id, unit_id, element_id, total, reports)
                SELECT s.period_id, u.parent_id, s.element_id, SUM(s.total), SUM(s.reports)
                FROM {tables["sums"]} s
                JOIN {tables["units"]} u ON u.id = s.unit_id
                WHERE s.period_id = %s AND u.depth = %s
                GROUP BY s.period_id, u.parent_id, s.element_id
                {UPSERT.format(**tables)}
                """,
                [period_id, depth],
            )


def subtree_sums_rebuild_under(*, path: str) -> None:
    """Rebuild every month with reports at or below the unit of ``path`` (after it moved)."""
    for period_id in _periods_under(path):
        subtree_sums_rebuild(period=period_id)


def _periods_under(path: str) -> Iterator[int]:
    yield from (
        Report.objects.filter(unit__path__startswith=path)
        .order_by("period_id")
        .values_list("period_id", flat=True)
        .distinct()
    )


def unit_moved(sender: Any, *, unit: Unit, old_path: str, **kwargs: Any) -> None:
    """Receiver of ``anju.programmes.signals.unit_moved``: the sums above the unit's old and
    new place change with it."""
    subtree_sums_rebuild_under(path=unit.path)
