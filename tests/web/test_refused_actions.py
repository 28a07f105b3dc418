"""A refused action writes nothing, and reading a page writes nothing: no empty report, no
review event, no bulletin draft is left behind."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from anju.bulletins.models import Bulletin
from anju.reporting.models import Report, ReportEvent, ReportValue, ValueChange
from anju.web.urls import urlpatterns

pytestmark = pytest.mark.django_db

JULY = "/r/533422/2017-07/"


def rows() -> dict[str, int]:
    models = (Report, ReportValue, ValueChange, ReportEvent, Bulletin)
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def office(client: Client, people: dict[str, Any], july: Any) -> Client:
    client.force_login(people["office"])
    return client


@pytest.mark.parametrize(
    ("url", "data", "message"),
    [
        (JULY, {"version": "1", "action": "submit"}, "还没有填写任何数据"),
        (JULY, {"version": "1", "action": "save", "fig_pg_started": "x"}, "棚户区改造开工数"),
        (JULY + "review/", {"action": "approve"}, "不能审核通过"),
        (JULY + "review/", {"action": "return", "comment": "改"}, "不能退回"),
        (JULY + "unlock/", {"reason": "更正"}, "不能解锁"),
        ("/u/533400/2017-07/bulletin/", {"action": "save", "text_rental": "{nope}"}, "nope"),
    ],
)
def test_a_refused_action_leaves_no_rows(
    office: Client, url: str, data: dict[str, str], message: str
) -> None:
    before = rows()
    response = office.post(url, data, follow=True)
    assert message in response.content.decode()
    assert rows() == before


def test_the_report_page_offers_only_the_steps_the_workflow_allows(
    office: Client, people: dict[str, Any]
) -> None:
    june = "/r/533422/2017-06/"
    Report.objects.filter(unit__code="533422", period__month=6).update(status="submitted")
    page = office.get(june).content.decode()
    assert 'value="approve"' in page and 'value="return"' in page
    assert "解锁以便更正" not in page
    Report.objects.filter(unit__code="533422", period__month=6).update(status="locked")
    page = office.get(june).content.decode()
    assert "解锁以便更正" in page and 'value="approve"' not in page
    reporter = Client()
    reporter.force_login(people["deqin"])
    page = reporter.get(JULY).content.decode()
    assert 'value="submit"' in page and "审核通过" not in page


def test_reading_every_page_creates_no_rows(office: Client) -> None:
    before = rows()
    for pattern in urlpatterns:
        if not isinstance(pattern, URLPattern) or pattern.name in (
            "home",
            "excel_confirm",
            "excel_status",
            "favicon",
            "photo",
            "photo_thumbnail",
        ):
            continue
        kwargs: dict[str, Any] = {"unit": "533422"}
        route = str(pattern.pattern)
        for name, value in (
            ("period", "2017-07"),
            ("fmt", "html"),
            ("batch", 1),
            ("item", 1),
            ("pk", 1),
            ("correction", 1),
            ("year", 2017),
            ("code", "none"),
            ("photo", 1),
        ):
            if f":{name}>" in route:
                kwargs[name] = value
        for unit in ("533400", "533422"):
            # A page named by its own number alone (an inspection round, a finding) has no unit.
            named = (
                {**kwargs, "unit": unit}
                if "<str:unit>" in route
                else {k: v for k, v in kwargs.items() if k != "unit"}
            )
            office.get(reverse(f"web:{pattern.name}", kwargs=named))
    assert rows() == before


def test_a_unit_named_with_a_nul_is_not_found(office: Client) -> None:
    # PostgreSQL refuses NUL in a text comparison: the lookup must not reach it.
    assert office.get("/u/53%0034/periods/").status_code == 404


def test_an_address_that_is_no_page_says_so_in_words(office: Client) -> None:
    """Not the name of Django's exception ("Resolver404"): what the reader can do about it."""
    response = office.get("/u/533401/2017-06/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "您要找的单位、月份或页面不存在。" in page
    assert "Resolver404" not in page
