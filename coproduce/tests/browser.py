"""Browser-test support: Debian's Chromium through Playwright, with axe-core on every page."""

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM = os.environ.get("COPRODUCE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


class CheckedPage:
    """A page whose every visited address must pass axe-core before the test ends."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.page, self.base_url = page, base_url
        self.visited: set[str] = set()
        self.checked: set[str] = set()
        self.axe = Axe()
        page.on("framenavigated", self.navigated)

    def navigated(self, frame: Any) -> None:
        if frame == self.page.main_frame:
            self.visited.add(self.path())

    def path(self) -> str:
        return self.page.url.split("#")[0]

    def goto(self, path: str) -> Any:
        response = self.page.goto(self.base_url + path)
        self.check()
        return response

    def check(self) -> None:
        """Run axe-core on the current page and fail on any WCAG 2.2 A or AA violation."""
        self.page.wait_for_load_state()
        results = self.axe.run(self.page, options={
            "runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]})
        assert results.violations_count == 0, f"{self.page.url}\n{results.generate_report()}"
        assert self.page.locator("h1").count() == 1, f"{self.page.url} must have one h1"
        self.checked.add(self.path())

    def unchecked(self) -> set[str]:
        return self.visited - self.checked


PASSWORD = "a long test pass 42"  # noqa: S105 - the test logins' password (conftest.py)


def sign_in(page: CheckedPage, email: str, password: str = PASSWORD) -> None:
    """Sign in through the real sign-in page, as a person would."""
    page.goto("/accounts/login/")
    page.page.get_by_label("Email").fill(email)
    page.page.get_by_label("Password").fill(password)
    page.page.get_by_role("button", name="Sign in").click()
    page.check()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Browser tests need Debian's Chromium at {CHROMIUM}: "
                    "apt-get install chromium (or deselect them with -m 'not browser').")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread while it runs; the ORM calls
    # that tests make here are still synchronous, so Django is told not to refuse them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def browser_page(chromium: Any, live_server: Any) -> Iterator[CheckedPage]:
    context = chromium.new_context(viewport={"width": 1100, "height": 900}, locale="en-GB")
    checked = CheckedPage(context.new_page(), live_server.url)
    yield checked
    context.close()
    assert not checked.unchecked(), f"pages not checked with axe: {checked.unchecked()}"
