"""Reads about issued bulletins: the month's bulletin and its corrections, and what changed in
the figures behind it since it was issued, with the unlocks and edits that changed them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from anju.bulletins.models import Bulletin
from anju.bulletins.snapshot import snapshot_figures
from anju.engine import format_value
from anju.errors import NotFound
from anju.programmes.models import DataElement, Unit
from anju.reporting.models import Period, ReportEvent, ValueChange
from anju.reporting.tables import published_children_values


@dataclass(frozen=True)
class Unlock:
    """An admin reopened a report after the bulletin was issued, and why."""

    pk: int  # the ReportEvent
    unit: str
    who: str
    at: datetime.datetime
    reason: str


@dataclass(frozen=True)
class Edit:
    """One recorded change of the figure (the audit trail's row) after the bulletin."""

    pk: int  # the ValueChange
    unit: str
    who: str
    at: datetime.datetime
    old: Decimal | None
    new: Decimal | None
    channel: str

    @property
    def old_text(self) -> str:
        return figure_text(self.old)

    @property
    def new_text(self) -> str:
        return figure_text(self.new)


@dataclass(frozen=True)
class FigureChange:
    """A unit's figure as the bulletin printed it and as the reviewed figures say now."""

    unit_code: str
    unit: str
    code: str
    figure: str  # the figure's name, e.g. 开工数
    issued: Decimal | None  # None: not in the bulletin
    now: Decimal | None  # None: not reviewed now (e.g. unlocked and not yet approved again)
    unlocks: tuple[Unlock, ...]
    edits: tuple[Edit, ...]

    @property
    def issued_text(self) -> str:
        return figure_text(self.issued)

    @property
    def now_text(self) -> str:
        return figure_text(self.now)


def figure_text(value: Decimal | None) -> str:
    return "—" if value is None else format_value(value, None, trim=True)


def person(user: object) -> str:
    if user is None:
        return "系统"
    return getattr(user, "first_name", "") or str(user)


def month_bulletin_issued(*, scope: Unit, period: Period) -> Bulletin | None:
    """The month's issued bulletin (not a correction), or None."""
    return (
        Bulletin.objects.filter(
            scope=scope, period=period, corrects__isnull=True, status=Bulletin.Status.ISSUED
        )
        .select_related("period__programme", "scope", "issued_by")
        .first()
    )


def bulletin_corrections(bulletin: Bulletin) -> QuerySet[Bulletin]:
    """The 更正通报 issued for a bulletin, oldest first."""
    return (
        bulletin.corrections.filter(status=Bulletin.Status.ISSUED)
        .select_related("period__programme", "issued_by")
        .order_by("issued_at", "pk")
    )


def latest_issue(bulletin: Bulletin) -> Bulletin:
    """What stands as issued now: the newest correction, else the bulletin itself."""
    return bulletin_corrections(bulletin).last() or bulletin


def _current(scope: Unit, period: Period) -> dict[str, dict[str, Decimal]]:
    try:
        units = published_children_values(scope=scope, period=period)
    except NotFound:  # nothing reviewed now at all
        return {}
    return {u.code: {k: v for k, v in u.values.items() if isinstance(v, Decimal)} for u in units}


def bulletin_changes_since_issue(*, bulletin: Bulletin) -> list[FigureChange]:
    """Every figure behind the bulletin whose reviewed value differs now from the one it was
    issued with (or, once corrected, from the newest 更正通报), unit by unit in the bulletin's
    order. Empty for a draft, and for a bulletin issued before issues were kept frozen."""
    base = latest_issue(bulletin)
    if base.snapshot is None or base.issued_at is None:
        return []
    issued = snapshot_figures(base.snapshot)
    now = _current(bulletin.scope, bulletin.period)
    elements = DataElement.objects.filter(programme=bulletin.period.programme).order_by("order")
    changes = []
    for unit_code, (name, figures) in issued.items():
        current = now.get(unit_code, {})
        for element in elements:
            before, after = figures.get(element.code), current.get(element.code)
            if before != after:
                changes.append((unit_code, name, element, before, after))
    return [
        _explained(bulletin, base.issued_at, unit_code, name, element, before, after)
        for unit_code, name, element, before, after in changes
    ]


def _explained(
    bulletin: Bulletin,
    since: datetime.datetime,
    unit_code: str,
    name: str,
    element: DataElement,
    before: Decimal | None,
    after: Decimal | None,
) -> FigureChange:
    """The change with the audit trail behind it: the unlocks of the unit's reports since the
    issue (their reasons) and the recorded edits of the figure."""
    unit = Unit.objects.filter(code=unit_code).first()
    path = unit.path if unit is not None else bulletin.scope.path
    events = ReportEvent.objects.filter(
        report__unit__path__startswith=path,
        report__period=bulletin.period,
        action=ReportEvent.Action.UNLOCK,
        at__gt=since,
    ).select_related("user", "report__unit")
    rows = ValueChange.objects.filter(
        report__unit__path__startswith=path,
        report__period=bulletin.period,
        element=element,
        at__gt=since,
    ).select_related("user", "report__unit")
    return FigureChange(
        unit_code=unit_code,
        unit=name,
        code=element.code,
        figure=element.name,
        issued=before,
        now=after,
        unlocks=tuple(
            Unlock(e.pk, e.report.unit.name, person(e.user), e.at, e.comment)
            for e in events.order_by("at", "pk")
        ),
        edits=tuple(
            Edit(
                r.pk,
                r.report.unit.name,
                person(r.user),
                r.at,
                r.old_value,
                r.new_value,
                r.get_channel_display(),
            )
            for r in rows.order_by("at", "pk")
        ),
    )


@dataclass(frozen=True)
class BulletinNotice:
    """An issued bulletin whose figures have changed since: for the dashboard and archive."""

    bulletin: Bulletin
    changes: list[FigureChange]


def bulletin_notices(*, scope: Unit, period: Period) -> list[BulletinNotice]:
    """The scope's issued bulletins of the period's year whose figures changed since issue."""
    issued = Bulletin.objects.filter(
        scope=scope,
        period__programme=period.programme,
        corrects__isnull=True,
        status=Bulletin.Status.ISSUED,
    ).select_related("period__programme", "scope")
    notices = [
        BulletinNotice(bulletin, bulletin_changes_since_issue(bulletin=bulletin))
        for bulletin in issued.order_by("period__month")
    ]
    return [notice for notice in notices if notice.changes]
