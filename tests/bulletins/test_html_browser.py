"""The HTML bulletin as a browser lays it out: the saved page and the preview in the application,
opened in Debian's Chromium and measured where the reader sees the text."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from anju.bulletins.document import BulletinDocument
from anju.bulletins.render.html import render_html
from anju.bulletins.render.layout import signature_place

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
ORIGIN = "http://anju.test"
PREVIEW = "/u/533400/2017-06/bulletin/"
STATIC = f"/{settings.STATIC_URL.strip('/')}/"

# How far the text of each line ends from the right edge of the letter's text area, in
# characters of the line's own size.
MEASURE = """() => {
  const letter = document.querySelector(".bulletin .letter");
  const style = getComputedStyle(letter);
  const edge = letter.getBoundingClientRect().right - parseFloat(style.paddingRight);
  const right = (selector) => {
    const line = letter.querySelector(selector);
    const range = document.createRange();
    range.selectNodeContents(line);
    const text = range.getBoundingClientRect();
    const em = parseFloat(getComputedStyle(line).fontSize);
    const centre = (text.left + text.right) / 2;
    return { text: line.textContent, right: (edge - text.right) / em, centre: centre };
  };
  return { signer: right(".signature .signer"), date: right(".signature .date") };
}"""


def measured(html: str, path: str = "/bulletin.html") -> dict[str, Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"the browser tests need Chromium at {CHROMIUM}")
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.route(f"{ORIGIN}/**", lambda route: answer(route, path, html))
        page.goto(f"{ORIGIN}{path}")
        page.wait_for_load_state("load")
        found: dict[str, Any] = page.evaluate(MEASURE)
        browser.close()
    return found


def answer(route: Any, path: str, html: str) -> None:
    """The page at its address, static files from the finders, a 404 for anything else."""
    asked = route.request.url.removeprefix(ORIGIN).split("?")[0]
    if asked == path:
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
        return
    found = finders.find(asked.removeprefix(STATIC)) if asked.startswith(STATIC) else None
    if not found:
        route.fulfill(status=404, body="")
        return
    kind = mimetypes.guess_type(found)[0] or "application/octet-stream"
    route.fulfill(status=200, content_type=kind, body=Path(found).read_bytes())


def assert_placed(found: dict[str, Any]) -> None:
    place = signature_place(found["signer"]["text"], found["date"]["text"])
    # 署名右空二字 (the long name keeps two characters from the edge), the date centred under it,
    # where the Word file puts them.
    assert found["signer"]["right"] == pytest.approx(place.signature_right, abs=0.15)
    assert found["date"]["right"] == pytest.approx(place.date_right, abs=0.15)
    assert found["signer"]["centre"] == pytest.approx(found["date"]["centre"], abs=6)


def test_the_saved_page_sets_the_signature_and_date_in_from_the_right(
    demo_document: BulletinDocument,
) -> None:
    html = render_html(demo_document).decode("utf-8")
    found = measured(html)
    assert (found["signer"]["text"], found["date"]["text"]) == (
        "迪庆州保障性安居工程协调领导小组办公室",
        "2017年7月5日",
    )
    assert_placed(found)


def test_the_preview_sets_the_signature_and_date_in_from_the_right(
    client: Client, people: dict[str, Any]
) -> None:
    client.force_login(people["office"])
    response = client.get(PREVIEW)
    assert response.status_code == 200
    found = measured(response.content.decode(), PREVIEW)
    assert found["signer"]["text"] == "迪庆州保障性安居工程协调领导小组办公室"
    assert_placed(found)
