"""A large Excel import confirmed: a background task writes it while the page shows how it
goes, then the page shows how it ended."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from test_excel_pages import download, fill, june_figures, page, post, stored

from anju.programmes.models import Unit
from anju.reporting.excel.work import import_run
from anju.reporting.models import ExcelImport, Period, Report, ValueChange
from anju.reporting.services import report_set_values
from anju.reporting.workflow import report_for

pytestmark = pytest.mark.django_db

IMMEDIATE = {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
DATABASE = {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}


@pytest.fixture(autouse=True)
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    # The demo's prefecture has five reporting units: any import of more than one is "large".
    monkeypatch.setattr("anju.reporting.excel.background.TASK_ABOVE", 1)


def confirmed(client: Client, people: Any, action: str = "apply_submit") -> tuple[str, Any]:
    figures = {
        **june_figures("533401"),
        # 260 of 250 started: a warning that needs a note before 德钦县 can be submitted.
        **june_figures("533422", **{"棚户区改造开工数": 260}),
    }
    response = post(client, fill(download(client, people["office"]), figures))
    confirm = response["Location"]
    answer = client.post(confirm, {"action": action})
    assert answer.status_code == 302 and answer["Location"] == confirm
    return confirm, ExcelImport.objects.get()


def status(client: Client, excel_import: ExcelImport) -> dict[str, Any]:
    response = client.get(f"/excel/imports/{excel_import.pk}/status/")
    assert response.status_code == 200
    return dict(response.json())


def test_the_page_follows_the_task_and_ends_on_the_result(
    settings: Any, client: Client, people: Any, july: Period
) -> None:
    settings.TASKS = {"default": DATABASE}  # no worker in this test: the task waits
    confirm, excel_import = confirmed(client, people)
    assert excel_import.status == ExcelImport.Status.QUEUED and excel_import.task_id
    waiting = page(client.get(confirm))
    assert "这次导入涉及 2 个单位，由后台任务写入" in waiting
    assert "排队中，等待后台任务进程领取" in waiting
    assert status(client, excel_import)["finished"] is False
    assert stored("533401") == {}  # nothing written yet
    other = Client()
    other.force_login(people["shangrila"])  # only the uploader follows their import
    assert other.get(f"/excel/imports/{excel_import.pk}/status/").status_code == 403
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=31)):
        assert status(client, excel_import)["stalled"] is True

    assert import_run(import_id=excel_import.pk) == "applied"  # what a worker does
    assert status(client, excel_import) | {"label": ""} == {
        "status": "applied",
        "label": "",
        "stage": "已导入",
        "finished": True,
        "stalled": False,
    }
    done = page(client.get(confirm))
    assert "已导入 2 个单位的" in done and "已报送 1 个单位，等待审核" in done
    assert "德钦县：棚户区改造开工数：260套超过" in done
    statuses = dict(Report.objects.filter(period=july).values_list("unit__code", "status"))
    assert statuses == {"533401": Report.Status.SUBMITTED, "533422": Report.Status.DRAFT}
    assert import_run(import_id=excel_import.pk) == "applied"  # run twice: nothing more
    assert ValueChange.objects.filter(report__period=july, channel="excel").count() == len(
        {**june_figures("533401"), **june_figures("533422")}
    )


def test_a_refusal_in_the_task_writes_nothing_and_shows_why(
    settings: Any, client: Client, people: Any, july: Period
) -> None:
    settings.TASKS = {"default": DATABASE}
    confirm, excel_import = confirmed(client, people, action="apply")
    report = report_for(unit=Unit.objects.get(code="533422"), period=july)
    report_set_values(report=report, values={"pg_started": "155"}, channel="form")
    assert import_run(import_id=excel_import.pk) == "pending"
    assert stored("533401") == {}
    assert status(client, excel_import)["finished"] is True
    again = page(client.get(confirm))
    assert "未能导入" in again and "德钦县的报表在上传后已被修改" in again
    client.post(confirm, {"action": "discard"})
    discarded = page(client.get(confirm))
    assert "这次导入已处理完毕" in discarded and "已导入" not in discarded


def test_with_a_worker_at_hand_the_import_is_written_at_once(
    settings: Any, client: Client, people: Any, july: Period
) -> None:
    settings.TASKS = {"default": IMMEDIATE}
    confirm, excel_import = confirmed(client, people, action="apply")
    assert excel_import.status == ExcelImport.Status.APPLIED
    assert stored("533401") and stored("533422")
    assert "已导入 2 个单位的" in page(client.get(confirm))
