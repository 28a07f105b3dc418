"""Bulletins through the API: the issued list, the month's file, a generated preview."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import pytest
from django.test import Client

from anju.bulletins.models import Bulletin
from anju.bulletins.services import bulletin_draft, bulletin_issue
from anju.programmes.models import Unit
from anju.reporting.selectors import period_find

pytestmark = pytest.mark.django_db

ClientFor = Callable[[str], Client]
ARCHIVED = {fmt: f"archived {fmt}".encode() for fmt in ("docx", "pdf", "xlsx", "html")}


@pytest.fixture
def issued(monkeypatch: pytest.MonkeyPatch, people: dict[str, Any]) -> Bulletin:
    """June's bulletin issued as 第12号 on 5 July 2017. The archive holds stand-in bytes
    (rendering all four formats is the bulletin tests' business), which also tells an
    archived file apart from a fresh rendering."""
    monkeypatch.setattr("anju.bulletins.services.render_all", lambda document: ARCHIVED)
    scope = Unit.objects.get(code="533400")
    draft = bulletin_draft(scope=scope, period=period_find(unit=scope, key="2017-06"))
    return bulletin_issue(
        bulletin=draft, number=12, date=datetime.date(2017, 7, 5), user=people["office"]
    )


def test_no_bulletin_is_issued_in_the_demo(client_for: ClientFor) -> None:
    assert client_for("leader").get("/api/bulletins/533400").json() == []


def test_the_issued_bulletins_with_links_to_their_files(
    client_for: ClientFor, issued: Bulletin
) -> None:
    client = client_for("deqin")
    [bulletin] = client.get("/api/bulletins/533400").json()
    assert bulletin["period"] == "2017-06"
    assert (bulletin["number"], bulletin["date"]) == (12, "2017-07-05")
    assert bulletin["document_number"] == "迪庆安居办〔2017〕12号"
    assert bulletin["issued_by"] == "office"
    files = {f["format"]: f for f in bulletin["files"]}
    assert set(files) == {"docx", "html", "pdf", "xlsx"}
    pdf = files["pdf"]
    assert pdf["url"] == "/api/bulletins/533400/2017-06/pdf"
    assert pdf["sha256"] == hashlib.sha256(ARCHIVED["pdf"]).hexdigest()
    download = client.get(pdf["url"])
    assert download.status_code == 200
    assert download.getvalue() == ARCHIVED["pdf"]  # the archive, not a new rendering
    assert download["Content-Type"] == "application/pdf"


def test_a_draft_downloads_rendered_now_and_marked_as_draft(client_for: ClientFor) -> None:
    response = client_for("office").get("/api/bulletins/533400/2017-06/html")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    name = unquote(response["Content-Disposition"].split("utf-8''")[1])
    assert name == "迪庆州2017年6月通报.html"
    html = response.getvalue().decode()
    assert "香格里拉市" in html and "62.05" in html
    assert "草稿" in html


def test_generating_renders_a_draft_with_the_number_it_will_have(client_for: ClientFor) -> None:
    response = client_for("office").post(
        "/api/bulletins/533400/2017-06/generate",
        data={"format": "html", "number": 12, "date": "2017-07-05"},
        content_type="application/json",
    )
    assert response.status_code == 200
    html = response.getvalue().decode()
    assert "迪庆安居办〔2017〕12号" in html
    assert not Bulletin.objects.exists()  # a preview stores nothing


def test_generating_an_excel_file(client_for: ClientFor) -> None:
    response = client_for("deqin").post(
        "/api/bulletins/533400/2017-06/generate",
        data={"format": "xlsx"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.getvalue()[:2] == b"PK"  # a zip container


def test_an_issued_bulletin_keeps_its_number(client_for: ClientFor, issued: Bulletin) -> None:
    response = client_for("office").post(
        "/api/bulletins/533400/2017-06/generate",
        data={"format": "html", "number": 13},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["fields"] == {"number": "通报已印发，文号和日期不能更改"}


def test_a_month_without_reviewed_figures_has_no_bulletin(
    client_for: ClientFor, july: object
) -> None:
    response = client_for("office").get("/api/bulletins/533400/2017-07/html")
    assert response.status_code == 404
    assert "没有已审核的填报数据" in response.json()["detail"]


@pytest.mark.parametrize(
    ("request_line", "status"),
    [
        ("GET /api/bulletins/533400/2017-06/doc", 422),
        ("POST /api/bulletins/533400/2017-06/generate", 422),  # {"format": "odt"}
    ],
)
def test_an_unknown_format_is_422(client_for: ClientFor, request_line: str, status: int) -> None:
    method, url = request_line.split()
    client = client_for("office")
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, data={"format": "odt"}, content_type="application/json")
    assert response.status_code == status
    assert set(response.json()["fields"]) & {"fmt", "format"}


@pytest.mark.parametrize(
    ("who", "unit", "status"),
    [("deqin", "533400", 200), ("deqin", "533401", 403), ("anonymous", "533400", 401)],
)
def test_who_sees_the_bulletins(client_for: ClientFor, who: str, unit: str, status: int) -> None:
    client = client_for(who)
    assert client.get(f"/api/bulletins/{unit}").status_code == status
    generate = client.post(
        f"/api/bulletins/{unit}/2017-06/generate", data={}, content_type="application/json"
    )
    # 香格里拉市 has no children and so no tables, but the refusal comes first.
    assert generate.status_code == status
