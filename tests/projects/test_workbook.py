"""The project workbook: the month's template downloaded, filled in and uploaded, every cell
checked and named, the changes confirmed all at once; nothing stored on any problem."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook
from project_helpers import pg_projects, unit

from anju.programmes.models import Programme
from anju.projects.models import Project, ProjectChange, ProjectImport, ProjectMonth
from anju.projects.services import project_create, project_month_save
from anju.reporting.models import Period, Report
from personas import People

PROJECTS = "/u/533422/2017-07/projects/"
TEMPLATE = PROJECTS + "workbook.xlsx"
UPLOAD = PROJECTS + "workbook/"


def filled(data: bytes, cells: dict[str, Any]) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["填报"]
    for reference, value in cells.items():
        sheet[reference] = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def send(client: Client, data: bytes, name: str = "德钦县-2017-07-项目进度.xlsx") -> Any:
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)})


def downloaded(client: Client) -> bytes:
    response = client.get(TEMPLATE)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"  # it holds the current figures
    return b"".join(response.streaming_content)


def problems(response: Any) -> list[str]:
    found = re.findall(r"<li>(.*?)</li>", response.content.decode())
    return [re.sub(r"<[^>]+>", "", item) for item in found]


@pytest.fixture
def sites(programme: Programme, july: Period) -> list[Project]:
    return pg_projects(programme, "德钦县", {"dq-1": "100", "dq-2": "53"})


def test_a_filled_template_round_trips_and_is_stored_on_confirmation(
    client: Client, sites: list[Project], july: Period, people: People
) -> None:
    client.force_login(people.deqin)
    assert TEMPLATE in client.get(PROJECTS).content.decode()
    template = downloaded(client)
    sheet = load_workbook(io.BytesIO(template))["填报"]
    assert [sheet["A3"].value, sheet["B3"].value, sheet["C3"].value] == [
        "dq-1",
        "德钦县dq-1棚改项目",
        0,
    ]
    assert sheet["C3"].protection.locked is False and sheet["A3"].protection.locked is True

    sent = send(client, filled(template, {"C3": 12, "F3": 150.5, "G3": "主体施工", "C4": "8"}))
    assert sent.status_code == 302
    pending = ProjectImport.objects.get()
    assert sent["Location"] == f"{UPLOAD}{pending.pk}/"
    preview = client.get(sent["Location"]).content.decode()
    assert "主体施工" in preview and "150.5" in preview and "确认导入" in preview
    assert not ProjectMonth.objects.filter(period=july).exists()  # nothing stored yet

    confirmed = client.post(sent["Location"], {"action": "apply"})
    assert confirmed.status_code == 302
    first = ProjectMonth.objects.get(project__code="dq-1", period=july)
    assert (first.started, first.invested, first.node) == (12, Decimal("150.5"), "主体施工")
    assert ProjectMonth.objects.get(project__code="dq-2", period=july).started == 8
    report = Report.objects.get(unit=unit("德钦县"), period=july)
    assert report.values.get(element__code="pg_started").value == 173  # 153 + 12 + 8
    trail = ProjectChange.objects.filter(period=july, field="started", channel="excel")
    assert sorted(c.new_value for c in trail) == ["12", "8"]
    again = client.post(sent["Location"], {"action": "apply"})
    assert again.status_code == 409 and "这次导入已处理（已导入）" in again.content.decode()
    # the template of today holds what was stored: uploading it back changes nothing
    unchanged = send(client, downloaded(client))
    assert unchanged.status_code == 200 and "没有需要导入的改动" in unchanged.content.decode()


def test_bad_cells_are_named_and_nothing_is_kept(
    client: Client, sites: list[Project], july: Period, people: People
) -> None:
    client.force_login(people.deqin)
    bad = filled(
        downloaded(client),
        {
            "C3": "十二",
            "D3": -5,
            "C4": "=C3*2",
            "E4": 1.5,
            "F4": 12.123456,
            "G4": "x" * 201,
            "A5": "dq-9",
            "C5": 3,
            "A6": "dq-1",
            "C6": "=1+1",
        },
    )
    refused = send(client, bad)
    assert refused.status_code == 422
    listed = problems(refused)
    for expected in (
        "填报!C3 本期开工（套）：请填写0到10000000之间的整数",
        "填报!D3 本期基本建成（套）：请填写0到10000000之间的整数",
        "填报!C4 本期开工（套）：单元格是公式 =C3*2，上传只接受数值；请复制这些单元格后"
        "用“选择性粘贴 → 数值”粘贴为数值，再上传",
        "填报!E4 本期竣工（套）：请填写0到10000000之间的整数",
        "填报!F4 本期完成投资（万元）：请填写0到1000000000000之间、最多4位小数的数",
        "填报!G4 形象进度：最多200个字",
        "填报!A5 项目编号“dq-9”不是本单位本计划的项目；新项目请先在项目库登记",
        "填报!A6 项目“dq-1”在第3行已出现，每个项目只能有一行",
    ):
        assert expected in listed, listed
    assert not ProjectImport.objects.exists()
    assert not ProjectMonth.objects.filter(period=july).exists()


def test_a_month_the_rules_refuse_is_named_on_its_row_and_nothing_is_stored(
    client: Client, programme: Programme, july: Period, people: People
) -> None:
    # A project with no earlier months: its July starts are 德钦县's whole year to date,
    # below June's 153, which the programme's rule refuses (as the page does).
    project_create(
        programme=programme,
        unit=unit("德钦县"),
        code="dq-new",
        data={"name": "升平镇棚改", "kind": "pg", "method": "new", "task_year": 2017},
        user=None,
    )
    client.force_login(people.deqin)
    refused = send(client, filled(downloaded(client), {"C3": 30}))
    assert refused.status_code == 422
    assert "填报!A3 棚户区改造开工数：30套低于上月的153套；年度累计数不应减少，请核对" in problems(
        refused
    )
    assert not ProjectImport.objects.exists()
    assert not ProjectMonth.objects.filter(period=july).exists()
    assert not ProjectChange.objects.filter(period=july).exists()


def test_a_confirmation_after_someone_elses_change_is_refused_whole(
    client: Client, sites: list[Project], july: Period, people: People
) -> None:
    client.force_login(people.deqin)
    sent = send(client, filled(downloaded(client), {"C3": 12, "C4": 8}))
    project_month_save(
        project=sites[1], period=july, flows={"started": Decimal(5)}, node="", user=people.deqin
    )
    refused = client.post(sent["Location"], {"action": "apply"})
    assert refused.status_code == 409
    assert "德钦县dq-2棚改项目的本月进度在上传后已被修改" in refused.content.decode()
    assert not ProjectMonth.objects.filter(project=sites[0], period=july).exists()
    assert ProjectMonth.objects.get(project=sites[1], period=july).started == 5


def test_another_units_or_months_template_and_a_non_workbook_are_refused(
    client: Client, sites: list[Project], programme: Programme, july: Period, people: People
) -> None:
    client.force_login(people.deqin)
    template = downloaded(client)
    august = Period.objects.create(programme=programme, month=8, status=Period.Status.OPEN)
    del august
    refused = client.post(
        "/u/533422/2017-08/projects/workbook/", {"file": SimpleUploadedFile("a.xlsx", template)}
    )
    assert "这不是本月的填报模板：文件是 2017-07 的模板，本页是 2017-08" in refused.content.decode()
    not_a_workbook = send(client, b"PK\x03\x04 not really a zip", "a.xlsx")
    assert "文件不是 Excel 工作簿（.xlsx）" in not_a_workbook.content.decode()
    client.force_login(people["weixi"])
    assert client.get(TEMPLATE).status_code == 403
    assert not ProjectImport.objects.exists()


def test_the_template_answers_head_as_it_answers_get(
    client: Client, sites: list[Project], people: People
) -> None:
    client.force_login(people.deqin)
    got = client.get(TEMPLATE)
    assert got.status_code == 200
    head = client.head(TEMPLATE)
    assert (head.status_code, head["Content-Type"]) == (200, got["Content-Type"])
