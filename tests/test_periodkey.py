"""A month is written one way everywhere: YYYY-MM with the month 01–12."""

from __future__ import annotations

import pytest
from django.test import Client

from anju.errors import InvalidInput
from anju.periodkey import PeriodKey


def test_a_month_reads_and_prints_as_yyyy_mm() -> None:
    key = PeriodKey.parse("2017-06")
    assert (key.year, key.month, str(key)) == (2017, 6, "2017-06")
    assert PeriodKey.of("2017-12") == PeriodKey(2017, 12) > key


@pytest.mark.parametrize(
    "text", ["2017-6", "2017-13", "2017-00", " 2017-06", "2017-06\n", "17-06", "June", "2017-0٦"]
)
def test_anything_else_is_refused_saying_how_to_write_it(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        PeriodKey.parse(text)
    assert "不是月份，请写作 YYYY-MM，例如 2017-06" in str(refused.value)


@pytest.mark.django_db
@pytest.mark.parametrize("month", ["2017-6", "2017-13", "2017-00"])
def test_pages_of_a_malformed_month_are_not_found(client: Client, people: dict, month: str) -> None:
    client.force_login(people["office"])
    assert client.get("/u/533400/2017-06/").status_code == 200
    assert client.get(f"/u/533400/{month}/").status_code == 404
    assert client.get(f"/u/533400/{month}/batch/").status_code == 404
