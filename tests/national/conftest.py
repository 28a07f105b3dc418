"""A small national data set, generated once per module inside a transaction rolled back at
the end, so the rest of the suite never sees it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from national_reference import Reference

from anju.national import PROGRAMME_CODE, NationalSummary, generate_national
from anju.programmes.models import Programme

SEED = 2017
# Small enough to keep the suite fast, large enough for every level to rank several units.
SMALL = {"provinces": 3, "prefectures": 7, "counties": 25, "months": 2}


@pytest.fixture(scope="module")
def national(django_db_setup: None, django_db_blocker: Any) -> Iterator[NationalSummary]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate_national(seed=SEED, **SMALL)
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def reference(national: NationalSummary, django_db_blocker: Any) -> Reference:
    with django_db_blocker.unblock():
        return Reference(Programme.objects.get(code=PROGRAMME_CODE))
