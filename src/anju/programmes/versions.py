"""The data version of a programme, and answers cached under it.

Every change a page shows (a figure, a report's status, a month opened or closed, a bulletin
issued, the programme's definition) raises its programme's version in the same transaction
(``data_changed``). A computed answer (the dashboard, a scope's tables, the API's figures) is
cached under a key made of the programme's version and what the answer depends on
(``cached``), so it is right by construction, never by expiry: the first request after a
change reads the new version and computes afresh; entries of older versions are never asked
for again and the cache drops them in time.

Why one counter per programme: a month's pages read the months before it (the trend, the
milestones' projections) and the definition, so a narrower counter (per month) would have to
be read several at a time. The row is raised by a single ``UPDATE`` as the last step of a
write, so writers of the same programme wait for each other only for their commits.

Whoever may see an answer is decided before it is looked up: callers check the viewer's
permission on the scope first, and cache only answers that depend on the scope and month
alone, never on who asks.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation

from anju.programmes.models import DataVersion, Programme

T = TypeVar("T")

# Entries are right for as long as their version stands; this only frees memory sooner.
LIFETIME = 24 * 3600


def data_changed(*, programme_id: int, everywhere: bool = False) -> None:
    """Raise the programme's data version; with ``everywhere``, every programme's (units
    renamed or moved by an imported definition show in other programmes' pages too). Call it
    inside the transaction of the change, as its last step."""
    raised = DataVersion.objects.filter(pk=programme_id).update(number=F("number") + 1)
    if everywhere:
        DataVersion.objects.exclude(pk=programme_id).update(number=F("number") + 1)
    if raised:
        return
    try:
        with transaction.atomic():  # the programme's first change: its row starts here
            DataVersion.objects.create(programme_id=programme_id, epoch=uuid.uuid4().hex, number=1)
    except IntegrityError:  # someone made it a moment ago
        DataVersion.objects.filter(pk=programme_id).update(number=F("number") + 1)


def data_version(*, programme: Programme) -> str | None:
    """The programme's version as a key part, or None when it has none yet (not cached).
    Read with the programme when it was loaded with ``select_related("data_version")`` (as
    ``period_find`` loads a request's month: before anything is computed), else now."""
    if Programme.data_version.is_cached(programme):
        try:
            found: DataVersion | None = programme.data_version
        except DataVersion.DoesNotExist:
            found = None
    else:
        found = DataVersion.objects.filter(pk=programme.pk).first()
    return None if found is None else f"{found.epoch}.{found.number}"


def cached(
    *, name: str, programme: Programme, parts: tuple[Hashable, ...], compute: Callable[[], T]
) -> T:
    """``compute()``, or the answer it gave under the same programme version, day, language
    and ``parts`` (the scope, the month). The version is read before anything is computed,
    so an answer is never older than the version it is kept under."""
    version = data_version(programme=programme)
    if version is None:
        return compute()
    key = ":".join(
        str(part)
        for part in (
            "anju",
            name,
            programme.pk,
            version,
            timezone.localdate().isoformat(),  # "days left", "overdue" depend on the day
            translation.get_language() or "",
            *parts,
        )
    )
    found: T | None = cache.get(key)
    if found is not None:
        return found
    answer = compute()
    cache.set(key, answer, LIFETIME)
    return answer
