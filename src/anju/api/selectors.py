"""Reads for the API: the data each endpoint returns, gathered with set-based queries.

The figures come from the same selectors and engine as the pages and the bulletin
(``scope_children_values``, ``scope_tables``, ``evaluate_indicators``, ``evaluate_milestone``),
so the API can never disagree with a printed table. The number of queries of the scope
endpoints does not depend on the number of units.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse

from anju.accounts import policy
from anju.bulletins.builder import document_number
from anju.bulletins.models import Bulletin, BulletinFile
from anju.engine import (
    NA,
    MilestoneState,
    Value,
    dependency_order,
    evaluate_indicators,
    format_value,
    scope_totals,
)
from anju.engine.unpublished import hidden_codes
from anju.programmes.models import Programme, Unit
from anju.programmes.selectors import programme_head, programme_spec
from anju.programmes.spec import ProgrammeHead, ProgrammeSpec
from anju.reporting.entry import entered_values
from anju.reporting.history import milestone_standings, scope_history
from anju.reporting.models import Period, Report
from anju.reporting.selectors import (
    milestone_specs,
)
from anju.reporting.tables import indicator_specs, published_children_values, scope_tables
from anju.reporting.tables_output import tables_data
from anju.reporting.workflow import report_actions, report_editable

# --- figures as text ---------------------------------------------------------------------------


def exact(value: Value | None) -> str | None:
    """A figure exactly as stored or summed, without padding zeros: "712.62", "1241"."""
    if value is None or value is NA:
        return None
    return format_value(value, None, trim=True)


def rounded(value: Value, places: int) -> str | None:
    """An indicator at its precision, half-up, zeros kept: "61.20"."""
    return None if value is NA else format_value(value, places)


def exact_figures(values: Mapping[str, Value]) -> dict[str, str]:
    return {code: text for code, value in values.items() if (text := exact(value)) is not None}


def unit_ref(unit: Unit) -> dict[str, str]:
    return {"code": unit.code, "name": unit.name}


# --- units -------------------------------------------------------------------------------------


def unit_detail(unit: Unit, user: User) -> dict[str, Any]:
    ancestors = Unit.objects.filter(path__in=unit.ancestor_paths).exclude(pk=unit.pk)
    ancestors_list = [unit_ref(a) for a in ancestors.order_by("depth")]
    return {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "kind_label": unit.get_kind_display(),
        "depth": unit.depth,
        "parent": ancestors_list[-1] if ancestors_list else None,
        "ancestors": ancestors_list,
        "has_children": unit.has_units_below,
        "permissions": {
            "read_report": policy.can_read_report(user, unit),
            "write_report": policy.can_write_report(user, unit),
            "view_scope": policy.can_view_scope(user, unit),
            "review": policy.can_review(user, unit),
            "manage": policy.can_manage(user, unit),
        },
    }


def unit_children(unit: Unit) -> list[dict[str, Any]]:
    below = Unit.objects.filter(parent=OuterRef("pk"))
    children = unit.children.annotate(below=Exists(below)).order_by("sort_order", "code")
    return [
        {
            "code": child.code,
            "name": child.name,
            "kind": child.kind,
            "kind_label": child.get_kind_display(),
            "has_children": child.has_units_below,
        }
        for child in children
    ]


# --- programmes and periods --------------------------------------------------------------------


def programme_summary(programme: Programme) -> ProgrammeHead:
    return programme_head(programme)


def programme_detail(programme: Programme) -> ProgrammeSpec:
    """The programme as its file says it: the same model the import reads and the export writes."""
    return programme_spec(programme)


def unit_periods(unit: Unit) -> list[dict[str, Any]]:
    """The months of each year's programme covering the unit (its nearest scope), oldest first."""
    covering = Programme.objects.filter(scope__path__in=unit.ancestor_paths).order_by(
        "-year", "-scope__depth"
    )
    nearest: dict[int, int] = {}
    for year, pk in covering.values_list("year", "pk"):
        nearest.setdefault(year, pk)
    periods = (
        Period.objects.filter(programme_id__in=nearest.values())
        .select_related("programme")
        .order_by("programme__year", "month")
    )
    return [
        {
            "period": p.key,
            "programme": p.programme.code,
            "year": p.programme.year,
            "month": p.month,
            "status": p.status,
            "status_label": p.get_status_display(),
            "due_date": p.due_date,
        }
        for p in periods
    ]


# --- reports -----------------------------------------------------------------------------------


def report_detail(report: Report, user: User) -> dict[str, Any]:
    """A report (stored or not yet started) as the caller sees it."""
    return {
        "unit": unit_ref(report.unit),
        "period": report.period.key,
        "started": report.pk is not None,
        "status": report.status,
        "status_label": report.get_status_display(),
        "version": report.version,
        "figures": exact_figures(entered_values(report)),
        "unpublished": list(report.unpublished),
        "as_of": report.as_of,
        "note": report.note,
        "review_comment": report.review_comment,
        "submitted_at": report.submitted_at,
        "reviewed_at": report.reviewed_at,
        "editable": report_editable(report=report, user=user),
        "actions": report_actions(report=report, user=user),
    }


# --- the scope's computed figures --------------------------------------------------------------


def scope_tables_data(*, scope: Unit, period: Period) -> dict[str, Any]:
    """The bulletin's attachment tables from reviewed figures; NotFound when there are none."""
    return tables_data(scope_tables(scope=scope, period=period))


def reported(values: Mapping[str, Value]) -> dict[str, Value]:
    """The figures themselves, without last month's (``previous.X``) or the changes since
    (``change.X``) that travel with them for a programme printing changes."""
    return {code: value for code, value in values.items() if "." not in code}


def scope_indicators(*, scope: Unit, period: Period) -> dict[str, Any]:
    """Each child's figures, every indicator and its rank in each table; and the totals.

    Ranks are read from the built tables, so they are the bulletin's ranks by construction.
    """
    units = published_children_values(scope=scope, period=period)
    tables = scope_tables(scope=scope, period=period, units=units)
    specs = dependency_order(indicator_specs(period.programme))
    places = {spec.code: spec.places for spec in specs}
    ranks = {
        a.table.code: {row.unit_code: row.rank for row in a.table.rows} for a in tables.attachments
    }

    def indicators(values: Mapping[str, Value]) -> dict[str, str | None]:
        computed = evaluate_indicators(specs, values)
        return {code: rounded(value, places[code]) for code, value in computed.items()}

    totals = scope_totals(specs, units)
    return {
        "scope": unit_ref(scope),
        "programme": period.programme.name,
        "period": period.key,
        "units": [
            {
                "code": unit.code,
                "name": unit.name,
                "figures": exact_figures(reported(unit.values)),
                "indicators": indicators(unit.values),
                "ranks": {table: by_unit.get(unit.code) for table, by_unit in ranks.items()},
                "unpublished": sorted(hidden_codes(specs, unit.unpublished)),
                "as_of": unit.as_of,
            }
            for unit in units
        ],
        "total": {
            "figures": exact_figures(
                reported({code: totals[code] for code in sorted(totals) if code not in places})
            ),
            "indicators": {code: rounded(totals[code], places[code]) for code in places},
        },
    }


def _state(state: MilestoneState) -> dict[str, Any]:
    return {
        "target": exact(state.target),
        "actual": exact(state.actual),
        "rate": rounded(state.rate, 2),
        "met": state.met,
        "required": exact(state.required),
        "gap": exact(state.gap),
        "gap_text": state.gap_text(),
        "months_left": state.months_left,
        "pace_needed": exact(state.pace_needed),
        "forecast": exact(state.forecast),
        "forecast_met": state.forecast_met,
    }


def scope_milestones(*, scope: Unit, period: Period) -> dict[str, Any]:
    """Every unit of the scope against every milestone at the end of the month, from its
    reviewed figures month by month: the standings the dashboard's alerts are made of."""
    programme = period.programme
    specs = milestone_specs(programme)
    history = scope_history(
        scope=scope, period=period, elements={s.actual for s in specs} | {s.target for s in specs}
    )
    return {
        "scope": unit_ref(scope),
        "programme": programme.name,
        "period": period.key,
        "as_of_month": period.month,
        "milestones": [
            {
                "code": standing.spec.code,
                "label": standing.spec.label,
                "threshold": exact(standing.spec.threshold),
                "due": standing.spec.due,
                "verb": standing.spec.verb,
                "measure": standing.spec.measure,
                "target_element": standing.spec.target,
                "actual_element": standing.spec.actual,
                "units": [
                    {
                        "code": unit.unit.code,
                        "name": unit.unit.name,
                        "concerned": unit.concerned,
                        "state": None if unit.state is None else _state(unit.state),
                    }
                    for unit in standing.units
                ],
            }
            for standing in milestone_standings(history, specs, month=period.month)
        ],
    }


# --- bulletins ---------------------------------------------------------------------------------


def issued_bulletins(scope: Unit) -> list[dict[str, Any]]:
    """The scope's issued bulletins, newest first, with links to their archived files."""
    # The archived files' contents stay in the database: only their formats and digests.
    files = BulletinFile.objects.only("id", "bulletin_id", "format", "sha256").order_by("format")
    issued = (
        Bulletin.objects.filter(scope=scope, status=Bulletin.Status.ISSUED)
        .select_related("period__programme", "issued_by")
        .prefetch_related(Prefetch("files", queryset=files))
        .order_by("-date", "-number")
    )
    return [
        {
            "period": b.period.key,
            "number": b.number,
            "document_number": document_number(b.period.programme, b.number, b.date)
            if b.date
            else "",
            "date": b.date,
            "issued_at": b.issued_at,
            "issued_by": b.issued_by.get_username() if b.issued_by else None,
            "files": [
                {
                    "format": f.format,
                    "sha256": f.sha256,
                    "url": reverse(
                        "api:bulletin_file",
                        kwargs={"unit": scope.code, "period": b.period.key, "fmt": f.format},
                    ),
                }
                for f in b.files.all()
            ],
        }
        for b in issued
    ]
