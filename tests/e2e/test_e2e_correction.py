"""Issued means frozen, in the browser: June is issued, a figure behind it is corrected
afterwards, the June bulletin still shows what it was issued with and says what changed, and
the office issues a 更正通报 that the archive keeps beside the original. Then July opens: the
leader moves between July and June with the month switcher, and 德钦县's reporter is shown
July's due date."""

from __future__ import annotations

import pytest
from browsing import Site, login, logout
from playwright.sync_api import Page, expect

PREFECTURE, DEQIN = "533400", "533422"
JUNE = "2017-06"
JULY = "2017-07"
BULLETIN = f"/u/{PREFECTURE}/{JUNE}/bulletin/"
DEQIN_REPORT = f"/r/{DEQIN}/{JUNE}/"


def click_and_wait(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def office_issues_june(site: Site) -> None:
    page = site.page
    login(page, "office")
    site.open(BULLETIN)
    page.get_by_label("文号序号").fill("12")
    page.get_by_label("成文日期").fill("2017-07-05")
    click_and_wait(page, "印发通报")
    expect(page.locator(".bulletin-preview")).to_contain_text("开工2294套")


def office_unlocks_deqin(site: Site) -> None:
    page = site.page
    site.open(DEQIN_REPORT)
    page.get_by_label("解锁理由").fill("德钦县开工数少报10套")
    click_and_wait(page, "解锁以便更正")
    expect(page.get_by_text("已解锁，报表退回填报人更正")).to_be_visible()
    logout(page)


def deqin_corrects_and_submits(site: Site) -> None:
    page = site.page
    login(page, "deqin")
    site.open(DEQIN_REPORT)
    page.get_by_label("棚户区改造开工数", exact=True).fill("163")
    click_and_wait(page, "报送")
    expect(page.get_by_text("已报送，等待审核")).to_be_visible()
    logout(page)


def office_approves(site: Site) -> None:
    page = site.page
    login(page, "office")
    site.open(DEQIN_REPORT)
    click_and_wait(page, "审核通过")
    expect(page.get_by_text("已审核通过")).to_be_visible()


def june_bulletin_keeps_2294_and_reports_the_change(site: Site) -> None:
    page = site.page
    site.open(BULLETIN)
    preview = page.locator(".bulletin-preview")
    expect(preview).to_contain_text("开工2294套，开工率为61.58%")
    expect(preview).not_to_contain_text("2304")
    changes = page.locator(".bulletin-changes")
    expect(changes).to_contain_text("印发后数据有变化")
    row = changes.get_by_role("row").filter(has_text="棚户区改造开工数")
    cells = [text.strip() for text in row.get_by_role("cell").all_inner_texts()]
    assert cells[:4] == ["德钦县", "棚户区改造开工数", "153", "163"], cells
    expect(row).to_contain_text("德钦县开工数少报10套")


def office_issues_a_correction(site: Site) -> None:
    page = site.page
    page.get_by_label("文号序号").fill("13")
    page.get_by_label("成文日期").fill("2017-07-20")
    page.get_by_label("更正说明").fill("德钦县6月开工数更正为163套")
    click_and_wait(page, "印发更正通报")
    expect(page.get_by_text("更正通报（迪庆安居办〔2017〕13号）已印发")).to_be_visible()
    expect(page.locator(".bulletin-preview")).to_contain_text("开工2294套")
    expect(page.locator(".bulletin-changes")).to_have_count(0)

    site.open(f"/u/{PREFECTURE}/bulletins/")
    table = page.get_by_role("table")
    expect(table).to_contain_text("迪庆安居办〔2017〕12号")
    expect(table).to_contain_text("迪庆安居办〔2017〕13号")
    expect(table).to_contain_text("更正 迪庆安居办〔2017〕12号")
    logout(page)


def office_opens_july(site: Site) -> None:
    page = site.page
    login(page, "office")
    site.open(f"/u/{PREFECTURE}/periods/")
    page.get_by_label("计划").select_option(label="2017年迪庆州城镇保障性安居工程")
    page.get_by_label("月份", exact=True).fill("7")
    page.get_by_label("报送截止日期").fill("2017-08-05")
    click_and_wait(page, "开启月份")
    expect(page.get_by_text("已开启 2017年7月 的填报")).to_be_visible()
    logout(page)


def leader_moves_between_july_and_june(site: Site) -> None:
    """July has no reviewed figures yet: the leader lands on June, pointed at July."""
    page = site.page
    login(page, "leader")
    june_url, july_url = f"{site.base_url}/u/{PREFECTURE}/{JUNE}/", f"/u/{PREFECTURE}/{JULY}/"
    expect(page).to_have_url(june_url)
    months = page.locator(".months")
    expect(months.locator("summary")).to_have_text("2017年6月")
    expect(months.get_by_role("link", name="正在填报：2017年7月")).to_be_visible()

    with page.expect_navigation():
        months.get_by_role("link", name="下月").click()
    expect(page).to_have_url(site.base_url + july_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("迪庆州 2017年1—7月推进情况")
    expect(page.get_by_text("本月还没有已审核的数据；各单位的填报进度见下方。")).to_be_visible()

    with page.expect_navigation():
        page.locator(".months").get_by_role("link", name="上月").click()
    expect(page).to_have_url(june_url)
    # June as corrected: 2294 and 德钦县's 10 more.
    started = page.locator(".dash-card").filter(has_text="棚户区改造开工")
    expect(started).to_contain_text("2,304 / 3,725")

    page.locator(".months summary").click()  # the list of every month
    with page.expect_navigation():
        page.locator(".month-list").get_by_role("link", name="2017年7月").click()
    expect(page).to_have_url(site.base_url + july_url)
    logout(page)


def deqin_sees_julys_due_date(site: Site) -> None:
    page = site.page
    login(page, "deqin")
    expect(page).to_have_url(f"{site.base_url}/r/{DEQIN}/{JULY}/")
    todo = page.locator(".todo-list li").filter(has_text="2017年7月")
    expect(todo).to_contain_text("报送截止日期 2017-08-05")
    logout(page)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_an_issued_bulletin_stays_a_correction_is_issued_and_july_opens(site: Site) -> None:
    office_issues_june(site)
    office_unlocks_deqin(site)
    deqin_corrects_and_submits(site)
    office_approves(site)
    june_bulletin_keeps_2294_and_reports_the_change(site)
    office_issues_a_correction(site)
    office_opens_july(site)
    leader_moves_between_july_and_june(site)
    deqin_sees_julys_due_date(site)
    assert site.foreign_requests() == []
    assert [status for status, _ in site.refused()] == []
