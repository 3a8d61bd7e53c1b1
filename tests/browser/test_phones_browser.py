"""Issue 18, phones: every staff page at 1366x768 and 390x844, in English and Japanese,
has no sideways scroll (``scrollWidth <= innerWidth``); on a phone the header takes at most
15% of the height, the menu opens from its button, lists show as cards and forms as one
column. Screenshots go to test-artifacts/phones-<size>-<lang>-<page>.png."""

import pytest

from tests import factories
from tests.browser.conftest import ARTIFACTS

from .staff_pages import make_world, staff_pages

pytestmark = pytest.mark.browser

SIZES = {"laptop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


def _context(browser, live_server, size):
    context = browser.new_context(base_url=live_server, viewport=SIZES[size],
                                  is_mobile=size == "phone", has_touch=size == "phone")
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def _log_in(page, user, lang):
    page.goto("/login")
    if lang == "ja":
        page.get_by_role("button", name="日本語").click()
        page.wait_for_load_state()
    page.locator("#email").fill(user.email)
    page.locator("#password").fill(factories.DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/")


def _widths(page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_no_page_scrolls_sideways(app, browser, live_server, size, lang):
    admin = factories.UserFactory(role="admin", name="Admin Tester")
    world = make_world(admin)
    context, page = _context(browser, live_server, size)
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        page.goto("/login")
        assert _widths(page)[0] <= _widths(page)[1]
        _log_in(page, admin, lang)
        wide = []
        for name, path in staff_pages(app, world).items():
            response = page.goto(path)
            assert response.status == 200, (name, path, response.status)
            scroll, inner = _widths(page)
            if scroll > inner:
                wide.append(f"{name} {path}: {scroll} > {inner}")
            if size == "phone":
                header = page.locator(".site-header").bounding_box()
                assert header["height"] <= 0.15 * 844, (name, header["height"])
            page.screenshot(path=str(ARTIFACTS / f"phones-{size}-{lang}-{name}.png"), full_page=True)
        assert not wide, "pages wider than the window:\n" + "\n".join(wide)
    finally:
        context.close()
