"""Batches: one background task per scope's bulletin, each item claimed once, every item ends.

Most tests run the tasks at once (the immediate backend); one runs them through the database
queue with the real worker, as ``anju manage db_worker`` does.
"""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from anju.bulletins.batch import (
    batch_export,
    batch_levels,
    batch_progress,
    batch_retry,
    batch_scopes,
    batch_start,
    progress_text,
)
from anju.bulletins.models import BulletinBatch, BulletinBatchFile, BulletinBatchItem
from anju.bulletins.render import FORMATS
from anju.bulletins.tasks import generate_bulletin_item
from anju.bulletins.work import item_generate
from anju.cli import main
from anju.errors import InvalidInput
from anju.programmes.models import Unit
from anju.programmes.services import unit_save

pytestmark = pytest.mark.django_db

Status = BulletinBatchItem.Status
IMMEDIATE = {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
DATABASE = {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
HEADLINE = "全州城镇保障性安居工程开工2294套，开工率为61.58%"


@pytest.fixture
def immediate(settings: Any) -> None:
    settings.TASKS = {"default": IMMEDIATE}


@pytest.fixture
def queued(settings: Any) -> None:
    settings.TASKS = {"default": DATABASE}


@pytest.fixture
def yunnan(db: None) -> Unit:
    """A province above the demo: 迪庆州 (with its programme and June figures) and 昆明市
    (one district below it, no programme, no figures)."""
    province = unit_save(unit=Unit(code="530000", name="云南省", kind=Unit.Kind.PROVINCE))
    diqing = Unit.objects.get(code="533400")
    diqing.parent = province
    unit_save(unit=diqing)
    kunming = unit_save(
        unit=Unit(code="530100", name="昆明市", kind=Unit.Kind.PREFECTURE, parent=province)
    )
    unit_save(unit=Unit(code="530102", name="五华区", kind=Unit.Kind.DISTRICT, parent=kunming))
    return province


def files_of(item: BulletinBatchItem) -> dict[str, bytes]:
    return {f.format: bytes(f.content) for f in item.files.all()}


def test_a_province_batch_makes_each_prefecture_bulletin_and_records_the_failure(
    immediate: None, yunnan: Unit, people: dict[str, Any]
) -> None:
    batch = batch_start(parent=yunnan, period="2017-06", user=people["office"], formats=FORMATS)

    assert batch_progress(batch) == (1, 1, 2)
    assert batch.requested_by == people["office"]
    kunming, diqing = batch.items.order_by("scope__path")
    assert (kunming.scope.code, diqing.scope.code) == ("530100", "533400")
    assert diqing.status == Status.DONE and diqing.error == ""
    files = files_of(diqing)
    assert sorted(files) == sorted(FORMATS)
    assert HEADLINE in files["html"].decode()
    assert files["pdf"].startswith(b"%PDF")
    assert files["docx"].startswith(b"PK") and files["xlsx"].startswith(b"PK")
    assert diqing.seconds is not None and diqing.seconds > 0
    stored = diqing.files.get(format="html")
    assert stored.size == len(files["html"]) and len(stored.sha256) == 64
    # No figures and no programme for 昆明市: failed with the reason, and no files.
    assert kunming.status == Status.FAILED
    assert kunming.error == "2017年没有覆盖“昆明市”的计划"
    assert not kunming.files.exists()
    batch.refresh_from_db()
    assert batch.finished_at is not None


def test_a_scope_without_reviewed_figures_fails_with_the_message(
    immediate: None, july: Any
) -> None:
    diqing = Unit.objects.get(code="533400")
    batch = batch_start(parent=diqing, period="2017-07", level=0, formats=("html",))

    (item,) = batch.items.all()
    assert item.status == Status.FAILED
    assert item.error == "迪庆州2017年7月没有已审核的填报数据"
    assert batch_progress(batch) == (0, 1, 1)
    assert BulletinBatch.objects.get(pk=batch.pk).finished_at is not None


def test_the_scopes_are_the_units_at_the_level_that_have_units_below_them(
    yunnan: Unit,
) -> None:
    diqing = Unit.objects.get(code="533400")
    codes = [u.code for u in batch_scopes(parent=yunnan)]
    assert codes == ["530100", "533400"]
    assert [u.code for u in batch_scopes(parent=yunnan, level=0)] == ["530000"]
    assert batch_scopes(parent=yunnan, level=2) == []  # counties and districts rank nothing
    assert [u.code for u in batch_scopes(parent=diqing, level=0)] == ["533400"]
    assert batch_scopes(parent=diqing) == []
    assert batch_levels(parent=yunnan) == {0: 1, 1: 2}
    with pytest.raises(InvalidInput, match="迪庆州的下1级单位中没有可生成通报的单位"):
        batch_start(parent=diqing, period="2017-06")


@pytest.mark.parametrize(
    ("period", "formats", "message"),
    [
        ("2017-13", FORMATS, "不是月份"),
        ("2017-06", ("html", "odt"), "格式应为"),
        ("2017-06", (), "格式应为"),
    ],
)
def test_a_bad_request_is_refused_and_nothing_is_recorded(
    immediate: None, period: str, formats: tuple[str, ...], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        batch_start(parent=Unit.objects.get(code="533400"), period=period, formats=formats, level=0)
    assert not BulletinBatch.objects.exists()


def test_a_task_run_again_changes_nothing(immediate: None) -> None:
    diqing = Unit.objects.get(code="533400")
    batch = batch_start(parent=diqing, period="2017-06", level=0, formats=("html",))
    item = batch.items.get()
    file = item.files.get()

    assert generate_bulletin_item.call(item.pk) == Status.DONE
    again = BulletinBatchItem.objects.get(pk=item.pk)
    assert (again.status, again.attempts, again.finished_at) == (
        Status.DONE,
        1,
        item.finished_at,
    )
    assert list(again.files.values_list("pk", flat=True)) == [file.pk]


def test_an_item_another_worker_holds_is_left_alone_until_its_claim_is_stale(
    immediate: None,
) -> None:
    diqing = Unit.objects.get(code="533400")
    batch = batch_start(parent=diqing, period="2017-06", level=0, formats=("html",))
    item = batch.items.get()
    BulletinBatchFile.objects.all().delete()
    held = timezone.now()
    BulletinBatchItem.objects.filter(pk=item.pk).update(status=Status.RUNNING, started_at=held)

    assert item_generate(item_id=item.pk) == Status.RUNNING  # the other worker's, still fresh
    assert not BulletinBatchFile.objects.exists()

    stale = held - datetime.timedelta(hours=1)
    BulletinBatchItem.objects.filter(pk=item.pk).update(started_at=stale)
    assert item_generate(item_id=item.pk) == Status.DONE
    item.refresh_from_db()
    assert item.attempts == 2
    assert item.files.count() == 1


def test_a_missing_item_is_not_an_error(immediate: None) -> None:
    assert item_generate(item_id=999_999) == "missing"


def test_failed_items_can_be_enqueued_again(immediate: None, july: Any) -> None:
    diqing = Unit.objects.get(code="533400")
    batch = batch_start(parent=diqing, period="2017-07", level=0, formats=("html",))

    assert batch_retry(batch=batch) == 1
    item = batch.items.get()
    assert (item.status, item.attempts) == (Status.FAILED, 2)  # July still has no figures
    assert BulletinBatch.objects.get(pk=batch.pk).finished_at is not None


def test_a_batch_with_nothing_to_retry_stays_finished(immediate: None) -> None:
    diqing = Unit.objects.get(code="533400")
    batch = batch_start(parent=diqing, period="2017-06", level=0, formats=("html",))
    assert batch_retry(batch=batch) == 0
    assert BulletinBatch.objects.get(pk=batch.pk).finished_at is not None


def test_the_files_go_into_a_folder_named_by_unit(immediate: None, tmp_path: Path) -> None:
    diqing = Unit.objects.get(code="533400")
    batch = batch_start(parent=diqing, period="2017-06", level=0, formats=("html", "xlsx"))

    written = batch_export(batch=batch, folder=tmp_path)

    names = sorted(p.name for p in written)
    assert names == ["533400_迪庆州2017年6月通报.html", "533400_迪庆州2017年6月通报.xlsx"]
    assert HEADLINE in (tmp_path / names[0]).read_text(encoding="utf-8")
    assert zipfile.is_zipfile(tmp_path / names[1])


def test_the_text_bar() -> None:
    assert progress_text(0, 0, 4, width=8) == "[--------] 0/4 完成 0 失败 0"
    assert progress_text(2, 1, 4, width=8) == "[######--] 3/4 完成 2 失败 1"
    assert progress_text(330, 3, 333, width=10) == "[##########] 333/333 完成 330 失败 3"


def test_the_real_database_queue_and_worker(queued: None, monkeypatch: Any) -> None:
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    diqing = Unit.objects.get(code="533400")
    batch = batch_start(parent=diqing, period="2017-06", level=0, formats=("html",))
    item = batch.items.get()
    assert item.status == Status.QUEUED
    task = DBTaskResult.objects.get(id=item.task_id)
    assert task.status == "READY"
    assert task.task_path == "anju.bulletins.tasks.generate_bulletin_item"

    # The worker would close the connection between tasks; here it is the test's transaction.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    worker = db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,  # exit once the queue is empty
        backend_name="default",
        startup_delay=False,
        max_tasks=5,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    worker.run()

    item.refresh_from_db()
    assert item.status == Status.DONE
    assert HEADLINE in files_of(item)["html"].decode()
    task.refresh_from_db()
    assert (task.status, task.return_value, task.worker_ids) == (
        "SUCCESSFUL",
        "done",
        ["test-worker"],
    )


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_the_command_waits_shows_a_bar_and_writes_the_files(
    immediate: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, err = run(
        capsys,
        *("bulletins", "--unit", "迪庆州", "--period", "2017-06", "--level", "0"),
        *("--formats", "html", "--wait", "--out", str(tmp_path)),
    )
    assert status == 0, err
    assert "\r[" in err and "1/1 完成 1 失败 0" in err
    path = tmp_path / "533400_迪庆州2017年6月通报.html"
    lines = out.splitlines()
    assert lines[0] == str(path)
    assert lines[1].startswith("批次 ") and "完成 1，失败 0，共 1" in lines[1]
    assert HEADLINE in path.read_text(encoding="utf-8")


def test_the_command_without_wait_only_enqueues(
    queued: None, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(
        capsys, "bulletins", "--unit", "533400", "--period", "2017-06", "--level", "0"
    )
    assert (status, err) == (0, "")
    assert "1 份通报已加入队列" in out
    assert BulletinBatchItem.objects.get().status == Status.QUEUED


def test_the_command_reports_each_failure_on_one_line(
    immediate: None, yunnan: Unit, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(
        capsys,
        *("bulletins", "--unit", "云南省", "--period", "2017-06", "--formats", "html", "--wait"),
    )
    assert status == 1
    assert "anju: 530100 昆明市：2017年没有覆盖“昆明市”的计划\n" in err
    assert "完成 1，失败 1，共 2" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--unit", "迪庆州", "--period", "2017-06"),
            "anju: 迪庆州的下1级单位中没有可生成通报的单位",
        ),
        (("--unit", "无此州", "--period", "2017-06"), "anju: 找不到单位“无此州”"),
        (
            ("--unit", "迪庆州", "--period", "2017-06", "--out", "/nonexistent"),
            "anju: 输出目录“/nonexistent”不存在",
        ),
    ],
)
def test_the_command_refuses_on_one_line(
    immediate: None, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    status, out, err = run(capsys, "bulletins", *args)
    assert (status, out) == (2, "")
    assert err.startswith(message) and err.count("\n") == 1
    assert not BulletinBatch.objects.exists()
