"""Which month a unit's pages show: that of its year's nearest programme, found among the
months the month switcher lists (one query for both)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from anju.errors import NotFound
from anju.programmes.models import Programme, Unit
from anju.reporting.selectors import period_find, scope_periods, unit_find
from anju.reporting.services import period_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def shangri_la_2017() -> Programme:
    """A city's programme of its own for 2017, nested in the prefecture's, no month open yet."""
    return Programme.objects.create(
        code="shangri-la-2017",
        name="2017年香格里拉市城镇保障性安居工程",
        year=2017,
        scope=Unit.objects.get(code="533401"),
    )


def test_a_unit_gets_its_programmes_month() -> None:
    period = period_find(unit=unit_find("533422"), key="2017-06")
    assert (period.programme.code, period.month) == ("diqing-2017", 6)


def test_a_nearer_programme_without_the_month_is_not_passed_over(
    shangri_la_2017: Programme,
) -> None:
    city = unit_find("533401")
    with pytest.raises(NotFound) as refused:
        period_find(unit=city, key="2017-06")
    assert str(refused.value) == "2017年香格里拉市城镇保障性安居工程没有 2017年6月 的填报"
    # The prefecture's June is still listed (its switcher shows it), but not taken for the
    # city's own; another county keeps the prefecture's.
    assert [p.programme.code for p in scope_periods(city) if p.month == 6] == ["diqing-2017"]
    assert period_find(unit=unit_find("533422"), key="2017-06").programme.code == "diqing-2017"

    period_open(programme=shangri_la_2017, month=6)
    period = period_find(unit=city, key="2017-06")
    assert period.programme == shangri_la_2017
    # Both Junes are listed, the nearer first.
    listed = [p.programme.code for p in scope_periods(city) if p.month == 6]
    assert listed == ["shangri-la-2017", "diqing-2017"]


def test_a_missing_year_says_so() -> None:
    with pytest.raises(NotFound) as refused:
        period_find(unit=unit_find("533422"), key="2016-06")
    assert "2016年没有覆盖" in str(refused.value)


def test_the_unit_and_its_months_in_two_queries() -> None:
    with CaptureQueriesContext(connection) as queries:
        unit = unit_find("533400")
        assert unit.has_units_below
        assert not unit_find("533422").has_units_below
        period_find(unit=unit, key="2017-06")
    assert len(queries.captured_queries) == 3
