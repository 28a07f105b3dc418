"""A project's month in the browser: 德钦县's reporter enters July's progress of a 棚改 project
(its starts are the county's figure, summed from its projects), attaches a site photo, sees
its thumbnail with when and where it was taken, and submits the county's report; after that
the month takes no more changes. Screenshots at 375 px and 1280 px."""

from __future__ import annotations

from typing import Any

import pytest
from browsing import DOCS, Site, login
from playwright.sync_api import Page, expect

from pictures import jpeg

DEQIN = "533422"
PROJECTS = f"/u/{DEQIN}/2017-07/projects/"
PHOTOS = PROJECTS + "dq-1/photos/"
REPORT = f"/r/{DEQIN}/2017-07/"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
# 德钦县's June figures but its starts, which come from its projects.
OTHER_FIGURES = {
    "已基本建成套数": "0",
    "完成投资": "1260",
    "货币化安置户数": "153",
    "货币化安置征收面积": "17136",
    "公租房实际建设套数": "2180",
    "公租房年内新增分配入住套数": "34",
    "公租房年内退出套数": "0",
    "公租房累计分配入住套数": "2074",
}

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def july_with_a_project() -> None:
    """July open; 棚户区改造开工数 summed from projects; 德钦县's one 棚改 project carries
    June's 153 starts (the county's June figure)."""
    from decimal import Decimal

    from anju.programmes.models import DataElement, Programme, Unit
    from anju.projects.models import ProjectMonth
    from anju.projects.services import project_create
    from anju.reporting.models import Period
    from anju.reporting.services import period_open

    programme = Programme.objects.get(code="diqing-2017")
    DataElement.objects.filter(programme=programme, code="pg_started").update(
        projects={"flow": "started", "kind": "pg"}
    )
    period_open(programme=programme, month=7)
    project = project_create(
        programme=programme,
        unit=Unit.objects.get(code=DEQIN),
        code="dq-1",
        data={
            "name": "升平镇城北片区棚户区改造",
            "kind": "pg",
            "method": "new",
            "task_year": 2017,
            "planned_units": 250,
            "status": "building",
        },
        user=None,
    )
    june = Period.objects.get(programme=programme, month=6)
    ProjectMonth.objects.create(project=project, period=june, started=Decimal(153))


def shots(page: Page, name: str) -> None:
    """The page at a phone's and a desktop's width; nothing scrolls sideways on either."""
    for size, screen in ((PHONE, "phone"), (DESKTOP, "desktop")):
        page.set_viewport_size(size)  # type: ignore[arg-type]
        page.screenshot(path=DOCS / f"{screen}-{name}.png", full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"], (name, screen, width)


def test_a_reporter_enters_a_project_month_with_a_photo_and_submits(site: Site) -> None:
    july_with_a_project()
    page = site.page
    login(page, "deqin")
    site.open(PROJECTS)
    row = page.get_by_role("row").filter(has_text="升平镇城北片区棚户区改造")
    row.get_by_label("本期开工（套）").fill("47")
    row.get_by_label("本期完成投资（万元）").fill("320.5")
    row.get_by_label("形象进度").fill("主体施工")
    with page.expect_navigation():
        row.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存升平镇城北片区棚户区改造的本月进度")).to_be_visible()
    expect(row.get_by_role("cell").nth(3)).to_have_text("200")  # 本期末 = 153 + 47
    shots(page, "projects")

    with page.expect_navigation():
        row.get_by_role("link", name="升平镇城北片区棚户区改造的照片").click()
    expect(page).to_have_url(site.base_url + PHOTOS)
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "IMG_0412.JPG", "mimeType": "image/jpeg", "buffer": jpeg(noisy=True)}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="上传照片").click()
    expect(page.get_by_text("已上传照片")).to_be_visible()
    thumbnail = page.get_by_role("img", name="IMG_0412.JPG")
    expect(thumbnail).to_be_visible()
    # decode(): once the thumbnail has arrived and is a picture (it is loaded lazily)
    assert thumbnail.evaluate("img => img.decode().then(() => img.naturalWidth)") == 320
    expect(page.get_by_text("拍摄：2017-07-14 10:32")).to_be_visible()
    expect(page.get_by_text("地点：27.82690, 99.70660")).to_be_visible()
    shots(page, "project-photos")

    site.open(PROJECTS)
    expect(page.get_by_role("link", name="升平镇城北片区棚户区改造的照片")).to_have_text("1 张")
    site.open(REPORT)
    expect(page.get_by_label("棚户区改造开工数", exact=True)).to_have_value("200")
    for label, value in OTHER_FIGURES.items():
        page.get_by_label(label, exact=True).fill(value)
    with page.expect_navigation():
        page.get_by_role("button", name="报送", exact=True).click()
    expect(page.get_by_text("已报送，等待审核")).to_be_visible()

    # Submitted: the month's progress and photos wait for the office's review.
    site.open(PHOTOS)
    expect(page.get_by_role("button", name="上传照片")).to_have_count(0)
    expect(page.get_by_role("button", name="删除")).to_have_count(0)
    expect(page.get_by_text("照片随月报一起报送，不能再添加或删除")).to_be_visible()
    expect(page.get_by_role("img", name="IMG_0412.JPG")).to_be_visible()
    site.open(PROJECTS)
    expect(page.get_by_role("button", name="保存")).to_have_count(0)
    assert site.foreign_requests() == []
    refused: list[Any] = [answer for answer in site.refused() if answer[1] != "/favicon.ico"]
    assert refused == []


def test_a_reporter_fills_the_project_workbook_and_confirms_it(site: Site, tmp_path: Any) -> None:
    import io

    from openpyxl import load_workbook

    july_with_a_project()
    page = site.page
    login(page, "deqin")
    site.open(PROJECTS)
    with page.expect_download() as download:
        page.get_by_role("link", name="下载项目进度模板").click()
    assert download.value.suggested_filename == "德钦县-2017-07-项目进度.xlsx"
    workbook = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    sheet = workbook["填报"]
    assert (sheet["A3"].value, sheet["B3"].value) == ("dq-1", "升平镇城北片区棚户区改造")
    sheet["C3"], sheet["F3"], sheet["G3"] = 47, 320.5, "主体施工"
    filled = tmp_path / "德钦县-2017-07-项目进度.xlsx"
    buffer = io.BytesIO()
    workbook.save(buffer)
    filled.write_bytes(buffer.getvalue())

    site.open(PROJECTS + "workbook/")
    page.locator("input[type=file]").set_input_files(str(filled))
    with page.expect_navigation():
        page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_role("row").filter(has_text="dq-1")).to_contain_text("0 → 47")
    shots(page, "project-workbook-preview")
    with page.expect_navigation():
        page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_text("已导入 1 个项目的本月进度")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="升平镇城北片区棚户区改造")
    expect(row.get_by_label("本期开工（套）")).to_have_value("47")
    expect(row.get_by_role("cell").nth(3)).to_have_text("200")
    assert site.foreign_requests() == []
