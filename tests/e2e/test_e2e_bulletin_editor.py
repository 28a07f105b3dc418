"""The bulletin's prose editor in the browser: blocks labelled in Chinese, a placeholder chosen
from the list goes in at the cursor, and saving fills it with the month's figure; at 375 px the
editor does not scroll sideways."""

from __future__ import annotations

import pytest
from browsing import DOCS, Site, login, logout
from playwright.sync_api import expect

BULLETIN = "/u/533400/2017-06/bulletin/"
RENTAL = "二、公租房分配工作 · 第1段"

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_placeholder_from_the_picker_goes_in_at_the_cursor(site: Site) -> None:
    page = site.page
    login(page, "office")
    site.open(BULLETIN)
    text = page.get_by_label(RENTAL)
    text.fill("已入住套。")
    text.focus()
    text.evaluate("t => t.setSelectionRange(3, 3)")  # between 已入住 and 套

    page.get_by_text("插入占位符").click()
    choice = page.locator(".placeholder-choice").filter(has_text="{total.gzf_occupied}")
    expect(choice).to_contain_text("9,384")
    page.locator("#content, main").first.screenshot(path=DOCS / "bulletin-editor-1280.png")
    choice.click()
    expect(text).to_have_value("已入住{total.gzf_occupied}套。")

    with page.expect_navigation():
        page.get_by_role("button", name="保存正文").click()
    expect(page.get_by_text("正文已保存")).to_be_visible()
    expect(page.locator(".bulletin-preview")).to_contain_text("已入住9384套。")  # a document

    page.set_viewport_size({"width": 375, "height": 812})
    site.open(BULLETIN)
    page.get_by_text("插入占位符").click()
    width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=DOCS / "bulletin-editor-375.png", full_page=True)
    assert width <= 375, width
    logout(page)
