"""A month driven through the API as an office's script would: open July, report, approve,
issue, unlock, correct, issue a 更正通报, close."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from django.test import Client

from anju.demo.loader import demo_file
from anju.reporting.models import Report

pytestmark = pytest.mark.django_db

ClientFor = Callable[[str], Client]
JULY_STARTED = {"533401": "1360", "533422": "180", "533423": "1000"}


def june_figures() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(demo_file("diqing-2017-06.yaml").read_text(encoding="utf-8"))
    return {str(code): figures for code, figures in data["reports"].items()}


def post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def put(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.put(url, json.dumps(body), content_type="application/json")


def report_july(office: Client) -> None:
    for unit, figures in june_figures().items():
        if unit in JULY_STARTED:
            figures = {**figures, "pg_started": JULY_STARTED[unit]}
        url = f"/api/reports/{unit}/2017-07"
        figures = {code: str(value) for code, value in figures.items()}
        assert put(office, url, {"version": 1, "figures": figures}).status_code == 200
        assert post(office, f"{url}/submit", {"note": "七月进度"}).status_code == 200
        approved = post(office, f"{url}/approve")
        assert approved.json()["status_label"] == "已审核"


def started_total(bulletin: dict[str, Any]) -> str:
    table = bulletin["attachments"][0]
    return table["total"]["cells"]["started"]["text"]


def test_a_month_through_the_api(client_for: ClientFor) -> None:
    office, deqin = client_for("office"), client_for("deqin")

    opened = post(office, "/api/periods/533400/2017-07", {"due_date": "2017-08-05"})
    assert opened.status_code == 200, opened.json()
    assert (opened.json()["status_label"], opened.json()["due_date"]) == ("填报中", "2017-08-05")

    report_july(office)
    issued = post(
        office, "/api/bulletins/533400/2017-07/issue", {"number": 12, "date": "2017-08-05"}
    )
    assert issued.status_code == 200, issued.json()
    assert issued.json()["document_number"] == "迪庆安居办〔2017〕12号"
    assert started_total(issued.json()) == "2540"

    unlocked = post(
        office, "/api/reports/533422/2017-07/unlock", {"reason": "德钦县开工数漏报10套"}
    )
    assert unlocked.json()["status_label"] == "已退回"
    version = unlocked.json()["version"]
    assert (
        put(
            deqin,
            "/api/reports/533422/2017-07",
            {"version": version, "figures": {"pg_started": "190"}},
        ).status_code
        == 200
    )
    assert post(deqin, "/api/reports/533422/2017-07/submit").status_code == 200
    assert post(office, "/api/reports/533422/2017-07/approve").status_code == 200

    bulletin = office.get("/api/bulletins/533400/2017-07").json()
    assert started_total(bulletin) == "2540"  # as issued
    assert bulletin["changes_since_issue"] == [
        {
            "unit": {"code": "533422", "name": "德钦县"},
            "figure": "pg_started",
            "figure_name": "棚户区改造开工数",
            "issued": "180",
            "now": "190",
            "unlock_reasons": ["德钦县开工数漏报10套"],
        }
    ]

    corrected = post(
        office,
        "/api/bulletins/533400/2017-07/correct",
        {"number": 13, "date": "2017-08-20", "note": "德钦县开工数更正"},
    )
    assert corrected.status_code == 200, corrected.json()
    assert corrected.json()["corrects"] == "迪庆安居办〔2017〕12号"
    assert corrected.json()["document_number"] == "迪庆安居办〔2017〕13号"
    bulletin = office.get("/api/bulletins/533400/2017-07").json()
    assert bulletin["changes_since_issue"] == []
    assert [c["number"] for c in bulletin["corrections"]] == [13]

    closed = post(office, "/api/periods/533400/2017-07/close")
    assert closed.json()["status_label"] == "已关闭"
    refused = put(
        deqin, "/api/reports/533422/2017-07", {"version": 99, "figures": {"pg_started": "1"}}
    )
    assert refused.status_code in (409, 422)
    assert Report.objects.get(unit__code="533422", period__month=7).status == "locked"


def test_a_return_needs_a_comment_and_a_reporter_may_not_review(client_for: ClientFor) -> None:
    deqin, office = client_for("deqin"), client_for("office")
    refused = post(deqin, "/api/reports/533422/2017-06/unlock", {"reason": "x"})
    assert refused.status_code == 403
    assert refused.json() == {"detail": "无权审核德钦县的报表"}
    missing = post(office, "/api/reports/533422/2017-06/return", {})
    assert missing.status_code == 422
    returned = post(office, "/api/reports/533422/2017-06/return", {"comment": "请核实开工数"})
    assert (returned.json()["status_label"], returned.json()["review_comment"]) == (
        "已退回",
        "请核实开工数",
    )
    again = post(office, "/api/reports/533422/2017-06/approve")
    assert again.status_code == 422
    assert again.json()["detail"] == ["德钦县的报表已退回，不能审核通过"]


def test_the_issued_bulletin_is_404_before_issue_and_correcting_it_is_refused(
    client_for: ClientFor,
) -> None:
    office = client_for("office")
    missing = office.get("/api/bulletins/533400/2017-06")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "迪庆州2017年6月的通报尚未印发"}
    refused = post(
        office, "/api/bulletins/533400/2017-06/correct", {"number": 3, "date": "2017-07-05"}
    )
    assert refused.status_code == 422
    assert refused.json()["detail"] == ["2017年6月的通报尚未印发，无需更正"]


def test_only_an_admin_opens_or_issues(client_for: ClientFor) -> None:
    leader = client_for("leader")
    assert post(leader, "/api/periods/533400/2017-08").status_code == 403
    issue = post(leader, "/api/bulletins/533400/2017-06/issue", {"number": 1, "date": "2017-07-05"})
    assert issue.status_code == 403
    assert issue.json() == {"detail": "无权印发迪庆州的通报"}
