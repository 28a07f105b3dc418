"""The batch page: the office starts a batch, everyone who sees the unit follows its progress
and downloads the files; the status the page polls is a small JSON document."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from anju.bulletins.models import BulletinBatch, BulletinBatchItem
from anju.programmes.models import Unit
from anju.programmes.services import unit_save

pytestmark = pytest.mark.django_db

PAGE = "/u/533400/2017-06/batch/"


def status_url(batch: Any) -> str:
    return f"{PAGE}{batch.pk}/status/"


HEADLINE = "全州城镇保障性安居工程开工2294套，开工率为61.58%"
IMMEDIATE = {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
DATABASE = {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}


@pytest.fixture
def immediate(settings: Any) -> None:
    settings.TASKS = {"default": IMMEDIATE}


@pytest.fixture
def queued(settings: Any) -> None:
    settings.TASKS = {"default": DATABASE}  # no worker runs in these tests: items stay queued


def login(client: Client, people: dict[str, Any], who: str) -> Client:
    client.force_login(people[who])
    return client


def start(client: Client, **fields: Any) -> Any:
    data = {"action": "start", "level": "0", "formats": ["html", "pdf"], **fields}
    return client.post(PAGE, data)


def test_the_office_starts_a_batch_and_downloads_its_files(
    immediate: None, client: Client, people: dict[str, Any]
) -> None:
    login(client, people, "office")
    page = client.get(PAGE).content.decode()
    assert "开始生成" in page
    assert "本单位（1 份）" in page  # 迪庆州's children are counties: only itself has a bulletin

    response = start(client)
    batch = BulletinBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}{batch.pk}/"
    assert (batch.level, batch.formats, batch.requested_by) == (
        0,
        ["pdf", "html"],
        people["office"],
    )

    page = client.get(response["Location"]).content.decode()
    assert "已加入队列：1 份通报" in page
    assert '<progress id="batch-bar" max="1" value="1">' in page
    assert "完成 1，失败 0，共 1" in page
    assert 'data-finished="1"' in page  # nothing left to poll for
    links = re.findall(rf'href="({PAGE}{batch.pk}/items/\d+/\w+)"', page)
    assert [link.rsplit("/", 1)[1] for link in links] == ["pdf", "html"]

    html = client.get(links[1])
    assert html["Content-Type"] == "text/html; charset=utf-8"
    assert HEADLINE in html.getvalue().decode()
    assert "filename*=utf-8''533400_" in html["Content-Disposition"]

    archive = client.get(f"{PAGE}{batch.pk}/zip")
    assert archive["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))) as zipped:
        assert sorted(zipped.namelist()) == [
            "533400_迪庆州2017年6月通报.html",
            "533400_迪庆州2017年6月通报.pdf",
        ]
        assert HEADLINE in zipped.read("533400_迪庆州2017年6月通报.html").decode()


def test_the_page_shows_a_running_batch_and_polls_its_status(
    queued: None, client: Client, people: dict[str, Any]
) -> None:
    login(client, people, "office")
    start(client)
    batch = BulletinBatch.objects.get()

    page = client.get(PAGE).content.decode()
    assert f'data-status-url="{status_url(batch)}"' in page
    assert 'data-finished="0"' in page
    assert '<progress id="batch-bar" max="1" value="0">' in page
    assert "排队中" in page
    assert "/static/web/batch.js" in page
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing from another host

    status = client.get(status_url(batch)).json()
    assert {k: status[k] for k in ("batch", "done", "failed", "total", "queued", "finished")} == {
        "batch": batch.pk,
        "done": 0,
        "failed": 0,
        "total": 1,
        "queued": 1,
        "finished": False,
    }
    assert status["summary"] == "完成 0，失败 0，共 1"
    assert status["zip"] == ""
    (item,) = status["items"]
    assert (item["code"], item["status"], item["status_label"], item["files"]) == (
        "533400",
        "queued",
        "排队中",
        [],
    )

    # A worker finishes it (here, in the test): the next poll says so.
    from anju.bulletins.work import item_generate

    item_generate(item_id=item["id"])
    status = client.get(status_url(batch)).json()
    assert (status["done"], status["finished"]) == (1, True)
    assert status["zip"] == f"{PAGE}{batch.pk}/zip"
    assert [f["format"] for f in status["items"][0]["files"]] == ["pdf", "html"]


def test_a_failed_item_shows_its_reason_and_can_be_retried(
    immediate: None, client: Client, people: dict[str, Any], july: Any
) -> None:
    login(client, people, "office")
    client.post("/u/533400/2017-07/batch/", {"level": "0", "formats": ["html"]})
    batch = BulletinBatch.objects.get()
    page = client.get("/u/533400/2017-07/batch/").content.decode()
    assert "迪庆州2017年7月没有已审核的填报数据" in page
    assert "重新生成失败的通报" in page

    client.post(f"/u/533400/2017-07/batch/{batch.pk}/retry/")
    assert BulletinBatchItem.objects.get().attempts == 2


def test_the_leader_and_a_reporter_follow_but_cannot_start(
    queued: None, client: Client, people: dict[str, Any]
) -> None:
    start(login(Client(), people, "office"))
    batch = BulletinBatch.objects.get()
    for who in ("leader", "inspector", "deqin"):
        viewer = login(Client(), people, who)
        page = viewer.get(PAGE)
        assert page.status_code == 200, who
        assert "开始生成" not in page.content.decode()
        assert viewer.get(status_url(batch)).status_code == 200
        assert start(viewer).status_code == 403, who
        retry = viewer.post(f"{PAGE}{batch.pk}/retry/")
        assert retry.status_code == 403, who
    assert BulletinBatch.objects.count() == 1


def test_strangers_see_nothing(queued: None, client: Client, people: dict[str, Any]) -> None:
    start(login(Client(), people, "office"))
    assert client.get(PAGE)["Location"].startswith("/login/")
    assert client.get(status_url(BulletinBatch.objects.get()))["Location"].startswith("/login/")
    # shangrila reports for 香格里拉市: they see 迪庆州, not another county's page.
    shangrila = login(Client(), people, "shangrila")
    assert shangrila.get("/u/533422/2017-06/batch/").status_code == 403
    assert shangrila.get(PAGE).status_code == 200


def test_a_download_from_another_unit_or_month_is_not_found(
    immediate: None, client: Client, people: dict[str, Any]
) -> None:
    login(client, people, "office")
    start(client)
    item = BulletinBatchItem.objects.get()
    batch = item.batch_id
    assert client.get(f"{PAGE}{batch}/items/{item.pk}/html").status_code == 200
    assert client.get(f"/u/533401/2017-06/batch/{batch}/items/{item.pk}/html").status_code == 404
    assert client.get(f"/u/533400/2017-05/batch/{batch}/items/{item.pk}/html").status_code == 404
    assert client.get(f"{PAGE}{batch}/items/{item.pk}/docx").status_code == 404  # not made
    assert client.get(f"{PAGE}{batch}/items/{item.pk}/exe").status_code == 404
    assert client.get(f"{PAGE}{batch + 1}/items/{item.pk}/html").status_code == 404
    assert client.get(f"{PAGE}999999/").status_code == 404
    assert client.get(f"{PAGE}999999/zip").status_code == 404


@pytest.mark.parametrize(
    "query",
    ["?batch=", "?batch=abc", "?item=x", "?item=1&format=", "?format=exe", "?zip", "?level=abc"],
)
def test_query_strings_are_no_longer_read_and_never_fail(
    immediate: None, client: Client, people: dict[str, Any], query: str
) -> None:
    """The page is one view per job now: a leftover query string just shows the month."""
    login(client, people, "office")
    start(client)
    response = client.get(PAGE + query)
    assert response.status_code == 200
    assert "完成 1，失败 0，共 1" in response.content.decode()


def test_malformed_batch_urls_are_not_found(
    immediate: None, client: Client, people: dict[str, Any]
) -> None:
    login(client, people, "office")
    for url in ("abc/", "-1/", "1/items/x/html", "1/status/?batch=abc", "99999999999999999999/"):
        assert client.get(PAGE + url).status_code == 404, url
    assert client.get(PAGE + "1/retry/").status_code == 405  # a retry is a POST


def test_a_province_page_works_without_a_programme_of_its_own(
    immediate: None, client: Client, people: dict[str, Any]
) -> None:
    province = unit_save(unit=Unit(code="530000", name="云南省", kind=Unit.Kind.PROVINCE))
    diqing = Unit.objects.get(code="533400")
    diqing.parent = province
    unit_save(unit=diqing)
    login(client, people, "admin")
    page = client.get("/u/530000/2017-06/batch/").content.decode()
    assert "下一级单位（1 份）" in page
    started = client.post("/u/530000/2017-06/batch/", {"level": "1", "formats": ["html"]})
    status = client.get(started["Location"] + "status/").json()
    assert (status["done"], status["total"]) == (1, 1)
    assert status["items"][0]["name"] == "迪庆州"


def test_a_bad_request_is_reported_on_the_page(
    immediate: None, client: Client, people: dict[str, Any]
) -> None:
    login(client, people, "office")
    response = client.post(PAGE, {"level": "1", "formats": ["html"]}, follow=True)
    assert "迪庆州的下1级单位中没有可生成通报的单位" in response.content.decode()
    response = client.post(PAGE, {"level": "0"}, follow=True)
    assert "格式应为" in response.content.decode()
    response = client.post(PAGE, {"level": "x", "formats": ["html"]}, follow=True)
    assert "层数应为0到9之间的整数" in response.content.decode()
    response = client.post(PAGE, {"level": "1", "formats": ["html", "exe"]}, follow=True)
    assert "格式应为 docx、pdf、xlsx、html 中的一种或几种" in response.content.decode()
    response = client.post(PAGE, {"level": "1e20", "formats": ["html"]}, follow=True)
    assert "层数应为0到9之间的整数" in response.content.decode()
    assert not BulletinBatch.objects.exists()
    assert "本月还没有批量生成的通报。" in client.get(PAGE).content.decode()


def test_a_batch_nobody_picks_up_says_how_to_start_a_worker(
    queued: None, client: Client, people: dict[str, Any]
) -> None:
    login(client, people, "office")
    start(client)
    batch = BulletinBatch.objects.get()
    assert client.get(status_url(batch)).json()["stalled"] is False  # just queued
    assert '<div id="batch-stalled" class="notice" role="status" hidden>' in (
        client.get(PAGE).content.decode()
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        assert client.get(status_url(batch)).json()["stalled"] is True
        page = client.get(PAGE).content.decode()
    assert '<div id="batch-stalled" class="notice" role="status">' in page
    assert "已有一段时间没有后台任务进程领取这批通报。" in page
    assert "<code>anju manage db_worker</code>" in page
    assert "<code>anju serve --with-worker</code>" in page
