from __future__ import annotations

from pathlib import Path

import pytest

from anju.programmes.models import DataElement, Programme, Unit

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "monthly-plan"


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


@pytest.fixture
def example(db: None) -> None:
    """The gallery's monthly-plan example loaded: 黔西南州 2019, March to May approved."""
    from anju.cli import main

    files = [EXAMPLE / "programme.yaml", *sorted(EXAMPLE.glob("figures-*.yaml"))]
    assert main(["import", *map(str, files)]) == 0
