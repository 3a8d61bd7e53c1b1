"""Browser fixtures: the app served on 127.0.0.1 in a thread, driven by Playwright in
Debian's Chromium. Without /usr/bin/chromium every browser test is skipped with one reason.

Tests create data with the factories (committed, so the server sees it), then drive
``page``. Screenshots go to ``test-artifacts/`` (see ``screenshot``).
"""

import os
import threading
import warnings
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason=f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def live_server(app):
    """Base URL of the app served by a threaded Werkzeug server on a free port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)  # as the pages' own timeout: a loaded machine is slow
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)  # generous: a loaded 2-core machine is slow, not broken
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """``screenshot("name")`` saves the current page as test-artifacts/<name>.png."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str, full_page: bool = True) -> Path | None:
        """Screenshots are artifacts for people, not assertions: one that Chromium cannot
        take in time (seen on a loaded machine) is retried as the viewport only, then left
        out with a warning, and the test goes on to check what it asserts."""
        from playwright.sync_api import Error as PlaywrightError

        path = ARTIFACTS / f"{name}.png"
        for whole in ((full_page, False) if full_page else (False,)):
            try:
                page.screenshot(path=str(path), full_page=whole, timeout=20_000)
                return path
            except PlaywrightError as exc:
                warnings.warn(f"screenshot {name} not taken: {exc}", stacklevel=2)
        return None

    return take


@pytest.fixture
def login_as(page):
    """``login_as(user)`` logs ``user`` in through the login form (default password)."""
    from tests.support.factories import DEFAULT_PASSWORD

    def do(user, password: str = DEFAULT_PASSWORD):
        page.goto("/login")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/")
        return user

    return do
