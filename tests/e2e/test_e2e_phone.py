"""The pages an office and a county use most, on a phone (375 px wide): nothing scrolls
sideways, tables scroll inside their own box, and a figure's name stays on one line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browsing import DOCS, Site, july_two_approved, login, logout
from playwright.sync_api import Page, expect

PHONE = {"width": 375, "height": 812}
PREFECTURE, DEQIN, SHANGRILA = "533400", "533422", "533401"
AUDIT_SEED = Path(__file__).parents[1] / "audit" / "fixtures" / "diqing-2017-06-bulletin.txt"

DESKTOP = (
    (f"/u/{PREFECTURE}/2017-06/", "dashboard"),
    (f"/r/{DEQIN}/2017-07/", "entry"),
    (f"/r/{SHANGRILA}/2017-07/", "review"),
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def july_with_deqin_submitted() -> None:
    """July open, 香格里拉市's report submitted with June's figures (to review), 德钦县's not
    started (to enter)."""
    from django.contrib.auth.models import User

    from anju.programmes.models import Programme, Unit
    from anju.reporting.models import Period, ReportValue
    from anju.reporting.services import period_open, report_set_values
    from anju.reporting.workflow import report_for, report_submit

    programme = Programme.objects.get(code="diqing-2017")
    july = period_open(programme=programme, month=7)
    june = Period.objects.get(programme=programme, month=6)
    unit = Unit.objects.get(code=SHANGRILA)
    figures = dict(
        ReportValue.objects.filter(report__period=june, report__unit=unit).values_list(
            "element__code", "value"
        )
    )
    office = User.objects.get(username="office")
    report = report_for(unit=unit, period=july)
    report_set_values(report=report, values=figures, user=office, channel="form")
    report_submit(report=report, user=office)


def page_width(page: Page) -> Any:
    return page.evaluate("document.documentElement.scrollWidth")


def wide_elements(page: Page) -> Any:
    """What sticks out past the screen's right edge, to name in a failure."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
            .filter(e => !e.parentElement.closest('.scroll-x'))
            .slice(0, 8)
            .map(e => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}`)"""
    )


def fits(site: Site, path: str, name: str, wide: dict[str, Any]) -> Page:
    page = site.page
    site.open(path)
    page.wait_for_load_state("networkidle")
    viewport = page.viewport_size
    assert viewport is not None
    screen = "phone" if viewport["width"] == PHONE["width"] else "desktop"
    page.screenshot(path=DOCS / f"{screen}-{name}.png", full_page=True)
    if page_width(page) > viewport["width"]:
        wide[path] = (page_width(page), wide_elements(page))
    return page


def names_readable(page: Page, selector: str) -> None:
    """A figure's name is not broken two characters a line: it fits on one line, or its lines
    hold at least ten characters each."""
    shapes = page.locator(selector).evaluate_all(
        """cells => cells.map(c => {
            const line = parseFloat(getComputedStyle(c).lineHeight) || 20;
            return [c.textContent.trim(), Math.round(c.getBoundingClientRect().height / line)];
        })"""
    )
    assert shapes, selector
    for text, lines in shapes:
        assert lines == 1 or len(text) / lines >= 10, (text, lines)


def no_overlap(page: Page, selector: str, pattern: str) -> None:
    """The chart's texts matching ``pattern`` (the milestone labels) do not overlap."""
    boxes = page.locator(selector).evaluate_all(
        """(texts, pattern) => texts
            .filter(t => new RegExp(pattern).test(t.textContent))
            .map(t => { const r = t.getBoundingClientRect();
                        return [t.textContent, r.left, r.top, r.right, r.bottom]; })""",
        pattern,
    )
    assert len(boxes) >= 2, boxes
    for index, (text, left, top, right, bottom) in enumerate(boxes):
        for other, left2, top2, right2, bottom2 in boxes[index + 1 :]:
            apart = right <= left2 or right2 <= left or bottom <= top2 or bottom2 <= top
            assert apart, (text, other)


def test_a_phone_never_scrolls_sideways(site: Site) -> None:
    july_with_deqin_submitted()
    site.page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    page = site.page
    wide: dict[str, Any] = {}

    login(page, "leader")
    page = fits(site, f"/u/{PREFECTURE}/2017-06/", "dashboard", wide)
    expect(page.locator("#dashboard-progress svg")).to_be_visible()
    no_overlap(page, "#dashboard-progress svg text", "月.*日")
    logout(page)

    login(page, "deqin")
    page = fits(site, f"/r/{DEQIN}/2017-07/", "entry", wide)
    names_readable(page, ".report-table.entry th[scope=row]")
    logout(page)

    login(page, "office")
    fits(site, f"/r/{SHANGRILA}/2017-07/", "review", wide)
    fits(site, f"/u/{PREFECTURE}/2017-07/review/", "review-list", wide)
    fits(site, f"/u/{PREFECTURE}/2017-07/completeness/", "completeness", wide)
    fits(site, f"/u/{PREFECTURE}/2017-06/tables/", "tables", wide)
    fits(site, f"/u/{PREFECTURE}/2017-06/bulletin/", "bulletin", wide)
    logout(page)

    # The same pages on a desktop screen, for the eye (saved beside the phone's).
    site.page.set_viewport_size({"width": 1280, "height": 900})
    login(page, "office")
    for path, name in DESKTOP:
        fits(site, path, name, wide)
    logout(page)
    assert not wide, "\n".join(f"{path}: {found}" for path, found in wide.items())


def box_before_words(page: Page) -> None:
    """Each "暂未公布" box sits on its words' line, just before them."""
    shapes = page.locator("label.unpublished").evaluate_all(
        """labels => labels.map(l => {
            const box = l.querySelector('input').getBoundingClientRect();
            const range = document.createRange();
            range.selectNodeContents(l);
            range.setStartAfter(l.querySelector('input'));
            const words = range.getBoundingClientRect();
            return [box.right, (box.top + box.bottom) / 2, words.left,
                    (words.top + words.bottom) / 2];
        })"""
    )
    assert shapes
    for right, middle, left, words_middle in shapes:
        assert 0 <= left - right <= 12, (right, left)
        assert abs(middle - words_middle) <= 6, (middle, words_middle)


def test_the_offices_other_pages_fit_a_phone(site: Site, settings: Any) -> None:
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        },
    }
    july_two_approved()
    page = site.page
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    wide: dict[str, Any] = {}

    login(page, "office")
    fits(site, f"/u/{PREFECTURE}/2017-07/", "dashboard-trend", wide)
    expect(page.locator('.dash-chart[data-series="0"] svg')).to_be_visible()
    fits(site, f"/u/{PREFECTURE}/audit/", "audit", wide)
    form = page.locator("form.filters")
    inside = form.locator("select, input, button").evaluate_all(
        """(fields, right) => fields.every(f => f.getBoundingClientRect().right <= right)""",
        form.evaluate("f => f.getBoundingClientRect().right"),
    )
    assert inside, "a filter sticks out of its card"

    site.open(f"/u/{PREFECTURE}/2017-06/batch/")
    with page.expect_navigation():
        page.get_by_role("button", name="开始生成").click()
    batch = page.url.removeprefix(site.base_url)
    fits(site, batch, "batch", wide)
    expect(page.locator(".batch-files a").first).to_be_visible()
    bar = page.locator("#batch-bar").bounding_box()
    assert bar is not None and bar["width"] >= 200, bar

    site.open(f"/u/{PREFECTURE}/bulletin-audits/")
    page.set_input_files("input[name=file]", str(AUDIT_SEED))
    with page.expect_navigation():
        page.get_by_role("button", name="上传并核对").click()
    fits(site, page.url.removeprefix(site.base_url), "bulletin-audit", wide)
    logout(page)

    login(page, "deqin")
    fits(site, f"/r/{DEQIN}/2017-07/", "entry-untouched", wide)
    box_before_words(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    fits(site, f"/r/{DEQIN}/2017-07/", "entry-untouched", wide)
    box_before_words(page)
    logout(page)
    assert not wide, "\n".join(f"{path}: {found}" for path, found in wide.items())
