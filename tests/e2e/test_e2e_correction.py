"""Issued means frozen, in the browser: June is issued, a figure behind it is corrected
afterwards, the June bulletin still shows what it was issued with and says what changed, and
the office issues a 更正通报 that the archive keeps beside the original."""

from __future__ import annotations

import pytest
from browsing import Site, login, logout
from playwright.sync_api import Page, expect

PREFECTURE, DEQIN = "533400", "533422"
JUNE = "2017-06"
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


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_an_issued_bulletin_stays_and_a_correction_is_issued(site: Site) -> None:
    office_issues_june(site)
    office_unlocks_deqin(site)
    deqin_corrects_and_submits(site)
    office_approves(site)
    june_bulletin_keeps_2294_and_reports_the_change(site)
    office_issues_a_correction(site)
    assert site.foreign_requests() == []
    assert [status for status, _ in site.refused()] == []
