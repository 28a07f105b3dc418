"""A month of work in the browser, on the demo: July 2017, from opening the month to the
issued bulletin and the audit trail, done by the people who do it (see anju.demo.loader).

The demo's June reports are already approved, so the story happens in the next month. Each
step below is one person's visit; they run in order, as one test, because it is one story.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from browsing import DOCS, Site, login, logout
from playwright.sync_api import Locator, Page, expect

PREFECTURE, DEQIN, SHANGRILA = "533400", "533422", "533401"
PEERS = (SHANGRILA, "533423", "533400-KFQ", "533400-BJ")  # every other reporting unit
JULY = "2017-07"
DEQIN_REPORT = f"/r/{DEQIN}/{JULY}/"

# 德钦县's June figures (the demo), by the entry form's labels; July starts from them.
DEQIN_JUNE = {
    "棚户区改造开工数": "153",
    "已基本建成套数": "0",
    "完成投资": "1260",
    "货币化安置户数": "153",
    "货币化安置征收面积": "17136",
    "公租房实际建设套数": "2180",
    "公租房年内新增分配入住套数": "34",
    "公租房年内退出套数": "0",
    "公租房累计分配入住套数": "2074",
}
# July: 200 of 250 started (80.00%, ahead of 香格里拉市's 62.05% and 维西县's 61.02%).
DEQIN_JULY = {**DEQIN_JUNE, "棚户区改造开工数": "200", "公租房累计分配入住套数": "2090"}
# The first try: a figure that is not a number, and more homes let than there are.
DEQIN_WRONG = {**DEQIN_JULY, "棚户区改造开工数": "12a", "公租房累计分配入住套数": "2200"}


def status_of(page: Page) -> Locator:
    return page.get_by_role("heading", level=1).locator(".status")


def fill_figures(page: Page, figures: dict[str, str]) -> None:
    for label, value in figures.items():
        page.get_by_label(label, exact=True).fill(value)


def click_and_wait(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def open_july(site: Site) -> None:
    """The office opens July with a due date."""
    page = site.page
    login(page, "office")
    site.open(f"/u/{PREFECTURE}/periods/")
    page.get_by_label("计划").select_option(label="2017年迪庆州城镇保障性安居工程")
    page.get_by_label("月份", exact=True).fill("7")
    page.get_by_label("报送截止日期").fill("2017-08-05")
    click_and_wait(page, "开启月份")
    expect(page.get_by_text("已开启 2017年7月 的填报")).to_be_visible()
    july = page.get_by_role("row").filter(has_text="2017年7月")
    expect(july.get_by_role("cell")).to_have_text(
        ["2017年7月", "2017-08-05", "填报中", "填报进度 · 通报", "关闭月份"]
    )
    logout(page)


def deqin_reports(site: Site) -> None:
    """德钦县's reporter: lands on their own report, may not open another county's, gets a
    wrong figure refused with its name, corrects it and submits."""
    page = site.page
    login(page, "deqin")
    expect(page).to_have_url(site.base_url + DEQIN_REPORT)
    expect(status_of(page)).to_have_text("未填报")

    refused = site.open(f"/r/{SHANGRILA}/{JULY}/")
    assert refused.status == 403
    expect(page.get_by_text("香格里拉市")).to_have_count(0)

    site.open(DEQIN_REPORT)
    fill_figures(page, DEQIN_WRONG)
    with page.expect_response(site.base_url + DEQIN_REPORT) as answer:
        page.get_by_role("button", name="保存草稿").click()
    assert answer.value.status == 422
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("未能保存或报送，请按以下提示修改")
    expect(alert).to_contain_text("棚户区改造开工数：“12a”不是数字，请填写不小于0的整数（套）")
    expect(alert).to_contain_text("公租房累计分配入住套数：2200套超过公租房实际建设套数2180套")
    started = page.get_by_label("棚户区改造开工数", exact=True)
    expect(started).to_have_value("12a")  # what was typed comes back, to be corrected
    expect(started).to_have_attribute("aria-invalid", "true")
    expect(started).to_have_accessible_description(
        "棚户区改造开工数：“12a”不是数字，请填写不小于0的整数（套）"
    )
    DOCS.mkdir(exist_ok=True)
    page.screenshot(path=DOCS / "screen-entry-error.png", full_page=True)

    fill_figures(page, DEQIN_JULY)
    click_and_wait(page, "报送")
    expect(page.get_by_text("已报送，等待审核")).to_be_visible()
    expect(status_of(page)).to_have_text("已报送")
    expect(page.get_by_role("button", name="报送")).to_have_count(0)  # no more editing
    logout(page)


def office_returns(site: Site) -> None:
    page = site.page
    login(page, "office")
    site.open(DEQIN_REPORT)
    expect(status_of(page)).to_have_text("已报送")
    page.get_by_label("退回意见").fill("请核对投资数")
    click_and_wait(page, "退回修改")
    expect(status_of(page)).to_have_text("已退回")
    logout(page)


def deqin_corrects(site: Site) -> None:
    page = site.page
    login(page, "deqin")
    expect(page).to_have_url(site.base_url + DEQIN_REPORT)
    expect(status_of(page)).to_have_text("已退回")
    expect(page.get_by_role("status")).to_have_text("退回意见：请核对投资数")
    fill_figures(page, {"完成投资": "1300"})
    click_and_wait(page, "报送")
    expect(status_of(page)).to_have_text("已报送")
    logout(page)


def office_approves(site: Site) -> None:
    page = site.page
    login(page, "office")
    site.open(DEQIN_REPORT)
    expect(page.get_by_role("row").filter(has_text="完成投资")).to_contain_text("1,300")
    click_and_wait(page, "审核通过")
    expect(page.get_by_text("已审核通过")).to_be_visible()
    expect(status_of(page)).to_have_text("已审核")
    logout(page)


def peers_report_june_again() -> None:
    """The other units report their June figures again for July, approved, through the same
    services the pages use: without peers there is no ranking to lead, and without all of
    them the month's totals would be partial."""
    from django.contrib.auth.models import User

    from anju.programmes.models import Unit
    from anju.reporting.models import Period, ReportValue
    from anju.reporting.services import report_set_values
    from anju.reporting.workflow import report_approve, report_for, report_submit

    office = User.objects.get(username="office")
    june = Period.objects.get(programme__code="diqing-2017", month=6)
    july = Period.objects.get(programme=june.programme, month=7)
    for code in PEERS:
        unit = Unit.objects.get(code=code)
        figures = dict(
            ReportValue.objects.filter(report__period=june, report__unit=unit).values_list(
                "element__code", "value"
            )
        )
        report = report_for(unit=unit, period=july)
        report_set_values(
            report=report, values=figures, user=office, channel="form", allow_any_status=True
        )
        report_approve(report=report_submit(report=report, user=office), user=office)


def leader_sees_dashboard(site: Site) -> None:
    page = site.page
    login(page, "leader")
    expect(page).to_have_url(site.base_url + f"/u/{PREFECTURE}/{JULY}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("迪庆州 2017年1—7月推进情况")

    started = page.locator(".dash-card").filter(has_text="棚户区改造开工")
    # 1241 + 200 + 900 of 3725; 2341 / 3725 = 62.845… → 62.85%
    expect(started.locator(".dash-value")).to_have_text("2,341")
    expect(started.locator(".dash-of")).to_have_text("/ 3,725")
    expect(started.locator(".dash-rate strong")).to_have_text("62.85%")

    ranking = page.locator("#attachment-1")
    expect(ranking.get_by_role("heading")).to_have_text("2017年各县市区城镇棚户区开工率排序表")
    rows = ranking.locator("tbody tr")
    expect(rows.nth(0).get_by_role("cell")).to_have_text(["德钦县", "250", "200", "80.00%", "1"])
    expect(rows.nth(1)).to_contain_text("香格里拉市")
    expect(rows.nth(2)).to_contain_text("维西县")

    # The progress chart is drawn (ECharts, served by anju itself) before the picture.
    expect(page.locator("#dashboard-progress svg")).to_be_visible()
    expect(page.locator("#dashboard-progress")).to_contain_text("80.00%")
    page.screenshot(path=DOCS / "screen-dashboard.png", full_page=True)
    logout(page)


def office_issues_bulletin(site: Site) -> None:
    page = site.page
    login(page, "office")
    site.open(f"/u/{PREFECTURE}/{JULY}/bulletin/")
    expect(status_of(page)).to_have_text("草稿")
    preview = page.locator(".bulletin-preview")
    expect(preview).to_contain_text("2017年7月全州城镇保障性安居工程推进情况")
    expect(preview.get_by_role("row").filter(has_text="德钦县").first).to_contain_text("80.00%")

    page.get_by_label("文号序号").fill("7")
    page.get_by_label("成文日期").fill("2017-08-10")
    click_and_wait(page, "印发通报")
    expect(page.get_by_text("通报已印发，各格式文件已存档，所用报表已锁定")).to_be_visible()
    expect(status_of(page)).to_have_text("已印发")
    expect(page.get_by_text("已于 2017-08-10 印发（第7号），内容不可再修改。")).to_be_visible()
    expect(page.get_by_role("button", name="印发通报")).to_have_count(0)
    expect(preview).to_contain_text("迪庆安居办")
    page.screenshot(path=DOCS / "screen-bulletin.png", full_page=True)

    docx = download(page, "DOCX")
    with zipfile.ZipFile(io.BytesIO(docx)) as word:
        text = word.read("word/document.xml").decode()
    assert "迪庆安居办〔2017〕7号" in text  # the number given when issuing
    assert "80.00%" in text  # 德钦县's July rate, in attachment 1
    pdf = download(page, "PDF")
    assert pdf.startswith(b"%PDF")
    logout(page)


def download(page: Page, link: str) -> bytes:
    with page.expect_download() as started:
        page.get_by_role("link", name=link, exact=True).click()
    path = started.value.path()
    data = path.read_bytes()
    assert data, f"the {link} download is empty"
    return data


def inspector_reads_audit(site: Site) -> None:
    page = site.page
    login(page, "inspector")
    site.open(f"/u/{PREFECTURE}/audit/")
    page.get_by_label("操作人").fill("deqin")
    click_and_wait(page, "筛选")
    rows = page.locator("table.audit tbody tr")

    def changes(element: str) -> list[list[str]]:
        found = rows.filter(has=page.get_by_role("cell", name=element, exact=True))
        # unit, month, figure, old, new, user, channel (the time first, the note last)
        return [cells[1:8] for cells in map(cell_texts, found.all())]

    assert changes("棚户区改造开工数") == [
        ["德钦县", "2017年7月", "棚户区改造开工数", "", "200", "德钦县填报员", "网页填报"]
    ]
    assert changes("完成投资") == [
        ["德钦县", "2017年7月", "完成投资", "1,260", "1,300", "德钦县填报员", "网页填报"],
        ["德钦县", "2017年7月", "完成投资", "", "1,260", "德钦县填报员", "网页填报"],
    ]
    # Every figure deqin stored is there once, and nothing from anyone else.
    expect(rows).to_have_count(len(DEQIN_JULY) + 1)
    for cells in map(cell_texts, rows.all()):
        assert cells[6:8] == ["德钦县填报员", "网页填报"], cells
    logout(page)


def cell_texts(row: Locator) -> list[str]:
    return [text.strip() for text in row.get_by_role("cell").all_inner_texts()]


@pytest.mark.django_db(transaction=True)
def test_a_month_of_work(site: Site) -> None:
    open_july(site)
    deqin_reports(site)
    office_returns(site)
    deqin_corrects(site)
    office_approves(site)
    peers_report_june_again()
    leader_sees_dashboard(site)
    office_issues_bulletin(site)
    inspector_reads_audit(site)

    assert len(site.requested) > 50, site.requested
    assert site.foreign_requests() == []
    # The refusals the story asked for, and no other (no missing style sheet or script).
    assert site.refused() == [(403, f"/r/{SHANGRILA}/{JULY}/"), (422, DEQIN_REPORT)]


@pytest.mark.django_db(transaction=True)
def test_login_page_and_dashboard_use_only_this_site(site: Site) -> None:
    page = site.page
    with page.expect_response(lambda r: r.url.endswith("/echarts.min.js")) as echarts:
        login(page, "leader")  # the June dashboard, drawn with ECharts
    assert echarts.value.status == 200
    expect(page).to_have_url(site.base_url + f"/u/{PREFECTURE}/2017-06/")
    expect(page.locator("#dashboard-progress svg")).to_be_visible()

    assert any(url.endswith("/login/") for url in site.requested)
    assert site.foreign_requests() == []
    assert site.refused() == []


@pytest.mark.django_db(transaction=True)
def test_login_is_paused_after_five_wrong_passwords(site: Site) -> None:
    page = site.page
    for attempt in range(1, 6):
        answer = login(page, "deqin", password=f"wrong-{attempt}")
        assert answer is not None
        if attempt < 5:
            expect(page.get_by_role("alert")).to_contain_text("用户名或密码不正确")
            assert answer.status == 200
    # The fifth failure reaches the limit: that answer is already the pause.
    expect(page.get_by_role("heading", name="登录已暂停")).to_be_visible()

    answer = login(page, "deqin")  # the right password, too late
    assert answer is not None
    assert answer.status == 429
    expect(page.get_by_role("heading", name="登录已暂停")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("登录已暂停15分钟")
    site.open("/")  # and nobody is logged in
    expect(page).to_have_url(site.base_url + "/login/?next=/")
