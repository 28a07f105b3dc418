"""The pages that follow background work, in a real browser: the batch page and a large Excel
import's page ask their status URL again and again, show what it says, try again after a
failed answer, and stop once the work has finished.

Each page is rendered by Django as its user gets it, then opened in Debian's Chromium with
the page and its static files answered from here and the status URL answered from a list of
answers, one a request, so every step of the script's loop is seen.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from test_batch_pages import PAGE, start, status_url
from test_dashboard_script import CHROMIUM, ORIGIN, serve_static
from test_excel_background import DATABASE, confirmed

from anju.bulletins.models import BulletinBatch
from anju.reporting.models import Period

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

playwright = pytest.importorskip("playwright.sync_api")

FAILED = {"status": 503, "body": "restarting"}


class Site:
    """The page at ``page``, static files from the finders, and at ``status`` each answer of
    ``answers`` in turn (the last one again once they run out); everything asked is kept."""

    def __init__(self, page: str, html: str, status: str, answers: list[dict[str, Any]]) -> None:
        # Ask every 50 ms rather than every second: the test sees the same loop, sooner.
        self.html = re.sub(r'data-poll-ms="\d+"', 'data-poll-ms="50"', html)
        self.page, self.status, self.answers = page, status, answers
        self.asked: list[str] = []

    def answer(self, route: Any) -> None:
        path = route.request.url.removeprefix(ORIGIN).split("?")[0]
        self.asked.append(path)
        if path == self.page:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=self.html)
        elif path == self.status:
            answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
            if "status" in answer and "body" in answer:
                route.fulfill(status=answer["status"], body=answer["body"])
            else:
                route.fulfill(status=200, content_type="application/json", body=json.dumps(answer))
        else:
            serve_static(route, path)

    def count(self, path: str) -> int:
        return self.asked.count(path)


def browse(site: Site, steps: Any) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"the browser tests need Chromium at {CHROMIUM}")
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page()
        page.route(f"{ORIGIN}/**", site.answer)
        page.goto(f"{ORIGIN}{site.page}")
        try:
            steps(page)
        finally:
            browser.close()


def test_the_batch_page_follows_its_batch_until_it_has_finished(
    settings: Any, client: Client, people: dict[str, Any]
) -> None:
    settings.TASKS = {"default": DATABASE}  # no worker: the batch stays queued
    client.force_login(people["office"])
    start(client)
    batch = BulletinBatch.objects.get()
    html = client.get(f"{PAGE}{batch.pk}/").content.decode()
    queued = client.get(status_url(batch)).json()
    assert queued["finished"] is False
    item = queued["items"][0]
    done = {
        **queued,
        "done": 1,
        "queued": 0,
        "finished": True,
        "summary": "完成 1，失败 0，共 1",
        "zip": f"{PAGE}{batch.pk}/zip",
        "items": [
            {
                **item,
                "status": "done",
                "status_label": "已完成",
                "seconds": "2.5",
                "files": [{"url": f"{PAGE}{batch.pk}/items/{item['id']}/pdf", "format": "pdf"}],
            }
        ],
    }
    site = Site(f"{PAGE}{batch.pk}/", html, status_url(batch), [FAILED, queued, done])

    def steps(page: Any) -> None:
        page.wait_for_function(
            "document.getElementById('batch-counts').textContent === '完成 1，失败 0，共 1'"
        )
        row = page.locator(f"tr[data-item='{item['id']}']")
        assert row.locator(".batch-state").inner_text() == "已完成"
        assert row.locator(".batch-files a").inner_text() == "PDF"
        assert page.locator("#batch-zip").is_visible()
        asked = site.count(site.status)
        page.wait_for_timeout(400)  # eight rounds at 50 ms: none is asked for
        assert site.count(site.status) == asked == 3

    browse(site, steps)


def test_the_import_page_shows_the_stage_and_reloads_once_the_import_has_finished(
    settings: Any, client: Client, people: Any, july: Period, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The demo's prefecture has five reporting units: an import of more than one is "large".
    monkeypatch.setattr("anju.reporting.excel.background.TASK_ABOVE", 1)
    settings.TASKS = {"default": DATABASE}  # no worker: the import stays queued
    confirm, excel_import = confirmed(client, people)
    html = client.get(confirm).content.decode()
    status = f"/excel/imports/{excel_import.pk}/status/"
    writing = {**client.get(status).json(), "stage": "正在写入第 1 个单位", "stalled": True}
    finished = {**writing, "stage": "已导入", "finished": True, "stalled": False}
    site = Site(confirm, html, status, [FAILED, *[writing] * 6, finished])

    def steps(page: Any) -> None:
        page.wait_for_function(
            "() => document.getElementById('excel-import-stage').textContent"
            " === '正在写入第 1 个单位'"
        )
        assert page.locator("#excel-import-stalled").is_visible()
        for _ in range(100):  # the page loads again, to show the result
            if site.count(confirm) > 1:
                break
            page.wait_for_timeout(50)
        assert site.count(confirm) > 1
        assert site.count(status) >= 8

    browse(site, steps)
