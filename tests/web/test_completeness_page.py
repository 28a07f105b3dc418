"""Who has reported: filters, the 催报 list to send out (CSV and Excel), and a large scope
summed by child with drill-down and pages."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from anju.programmes.models import Unit
from anju.programmes.services import units_upsert
from anju.reporting.models import Report

pytestmark = pytest.mark.django_db

PAGE = "/u/533400/2017-07/completeness/"


def signed_in(people: dict[str, Any], who: str) -> Client:
    client = Client()
    client.force_login(people[who])
    return client


def units_listed(html: str) -> list[str]:
    body = html.split("<tbody>")[-1].split("</tbody>")[0]
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<tr[^>]*>\s*<td>(.*?)</td>", body)
    ]


def submitted(unit: str, july: Any) -> None:
    Report.objects.create(
        unit=Unit.objects.get(code=unit), period=july, status=Report.Status.SUBMITTED
    )


def test_filters_by_state_and_name(people: dict[str, Any], july: Any) -> None:
    submitted("533422", july)
    leader = signed_in(people, "leader")
    everyone = units_listed(leader.get(PAGE).content.decode())
    assert everyone == ["州本级", "开发区", "香格里拉市", "德钦县", "维西县"]
    chased = units_listed(leader.get(PAGE + "?state=unfinished").content.decode())
    assert chased == ["州本级", "开发区", "香格里拉市", "维西县"]
    assert units_listed(leader.get(PAGE + "?state=submitted").content.decode()) == ["德钦县"]
    assert units_listed(leader.get(PAGE + "?q=维西").content.decode()) == ["维西县"]
    refused = leader.get(PAGE + "?state=nonsense")
    assert refused.status_code == 400
    assert "状态：" in refused.content.decode()


def test_the_chase_list_downloads_as_csv_and_excel(people: dict[str, Any], july: Any) -> None:
    submitted("533422", july)
    office = signed_in(people, "office")
    assert "催报名单（4 个单位）" in office.get(PAGE).content.decode()
    response = office.get(PAGE + "chase.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response).decode("utf-8-sig"))))
    assert rows[0] == ["单位", "代码", "上级单位", "状态", "逾期", "填报人"]
    assert ["维西县", "533423", "迪庆州", "未填报", "", "维西县填报员"] in rows
    assert all(row[0] != "德钦县" for row in rows)  # it has submitted
    book = load_workbook(io.BytesIO(b"".join(office.get(PAGE + "chase.xlsx"))))
    sheet = book.active
    assert [cell.value for cell in sheet[1]] == rows[0]
    assert sheet.max_row == 5


def test_a_large_scope_is_summed_by_child_and_paged(people: dict[str, Any], july: Any) -> None:
    rows: list[tuple[str, str, str, str | None, int]] = []
    for index in range(120):
        rows.append((f"T{index}", f"测试乡{index:03d}", "zone", "533423", index))
    units_upsert(units=rows)
    page = signed_in(people, "leader").get(PAGE).content.decode()
    summary = page.split('class="report-table by-child"')[1].split("</table>")[0]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", summary))
    assert "维西县 120 0 0 120" in text  # its 120 townships, none reported yet
    assert 'href="/u/533423/2017-07/completeness/"' in summary
    assert len(units_listed(page)) == 100
    assert "1 / 2" in page
    second = signed_in(people, "leader").get(PAGE + "?state=missing&page=2").content.decode()
    assert len(units_listed(second)) == 124 - 100
