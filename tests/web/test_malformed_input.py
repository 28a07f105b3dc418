"""Malformed requests are answered with a message (or 400/404), never a server error, and
change nothing: bad numbers, impossible dates, unknown ids, NUL characters in text."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from anju.bulletins.models import Bulletin
from anju.reporting.models import Report, ReportEvent, ReportValue, ValueChange

pytestmark = pytest.mark.django_db

JULY = "/r/533422/2017-07/"
BULLETIN = "/u/533400/2017-06/bulletin/"
NUL = "说明\x00"


def rows() -> dict[str, int]:
    models = (Report, ReportValue, ValueChange, ReportEvent, Bulletin)
    return {model.__name__: model.objects.count() for model in models}


def as_(client: Client, people: dict[str, Any], who: str) -> Client:
    client.force_login(people[who])
    return client


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"version": "abc"}, "版本："),
        ({"version": "1e20"}, "版本："),
        ({"note": NUL}, "不能包含空字符（NUL）"),
        ({"fig_pg_started": "1\x002"}, "不能包含空字符（NUL）"),
        ({"action": "delete"}, "delete"),
    ],
)
def test_a_malformed_entry_form_is_shown_again_and_stores_nothing(
    client: Client, people: dict[str, Any], july: Any, fields: dict[str, str], message: str
) -> None:
    before = rows()
    data = {"version": "1", "action": "save", "fig_pg_started": "200", **fields}
    response = as_(client, people, "deqin").post(JULY, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert rows() == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"number": "-5"}, "文号应为1到1000000之间的整数"),
        ({"number": "0"}, "文号应为1到1000000之间的整数"),
        ({"number": "1e20"}, "文号应为1到1000000之间的整数"),
        ({"number": "99999999999999999999"}, "文号应为1到1000000之间的整数"),
        ({"date": "2017-13-45"}, "日期应写作 YYYY-MM-DD，且为实际存在的日期"),
        ({"date": "2017-02-30"}, "日期应写作 YYYY-MM-DD，且为实际存在的日期"),
        ({"action": "burn"}, "burn"),
    ],
)
def test_a_bad_issue_is_refused_with_a_message_and_leaves_no_draft(
    client: Client, people: dict[str, Any], fields: dict[str, str], message: str
) -> None:
    before = rows()
    data = {"action": "issue", "number": "12", "date": "2017-07-05", **fields}
    response = as_(client, people, "office").post(BULLETIN, data, follow=True)
    assert message in response.content.decode()
    assert rows() == before


def test_a_taken_number_is_a_message_and_the_page_offers_the_next(
    client: Client, people: dict[str, Any], july: Any
) -> None:
    from django.utils import timezone

    from anju.programmes.models import Unit

    today = timezone.localdate()
    Bulletin.objects.create(
        scope=Unit.objects.get(code="533400"),
        period=july,
        status=Bulletin.Status.ISSUED,
        number=13,
        date=today,
        year=today.year,
    )
    office = as_(client, people, "office")
    page = office.get(BULLETIN).content.decode()
    assert 'name="number" min="1" max="1000000" value="14"' in page
    before = rows()
    data = {"action": "issue", "number": "13", "date": today.isoformat()}
    response = office.post(BULLETIN, data, follow=True)
    assert f"文号第13号在{today.year}年已使用" in response.content.decode()
    assert rows() == before


def test_nul_in_prose_comment_reason_or_audit_filter_is_refused(
    client: Client, people: dict[str, Any]
) -> None:
    office = as_(client, people, "office")
    before = rows()
    prose = office.post(BULLETIN, {"action": "save", "text_rental": NUL}, follow=True)
    assert "不能包含空字符（NUL）" in prose.content.decode()
    Report.objects.filter(unit__code="533422", period__month=6).update(status="submitted")
    returned = office.post(
        "/r/533422/2017-06/review/", {"action": "return", "comment": NUL}, follow=True
    )
    assert "不能包含空字符（NUL）" in returned.content.decode()
    Report.objects.filter(unit__code="533422", period__month=6).update(status="locked")
    unlocked = office.post("/r/533422/2017-06/unlock/", {"reason": NUL}, follow=True)
    assert "不能包含空字符（NUL）" in unlocked.content.decode()
    assert rows() == before
    audit = office.get("/u/533400/audit/", {"user": NUL})
    assert audit.status_code == 400
    assert "不能包含空字符（NUL）" in audit.content.decode()
    assert office.get("/u/533400/audit/", {"page": "abc"}).status_code == 400
    assert office.get("/u/533400/audit/", {"channel": "fax"}).status_code == 400


@pytest.mark.parametrize("ids", [["abc"], ["-1"], ["99999999999999999999"], []])
def test_bulk_approval_of_unknown_ids_is_a_message(
    client: Client, people: dict[str, Any], ids: list[str]
) -> None:
    before = rows()
    response = as_(client, people, "office").post(
        "/u/533400/2017-06/review/", {"report": ids}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "请选择要审核通过的报表" in page or "所选报表不在本页待审核之列" in page
    assert rows() == before


@pytest.mark.parametrize(
    "fields",
    [
        {"programme": "diqing-2017", "month": "abc"},
        {"programme": "diqing-2017", "month": "8", "due_date": "2017-13-45"},
        {"programme": "nope", "month": "8"},
    ],
)
def test_opening_a_month_with_bad_input_is_a_message(
    client: Client, people: dict[str, Any], fields: dict[str, str]
) -> None:
    from anju.reporting.models import Period

    before = Period.objects.count()
    response = as_(client, people, "office").post("/u/533400/periods/", fields, follow=True)
    assert response.status_code == 200
    assert 'class="messages' in response.content.decode() or "error" in response.content.decode()
    assert Period.objects.count() == before
