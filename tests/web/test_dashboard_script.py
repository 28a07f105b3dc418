"""The dashboard's charts in a real browser: a unit's name with markup in it is shown as the
characters it is made of, never run.

The page is rendered by Django as the leader gets it, then opened in Debian's Chromium with
every request it makes answered from the static files (nothing else is served), so the chart
script runs exactly as on the site.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from anju.programmes.models import Unit

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
ORIGIN = "http://anju.test"
PAGE = "/u/533400/2017-06/"
PAYLOAD = "<img src=x onerror=alert(1)>"
STATIC = f"/{settings.STATIC_URL.strip('/')}/"


def dashboard_html(client: Client, leader: Any) -> str:
    Unit.objects.filter(code="533422").update(name=PAYLOAD)  # 德钦县
    client.force_login(leader)
    response = client.get(PAGE)
    assert response.status_code == 200
    return response.content.decode()


def answer(route: Any, html: str) -> None:
    """The page itself at its address, static files from the finders, a 404 for anything else
    (the payload's image among them, so its onerror would fire)."""
    path = route.request.url.removeprefix(ORIGIN).split("?")[0]
    if path == PAGE:
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
        return
    serve_static(route, path)


def serve_static(route: Any, path: str) -> None:
    """A static file from the finders, as the site serves it; a 404 for anything else."""
    found = finders.find(path.removeprefix(STATIC)) if path.startswith(STATIC) else None
    if not found:
        route.fulfill(status=404, body="")
        return
    kind = mimetypes.guess_type(found)[0] or "application/octet-stream"
    route.fulfill(status=200, content_type=kind, body=Path(found).read_bytes())


def test_a_unit_name_with_markup_is_shown_as_text_in_the_chart_tooltip(
    client: Client, people: dict[str, Any]
) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"the browser tests need Chromium at {CHROMIUM}")
    html = dashboard_html(client, people["leader"])
    dialogs: list[str] = []
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.route(f"{ORIGIN}/**", lambda route: answer(route, html))
        page.goto(f"{ORIGIN}{PAGE}")
        page.wait_for_selector("#dashboard-progress svg")
        # Hover every bar in turn, as a reader would: each shows its tooltip.
        tooltips = page.evaluate(
            """() => {
              const chart = echarts.getInstanceByDom(document.getElementById("dashboard-progress"));
              const names = chart.getOption().yAxis[0].data;
              return names.map((name, index) => {
                chart.dispatchAction({ type: "showTip", seriesIndex: 0, dataIndex: index });
                const tip = [...document.querySelectorAll("#dashboard-progress div")]
                  .filter((node) => node.textContent.includes("："))
                  .pop();
                return tip ? tip.textContent : "";
              });
            }"""
        )
        page.wait_for_load_state("networkidle")  # an image's failed load, and its onerror
        images = page.locator("img").count()
        browser.close()
    assert any(tip.startswith(f"{PAYLOAD}：") for tip in tooltips), tooltips
    assert images == 0
    assert dialogs == []
