"""What the browser tests share: the tab they drive, the requests it made, logging in and out.

Pages are opened by path (``/login/``): each browser context carries the live server's address
as its base URL.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page, Response, expect

from anju.demo.loader import DEMO_PASSWORD

# Where the walk saves its screenshots: docs/ only when asked (ANJU_SCREENSHOTS=docs, as
# `make screenshots` does), so an ordinary test run leaves the checkout untouched.
DOCS = (
    Path(__file__).resolve().parents[2] / "docs"
    if os.environ.get("ANJU_SCREENSHOTS") == "docs"
    else Path(tempfile.gettempdir()) / "anju-screenshots"
)
DOCS.mkdir(exist_ok=True)
# Schemes that never leave the browser: inline images and objects made by a script.
LOCAL_SCHEMES = ("data", "blob", "about")


@dataclass
class Site:
    """A browser tab on the live server, and every URL its context has requested so far."""

    page: Page
    base_url: str
    requested: list[str] = field(default_factory=list)
    answered: list[tuple[int, str]] = field(default_factory=list)  # (status, URL)

    @property
    def origin(self) -> tuple[str, str]:
        parts = urlsplit(self.base_url)
        return parts.scheme, parts.netloc

    def open(self, path: str) -> Response:
        response = self.page.goto(path)
        assert response is not None, f"no response for {path}"
        return response

    def foreign_requests(self) -> list[str]:
        """Requests that went anywhere but the live server."""
        foreign = []
        for url in self.requested:
            parts = urlsplit(url)
            if parts.scheme not in LOCAL_SCHEMES and (parts.scheme, parts.netloc) != self.origin:
                foreign.append(url)
        return foreign

    def refused(self) -> list[tuple[int, str]]:
        """Answers with an error status (4xx, 5xx), as (status, path)."""
        return [(status, urlsplit(url).path) for status, url in self.answered if status >= 400]


def login(page: Page, username: str, password: str = DEMO_PASSWORD) -> Response | None:
    """Log in through the real form; returns the response the form's post ends on."""
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    with page.expect_navigation() as posted:
        page.get_by_role("button", name="登录").click()
    return posted.value


def logout(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="退出", exact=True).click()
    expect(page.get_by_role("heading", name="登录")).to_be_visible()


def sideways(page: Page) -> tuple[int, list[str]]:
    """The page's width and the first elements sticking out past the window (outside a box
    that scrolls on its own): on a phone, nothing should."""
    width, wide = page.evaluate(
        """() => [document.documentElement.scrollWidth,
                  [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                    .filter(e => !e.parentElement.closest('.scroll-x'))
                    .slice(0, 8).map(e => e.tagName + '.' + e.className)]"""
    )
    return int(width), list(wide)


def july_two_approved() -> None:
    """July open, 香格里拉市's and 维西县's reports approved with their June figures: the
    dashboard's trend has two months, the second partial; 德钦县's report not started."""
    from django.contrib.auth.models import User

    from anju.programmes.models import Programme, Unit
    from anju.reporting.models import Period, ReportValue
    from anju.reporting.services import period_open, report_set_values
    from anju.reporting.workflow import report_approve, report_for, report_submit

    programme = Programme.objects.get(code="diqing-2017")
    july = period_open(programme=programme, month=7)
    june = Period.objects.get(programme=programme, month=6)
    office = User.objects.get(username="office")
    for code in ("533401", "533423"):
        unit = Unit.objects.get(code=code)
        figures = dict(
            ReportValue.objects.filter(report__period=june, report__unit=unit).values_list(
                "element__code", "value"
            )
        )
        report = report_for(unit=unit, period=july)
        report_set_values(report=report, values=figures, user=office, channel="form")
        report_approve(report=report_submit(report=report, user=office), user=office)
