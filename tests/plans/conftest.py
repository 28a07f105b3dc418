from __future__ import annotations

import pytest

from anju.programmes.models import DataElement, Programme, Unit


@pytest.fixture
def programme(db: None) -> Programme:
    """The demo programme with 棚改开工数 and 基本建成数 planned month by month."""
    programme = Programme.objects.get(code="diqing-2017")
    DataElement.objects.filter(programme=programme, code__in=["pg_started", "jb_done"]).update(
        plan=True
    )
    return programme


@pytest.fixture
def deqin(db: None) -> Unit:
    return Unit.objects.get(code="533422")


@pytest.fixture
def weixi(db: None) -> Unit:
    return Unit.objects.get(code="533423")
