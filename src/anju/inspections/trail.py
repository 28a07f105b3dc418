"""The trail of inspections: every change recorded (who, when, channel, field, old → new),
and the programme's data version raised so cached pages show it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.utils import timezone

from anju.inspections.models import Finding, InspectionChange, InspectionRound
from anju.modelparts import shown
from anju.programmes.versions import data_changed

WEB = "form"


def today() -> datetime.date:
    return timezone.localdate()


def record(
    *,
    round: InspectionRound,
    subject: str,
    changes: Iterable[tuple[str, object, object]],
    user: User | None,
    channel: str,
    finding: Finding | None = None,
) -> None:
    """Store each (field, old, new) that differs and raise the programme's data version."""
    rows = [
        InspectionChange(
            round=round,
            finding=finding,
            subject=subject,
            field=field,
            old_value=shown(old),
            new_value=shown(new),
            user=user,
            channel=channel,
        )
        for field, old, new in changes
        if shown(old) != shown(new)
    ]
    InspectionChange.objects.bulk_create(rows)
    data_changed(programme_id=round.programme_id)
