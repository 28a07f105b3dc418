"""Months the reporting tests share."""

from __future__ import annotations

import pytest

from anju.programmes.models import Programme
from anju.reporting.models import Period
from anju.reporting.services import period_open


@pytest.fixture
def july(db: None) -> Period:
    return period_open(programme=Programme.objects.get(code="diqing-2017"), month=7)


@pytest.fixture
def june(db: None) -> Period:
    return Period.objects.get(programme__code="diqing-2017", month=6)
