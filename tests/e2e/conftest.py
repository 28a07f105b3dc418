"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

One browser per session; a fresh context (cookies, storage) per test, set up as a Chinese user
sees the site (zh-CN, Asia/Shanghai, 1280 px wide). Every request the context makes is
recorded, so a test can assert that the site never reaches for another host.

pytest-django empties the database after each transactional test, so every test here loads
the demo again at its start (the ``demo`` fixture, through ``site``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import Site
from playwright.sync_api import (
    Browser,
    Playwright,
    Request,
    Response,
    ViewportSize,
    expect,
    sync_playwright,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}

expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def _async_unsafe_allowed() -> Iterator[None]:
    """Playwright's synchronous API runs an event loop on the test's thread, and Django then
    refuses database calls from that thread; the loop is Playwright's, not a request's."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def playwright_driver(_async_unsafe_allowed: None) -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        reason = f"the browser tests need Chromium at {CHROMIUM} (`make setup` installs it)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    launched = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@pytest.fixture
def demo(transactional_db: None, django_user_model: Any) -> None:
    """The demo as `anju demo` loads it. Every demo person's password is set again so the
    test's password hasher can check it (the session's copy was hashed before it was chosen)."""
    from anju.demo.loader import DEMO_PASSWORD, demo_load

    demo_load(reset=True)
    for user in django_user_model.objects.all():
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])


@pytest.fixture
def site(browser: Browser, live_server: Any, demo: None) -> Iterator[Site]:
    """A fresh tab on the live server with the demo loaded; nobody logged in."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport=VIEWPORT,
        accept_downloads=True,
    )
    requested: list[str] = []
    answered: list[tuple[int, str]] = []

    def record_request(request: Request) -> None:
        requested.append(request.url)

    def record_response(response: Response) -> None:
        answered.append((response.status, response.url))

    context.on("request", record_request)
    context.on("response", record_response)
    current = Site(
        page=context.new_page(), base_url=live_server.url, requested=requested, answered=answered
    )
    yield current
    context.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Every browser test is slow: `pytest -m 'not slow'` leaves them out; `make test` runs them.
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.slow)
