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
be read several at a time. The version is the sum of 16 counters and a write raises one of
them, drawn at random, with a single ``UPDATE`` as its last step: writers of the programme
seldom wait for each other's commits, every commit raises the sum, and a reader reads the
sum in one statement, so an answer is never kept under a version older than its figures.

Whoever may see an answer is decided before it is looked up: callers check the viewer's
permission on the scope first, and cache only answers that depend on the scope and month
alone, never on who asks.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Sum
from django.utils import timezone, translation

from anju.programmes.models import DataVersion, Programme

T = TypeVar("T")

# Entries are right for as long as their version stands; this only frees memory sooner.
LIFETIME = 24 * 3600
# Counters per programme: writers raise one at random, so few wait for another's commit.
SLOTS = 16
# Longer keys are kept under a digest of themselves.
KEY_LENGTH = 200


def data_changed(*, programme_id: int, everywhere: bool = False) -> None:
    """Raise the programme's data version; with ``everywhere``, every programme's (units
    renamed or moved by an imported definition show in other programmes' pages too). Call it
    inside the transaction of the change, as its last step: the slot's row stays locked
    until the commit."""
    slot = random.randrange(SLOTS)
    counters = DataVersion.objects.filter(programme_id=programme_id, slot=slot)
    raised = counters.update(number=F("number") + 1)
    if everywhere:
        others = DataVersion.objects.filter(slot=0).exclude(programme_id=programme_id)
        others.update(number=F("number") + 1)
    if raised:
        return
    epoch = uuid.uuid4().hex
    try:
        with transaction.atomic():  # the programme's first change: its counters start here
            DataVersion.objects.bulk_create(
                DataVersion(programme_id=programme_id, slot=n, epoch=epoch, number=int(n == slot))
                for n in range(SLOTS)
            )
    except IntegrityError:  # someone made them a moment ago
        counters.update(number=F("number") + 1)


def every_programme_changed() -> None:
    """Raise every programme's version: a unit saved (renamed, moved) shows in the pages of
    every programme covering it."""
    DataVersion.objects.filter(slot=0).update(number=F("number") + 1)


def data_version(*, programme: Programme | int) -> str | None:
    """The programme's version as a key part (its epoch and the sum of its counters, read in
    one statement), or None when it has none yet (not cached)."""
    programme_id = programme if isinstance(programme, int) else programme.pk
    found = list(
        DataVersion.objects.filter(programme_id=programme_id)
        .order_by()
        .values("epoch")
        .annotate(total=Sum("number"))
        .values_list("epoch", "total")
    )
    if len(found) != 1:
        return None
    epoch, total = found[0]
    return f"{epoch}.{total}"


def _writing() -> bool:
    """Whether this is inside a transaction of the program's own (a test's enclosing ones do
    not count): there, what is read may be a change not yet committed, under a version others
    read too, so nothing is cached."""
    return connection.in_atomic_block and not all(
        getattr(block, "_from_testcase", False) for block in connection.atomic_blocks
    )


def cached(
    *,
    name: str,
    programme: Programme | int,
    parts: tuple[Hashable, ...],
    compute: Callable[[], T],
) -> T:
    """``compute()``, or the answer it gave under the same programme version, day, language
    and ``parts`` (the scope, the month). The version is read before anything is computed,
    so an answer is never older than the version it is kept under. Within a transaction
    (which may have changed what is read) it is always computed."""
    if _writing():
        return compute()
    programme_id = programme if isinstance(programme, int) else programme.pk
    version = data_version(programme=programme_id)
    if version is None:
        return compute()
    key = ":".join(
        str(part)
        for part in (
            "anju",
            name,
            programme_id,
            version,
            timezone.localdate().isoformat(),  # "days left", "overdue" depend on the day
            translation.get_language() or "",
            *parts,
        )
    )
    if len(key) > KEY_LENGTH:  # memcached refuses keys over 250 characters
        key = f"anju:{name}:{hashlib.sha256(key.encode()).hexdigest()}"
    found: T | None = cache.get(key)
    if found is not None:
        return found
    answer = compute()
    cache.set(key, answer, LIFETIME)
    return answer
