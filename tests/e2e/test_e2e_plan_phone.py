"""The plan page and the dashboard's 月工作目标 panel on a phone (375 px): nothing scrolls
sideways; the twelve months of goals are typed and saved from the phone."""

from __future__ import annotations

from decimal import Decimal

import pytest
from browsing import Site, login, logout, sideways
from playwright.sync_api import expect

PHONE = {"width": 375, "height": 812}

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def plans_for_the_demo() -> None:
    """棚改开工 and 基本建成 planned; 德钦县's plan set by the office."""
    from django.contrib.auth.models import User

    from anju.plans.services import plan_save
    from anju.programmes.models import DataElement, Programme, Unit

    programme = Programme.objects.get(code="diqing-2017")
    DataElement.objects.filter(programme=programme, code__in=["pg_started", "jb_done"]).update(
        plan=True
    )
    plan_save(
        user=User.objects.get(username="office"),
        unit=Unit.objects.get(code="533422"),
        programme=programme,
        figures={"pg_started": {5: Decimal(120), 6: Decimal(160), 7: Decimal(200)}},
    )


def test_the_plan_page_and_panel_fit_a_phone(site: Site) -> None:
    plans_for_the_demo()
    site.page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    page = site.page

    login(page, "deqin")
    site.open("/u/533422/plans/2017/")
    width, wide = sideways(page)
    assert width <= PHONE["width"], wide
    page.fill("input[name=jb_done_12]", "250")
    page.fill("textarea[name=reason]", "年底全部基本建成")
    page.click("button.primary")
    expect(page.locator(".messages")).to_contain_text("待上级审核后执行")
    logout(page)

    login(page, "leader")
    site.open("/u/533400/2017-06/")
    expect(page.locator("#plans")).to_contain_text("德钦县")
    width, wide = sideways(page)
    assert width <= PHONE["width"], wide
    logout(page)
