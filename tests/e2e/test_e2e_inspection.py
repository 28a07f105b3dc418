"""An inspection round walked end to end in the browser: the inspector registers a round,
a visit and a finding with a photo; the unit's reporter reports its rectification with a
photo; the office sees both thumbnails, verifies and closes it. The pages fit a phone
(375 px) and a desk (1280 px)."""

from __future__ import annotations

import pytest
from browsing import DOCS, Site, login, logout, sideways
from playwright.sync_api import Page, expect

from pictures import jpeg, png

PHONE = {"width": 375, "height": 812}
DESK = {"width": 1280, "height": 900}

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def fits_a_phone(page: Page) -> None:
    width, wide = sideways(page)
    assert width <= PHONE["width"], wide


def submit(page: Page, form: str) -> None:
    with page.expect_navigation():
        page.click(f"{form} button[type=submit]")


def attach(page: Page, form: str, name: str, data: bytes) -> None:
    kind = "image/png" if name.endswith(".png") else "image/jpeg"
    page.locator(f"{form} input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": kind, "buffer": data}]
    )
    submit(page, form)
    expect(page.locator(".messages")).to_contain_text("已上传照片")


def seen(page: Page, name: str) -> None:
    """The photo's thumbnail is on the page, arrived and a picture (it is loaded lazily)."""
    thumbnail = page.get_by_role("img", name=name)
    thumbnail.scroll_into_view_if_needed()
    expect(thumbnail).to_be_visible()
    assert thumbnail.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0


def test_an_inspection_round_end_to_end(site: Site) -> None:
    page = site.page
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]

    login(page, "inspector")
    site.open("/u/533400/inspections/")
    fits_a_phone(page)
    page.select_option("#round-form select[name=programme]", "diqing-2017")
    page.fill("#round-form input[name=name]", "2017年第3轮专项巡查")
    page.fill("#round-form input[name=starts_on]", "2017-05-02")
    page.fill("#round-form input[name=ends_on]", "2017-05-12")
    submit(page, "#round-form")
    expect(page.get_by_role("heading", name="2017年第3轮专项巡查")).to_be_visible()
    page.select_option("#visit-form select[name=unit]", "533401")
    page.fill("#visit-form input[name=visited_on]", "2017-05-05")
    page.fill("#visit-form input[name=inspector_names]", "州纪委 李明")
    submit(page, "#visit-form")
    expect(page.locator(".messages")).to_contain_text("已登记香格里拉市的巡查走访")
    page.select_option("#finding-form select[name=unit]", "533401")
    page.fill(
        "#finding-form textarea[name=what]",
        "安置房工地未公示项目信息",
    )
    page.fill(
        "#finding-form textarea[name=requirement]",
        "在工地入口公示项目名称和安置方案",
    )
    page.select_option("#finding-form select[name=severity]", "serious")
    page.fill("#finding-form input[name=deadline]", "2017-05-01")
    submit(page, "#finding-form")
    expect(page.locator(".error-box")).to_contain_text("整改期限不能早于巡查日期（2017-05-05）")
    page.fill("#finding-form input[name=deadline]", "2017-06-30")
    submit(page, "#finding-form")
    expect(page.locator(".findings-table")).to_contain_text("安置房工地未公示项目信息")
    fits_a_phone(page)
    page.screenshot(path=str(DOCS / "inspection-round-375.png"), full_page=True)
    site.open("/u/533400/2017-06/")
    expect(page.locator("#inspections")).to_contain_text("香格里拉市")
    fits_a_phone(page)
    page.locator("#inspections").screenshot(path=str(DOCS / "inspection-panel-375.png"))
    site.open("/u/533401/inspections/")
    with page.expect_navigation():
        page.click("text=安置房工地未公示项目信息")
    attach(page, "#finding-photo-form", "IMG_0501.JPG", jpeg(noisy=True))
    seen(page, "IMG_0501.JPG")
    expect(page.get_by_text("拍摄：2017-07-14 10:32")).to_be_visible()
    expect(page.get_by_text("地点：27.82690, 99.70660")).to_be_visible()
    fits_a_phone(page)
    logout(page)

    login(page, "shangrila")
    site.open("/u/533401/inspections/")
    expect(page.locator(".findings-table")).to_contain_text("逾期")
    with page.expect_navigation():
        page.click("text=安置房工地未公示项目信息")
    page.fill("#rectify-form textarea[name=measures]", "已在工地入口设公示牌")
    page.fill("#rectify-form textarea[name=evidence]", "公示牌内容及设置位置说明")
    submit(page, "#rectify-form")
    expect(page.locator(".card .status")).to_have_text("整改待核验")
    expect(page.locator("#finding-photo-form")).to_have_count(0)  # the inspectors' photos
    attach(page, "#rectification-photo-form", "公示牌.png", png())
    seen(page, "公示牌.png")
    expect(page.get_by_text("地点：照片未记录位置")).to_be_visible()
    fits_a_phone(page)
    page.screenshot(path=str(DOCS / "inspection-rectify-375.png"), full_page=True)
    finding_url = page.url
    logout(page)

    login(page, "office")
    page.goto(finding_url)
    expect(page.locator("#verdict-form")).to_be_visible()
    page.select_option("#verdict-form select[name=verdict]", "accepted")
    submit(page, "#verdict-form")
    expect(page.locator(".card .status")).to_have_text("已核验")
    submit(page, "#close-form")
    expect(page.locator(".card .status")).to_have_text("已销号")
    expect(page.locator("body")).to_contain_text("已在工地入口设公示牌")
    seen(page, "IMG_0501.JPG")
    seen(page, "公示牌.png")
    expect(page.locator("form.photo-upload")).to_have_count(0)  # closed: no more photos
    fits_a_phone(page)
    page.screenshot(path=str(DOCS / "inspection-finding-375.png"), full_page=True)
    page.set_viewport_size(DESK)  # type: ignore[arg-type]
    page.screenshot(path=str(DOCS / "inspection-finding-1280.png"), full_page=True)
    site.open("/u/533400/inspections/")
    page.screenshot(path=str(DOCS / "inspection-unit-1280.png"), full_page=True)
    site.open("/u/533400/2017-06/")  # closed: no longer counted on the dashboard
    expect(page.locator("#inspections")).to_have_count(0)
    assert site.foreign_requests() == []
