"""Reports through the API: reading, writing with a version, refusals with reasons.

Expected values are the demo's raw figures (src/anju/demo/diqing-2017-06.yaml).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from anju.programmes.models import Unit
from anju.reporting.models import Period, Report, ReportValue, ValueChange

pytestmark = pytest.mark.django_db

ClientFor = Callable[[str], Client]
JULY = "/api/reports/533401/2017-07"  # 香格里拉市, an empty draft in the `july` fixture
# 23 before each was read once, 18 once the elements were read once per write; 15 since the
# unit comes with whether units lie below it and the write holds no savepoints of its own
WRITE_QUERIES = 15


def put(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.put(url, data=body, content_type="application/json")


def stored(code: str, period: Period) -> dict[str, Decimal]:
    return dict(
        ReportValue.objects.filter(report__unit__code=code, report__period=period).values_list(
            "element__code", "value"
        )
    )


def test_a_report_reads_with_exact_decimal_strings(client_for: ClientFor) -> None:
    response = client_for("office").get("/api/reports/533400-KFQ/2017-06")
    assert response.status_code == 200
    body = response.json()
    assert body["unit"] == {"code": "533400-KFQ", "name": "开发区"}
    assert body["period"] == "2017-06"
    assert (body["status"], body["status_label"], body["started"]) == ("approved", "已审核", True)
    assert body["figures"] == {
        "jb_done": "172",
        "invest": "712.62",
        "gzf_built": "644",
        "gzf_new": "0",
        "gzf_exit": "0",
        "gzf_occupied": "200",
    }
    assert body["editable"] is False  # approved: only a return or an unlock reopens it
    assert '"invest": "712.62"' in response.content.decode()  # a string, never a float


def test_a_report_not_started_reads_as_an_empty_draft(client_for: ClientFor, july: Period) -> None:
    body = client_for("shangrila").get(JULY).json()
    assert (body["started"], body["status"], body["version"], body["figures"]) == (
        False,
        "draft",
        1,
        {},
    )
    assert body["editable"] is True
    assert not Report.objects.filter(period=july).exists()  # reading wrote nothing


def test_writing_stores_exact_figures_and_records_the_api_channel(
    client_for: ClientFor, july: Period, people: dict[str, Any]
) -> None:
    client = client_for("shangrila")
    version = client.get(JULY).json()["version"]
    # A JSON number is read as a decimal: 10200.55 stays 10200.55, no float on the way.
    body = {"version": version, "figures": {"pg_started": "1300", "invest": 10200.55}}
    response = put(client, JULY, {**body, "comment": "7月进度"})
    assert response.status_code == 200, response.content
    result = response.json()
    assert result["figures"] == {"pg_started": "1300", "invest": "10200.55"}
    assert result["version"] == version + 1
    assert stored("533401", july) == {"pg_started": Decimal(1300), "invest": Decimal("10200.55")}
    changes = ValueChange.objects.filter(report__unit__code="533401", report__period=july)
    assert {(c.channel, c.user, c.comment) for c in changes} == {
        (ValueChange.Channel.API, people["shangrila"], "7月进度")
    }


def test_null_or_empty_clears_a_figure(client_for: ClientFor, july: Period) -> None:
    client = client_for("office")
    put(client, JULY, {"version": 1, "figures": {"pg_started": "1300", "jb_done": "10"}})
    response = put(client, JULY, {"version": 2, "figures": {"pg_started": None, "jb_done": ""}})
    assert response.status_code == 200
    assert response.json()["figures"] == {}


def test_the_second_of_two_writers_with_the_same_version_gets_409(
    client_for: ClientFor, july: Period
) -> None:
    reporter, office = client_for("shangrila"), client_for("office")
    read_by_reporter = reporter.get(JULY).json()["version"]
    read_by_office = office.get(JULY).json()["version"]
    assert read_by_reporter == read_by_office == 1

    first = put(reporter, JULY, {"version": read_by_reporter, "figures": {"pg_started": "1250"}})
    assert first.status_code == 200
    second = put(office, JULY, {"version": read_by_office, "figures": {"pg_started": "1300"}})

    assert second.status_code == 409
    conflict = second.json()
    assert "已被他人修改" in conflict["detail"]
    assert conflict["current"]["version"] == 2
    assert conflict["current"]["figures"] == {"pg_started": "1250"}  # the first writer's
    assert stored("533401", july) == {"pg_started": Decimal(1250)}  # nothing overwritten


def test_bad_figures_are_422_with_a_message_per_figure_and_nothing_stored(
    client_for: ClientFor, july: Period
) -> None:
    body = {"version": 1, "figures": {"pg_started": "12a", "jb_done": "-5", "invest": 10200}}
    response = put(client_for("shangrila"), JULY, body)
    assert response.status_code == 422
    problems = response.json()
    assert set(problems["fields"]) == {"pg_started", "jb_done"}
    assert "“12a”不是数字" in problems["fields"]["pg_started"]
    assert "不能为负数" in problems["fields"]["jb_done"]
    assert problems["fields"]["pg_started"] in problems["detail"]
    # All or nothing, and a refused first write leaves no empty draft behind.
    assert not Report.objects.filter(period=july).exists()


def test_an_unknown_figure_and_a_rule_are_named(client_for: ClientFor, july: Period) -> None:
    # June's 1241 started; a year-to-date figure cannot fall (not_below_previous).
    body = {"version": 1, "figures": {"pg_started": "1000", "nope": "1"}}
    problems = put(client_for("office"), JULY, body).json()
    assert set(problems["fields"]) == {"pg_started", "nope"}
    assert problems["fields"]["nope"] == "“nope”不是本计划的填报指标"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"figures": {}}, "version"),
        ({"version": "one"}, "version"),
        ({"version": 0}, "version"),
        ({"version": 1.5}, "version"),
        ({"version": 1, "figures": {"pg_started": True}}, "figures.pg_started"),
        ({"version": 1, "figures": {"pg_started": [1]}}, "figures.pg_started"),
        ({"version": 1, "figures": []}, "figures"),
        ({"version": 1, "comment": "a\x00b"}, "comment"),
    ],
)
def test_a_malformed_body_is_422_by_field(
    client_for: ClientFor, july: Period, body: dict[str, Any], field: str
) -> None:
    response = put(client_for("office"), JULY, body)
    assert response.status_code == 422
    assert field in response.json()["fields"]


@pytest.mark.parametrize("text", ["", "{", "[1, 2]", '{"version": NaN}', "version=1"])
def test_an_unreadable_body_is_400(client_for: ClientFor, july: Period, text: str) -> None:
    response = client_for("office").put(JULY, data=text, content_type="application/json")
    assert response.status_code in (400, 422)
    assert response.json()["detail"]


def test_a_submitted_report_cannot_be_changed(client_for: ClientFor, july: Period) -> None:
    client = client_for("shangrila")
    put(client, JULY, {"version": 1, "figures": {"pg_started": "1300"}})
    submitted = client.post(f"{JULY}/submit", data={"note": ""}, content_type="application/json")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"
    again = put(client, JULY, {"version": submitted.json()["version"], "figures": {}})
    assert again.status_code == 422
    assert "已报送" in again.json()["detail"][0]


def test_submitting_needs_figures_and_explained_warnings(
    client_for: ClientFor, july: Period
) -> None:
    client = client_for("shangrila")
    url = f"{JULY}/submit"
    empty = client.post(url, data={}, content_type="application/json")
    assert empty.status_code == 422
    assert "还没有填写任何数据" in empty.json()["detail"]
    # More started than the target of 2000 is a warning: it needs a note.
    put(client, JULY, {"version": 1, "figures": {"pg_started": "2100"}})
    unexplained = client.post(url, data={}, content_type="application/json")
    assert unexplained.status_code == 422
    explained = client.post(url, data={"note": "含追加任务"}, content_type="application/json")
    assert explained.status_code == 200
    assert explained.json()["note"] == "含追加任务"


def test_submitting_a_stale_version_is_409(client_for: ClientFor, july: Period) -> None:
    client = client_for("shangrila")
    put(client, JULY, {"version": 1, "figures": {"pg_started": "1300"}})
    response = client.post(f"{JULY}/submit", data={"version": 1}, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["current"]["status"] == "draft"


# --- who may read and write ---------------------------------------------------------------------

READERS = {"office": 200, "leader": 200, "inspector": 200, "shangrila": 200, "deqin": 403}


@pytest.mark.parametrize(("who", "status"), [*READERS.items(), ("nobody", 403), ("anonymous", 401)])
def test_who_reads_shangrilas_report(client_for: ClientFor, who: str, status: int) -> None:
    response = client_for(who).get("/api/reports/533401/2017-06")
    assert response.status_code == status
    if status == 403:
        assert response.json()["detail"] == "无权查看香格里拉市的报表"


WRITERS = {"office": 200, "shangrila": 200, "deqin": 403, "leader": 403, "inspector": 403}


@pytest.mark.parametrize(("who", "status"), [*WRITERS.items(), ("nobody", 403), ("anonymous", 401)])
def test_who_writes_shangrilas_report(
    client_for: ClientFor, july: Period, who: str, status: int
) -> None:
    response = put(client_for(who), JULY, {"version": 1, "figures": {"pg_started": "1300"}})
    assert response.status_code == status
    if status == 403:
        assert response.json()["detail"] == "无权修改香格里拉市的报表"
        submit = client_for(who).post(f"{JULY}/submit", data={}, content_type="application/json")
        assert submit.status_code == 403
        assert not ReportValue.objects.filter(report__period=july).exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/reports/999999/2017-06", "找不到单位“999999”"),
        ("/api/reports/533401/2016-06", "2016年没有覆盖“香格里拉市”的计划"),
        ("/api/reports/533401/2017-05", "没有 2017年5月 的填报"),
    ],
)
def test_unknown_units_and_months_are_404_with_a_message(
    client_for: ClientFor, url: str, message: str
) -> None:
    response = client_for("office").get(url)
    assert response.status_code == 404
    assert message in response.json()["detail"]


def test_a_month_that_is_not_a_month_is_422(client_for: ClientFor) -> None:
    response = client_for("office").get("/api/reports/533401/2017-13")
    assert response.status_code == 422
    assert "period" in response.json()["fields"]


def test_the_reports_unit_is_found_by_name_too(client_for: ClientFor) -> None:
    response = client_for("office").get("/api/reports/香格里拉市/2017-06")
    assert response.json()["unit"]["code"] == Unit.objects.get(name="香格里拉市").code


def test_a_write_reads_nothing_twice(client_for: ClientFor, july: Period) -> None:
    """A steady write of one figure: the caller, the place, the report locked, its figures,
    the programme's elements (once), targets and last month, the change and its audit row, the
    version; for the answer only the programme's figures, to give them as entered."""
    client = client_for("office")
    put(client, JULY, {"version": 1, "figures": {"pg_started": "1300"}})  # the draft exists
    with CaptureQueriesContext(connection) as queries:
        response = put(client, JULY, {"version": 2, "figures": {"pg_started": "1310"}})
    assert response.status_code == 200
    assert response.json()["figures"] == {"pg_started": "1310"}
    assert len(queries.captured_queries) <= WRITE_QUERIES, [
        query["sql"] for query in queries.captured_queries
    ]
