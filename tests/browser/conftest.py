"""Browser fixtures: Debian's headless Chromium driven by Playwright, and real servers on loopback.

``single_user`` and ``team`` are each a fresh ``mlladder serve`` over a fresh SQLite file; after the test the
server's log must hold no traceback (no request failed with a server error). ``page`` is a new tab in a
Chromium started once for this folder's tests with a profile of its own, its cookies cleared for every test.
``axe_source`` is axe-core's script, from a package of the dev extra, for the accessibility tests.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    Account,
    Server,
    add_users,
    missing_browser,
    server_errors,
    serving,
)

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

TIMEOUT_MS = 15_000  # any single wait; a healthy step takes well under a second
AXE_PACKAGE = "axe_playwright_python"  # ships axe-core's axe.min.js (MPL-2.0), which the tests run unmodified


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives a real Chromium against a real server (select: -m browser)")


@pytest.fixture(scope="package")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    reason = missing_browser()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            tmp_path_factory.mktemp("chromium-profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            accept_downloads=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        yield context
        context.close()


@pytest.fixture
def page(chromium: BrowserContext) -> Iterator[Page]:
    """A new tab with no cookies: every server on 127.0.0.1 shares the cookie jar, whatever its port."""
    chromium.clear_cookies()
    tab = chromium.new_page()
    yield tab
    tab.close()


def _checked(server: Server) -> None:
    errors = server_errors(server.log_text())
    assert not errors, "the server failed a request:\n" + "\n\n".join(errors)


@pytest.fixture
def single_user(tmp_path: Path) -> Iterator[Server]:
    with serving(tmp_path, f"sqlite:///{tmp_path / 'web.db'}") as server:
        yield server
    _checked(server)


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Server]:
    """Team mode with accounts made by ``mlladder user add``: a manager (mia), her report (bea) and an engineer
    with no manager (ada)."""
    db_url = f"sqlite:///{tmp_path / 'team.db'}"
    add_users(tmp_path, db_url, Account("mia", "manager", "Mia Manager"), Account("ada", "engineer", "Ada Alone"))
    add_users(tmp_path, db_url, Account("bea", "engineer", "Bea Report", manager="mia"))  # mia exists now
    with serving(tmp_path, db_url, "--multi-user") as server:
        yield server
    _checked(server)


@pytest.fixture(scope="package")
def axe_source() -> str:
    """axe-core's ``axe.min.js`` as installed with the dev extra: nothing is fetched while the tests run. Missing,
    it skips the accessibility tests on a developer's machine and fails them in CI."""
    try:
        script = files(AXE_PACKAGE) / "axe.min.js"
        return script.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        reason = f"axe-core is missing: the {AXE_PACKAGE} package is not installed (fix: pip install -e '.[dev]')"
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
