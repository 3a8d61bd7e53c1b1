"""Issue 18, phones: every staff page at 1366x768 and 390x844, in English and Japanese,
has no sideways scroll (``scrollWidth <= innerWidth``); on a phone the header takes at most
15% of the height, the menu opens from its button, lists show as cards and forms as one
column. Screenshots go to test-artifacts/phones-<size>-<lang>-<page>.png."""

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.support import factories
from tests.support.staff_pages import make_world, staff_pages

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
    """(the page's scroll width, the window's width). A phone browser widens its layout
    viewport to fit content that overflows, so the window's width is taken as the smaller
    of ``innerWidth`` and the device's width: otherwise an overflow could never fail."""
    scroll, inner, device = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth, screen.width]")
    return scroll, min(inner, device)


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


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_phone_menu_saved_view_and_form_errors(app, browser, live_server, lang):
    admin = factories.UserFactory(role="admin", name="Admin Tester")
    make_world(admin)
    context, page = _context(browser, live_server, "phone")
    ARTIFACTS.mkdir(exist_ok=True)
    names = {"en": ("Menu", "Audit log", "Save this view", "Saved views"),
             "ja": ("メニュー", "監査ログ", "この表示を保存", "保存した表示")}[lang]
    menu, audit, save, saved = names
    try:
        _log_in(page, admin, lang)
        nav_link = page.get_by_role("link", name=audit)
        assert not nav_link.is_visible()  # the menu starts closed on a phone
        assert page.locator(".site-header").bounding_box()["height"] <= 0.15 * 844
        page.get_by_text(menu, exact=True).click()
        assert nav_link.is_visible()
        page.screenshot(path=str(ARTIFACTS / f"phones-phone-{lang}-menu-open.png"))
        page.get_by_text(menu, exact=True).click()
        assert not nav_link.is_visible()

        # The filters fold away on a phone, so the results come first.
        page.goto("/?stale=1")
        filters = page.locator("#filters")
        assert not filters.is_visible()
        page.locator(".filters-toggle").click()
        assert filters.is_visible() and page.locator("#filter-q").is_visible()
        # Save a filtered view of the list; it is listed in the (phone) menu.
        assert page.locator(".save-view-box > summary").inner_text() == save
        page.locator(".save-view-box > summary").click()
        page.locator("#save-view-name").fill("Stale ones")
        page.locator("form.save-view button[type=submit]").click()
        page.wait_for_url("**/?stale=1")
        page.get_by_text(menu, exact=True).click()
        page.locator(".nav-views > summary").click()
        link = page.get_by_role("link", name="Stale ones")
        assert link.is_visible() and link.get_attribute("href") == "/?stale=1"
        assert _widths(page)[0] <= _widths(page)[1] == 390
        page.screenshot(path=str(ARTIFACTS / f"phones-phone-{lang}-saved-views.png"))
        assert saved in page.locator(".nav-views > summary").inner_text()

        # A form with errors: announced (role=alert) and the first field in error has focus.
        page.goto("/admin/users/new")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator("#form-errors[role=alert]").is_visible()
        assert page.evaluate("document.activeElement.id") == "email"
        page.screenshot(path=str(ARTIFACTS / f"phones-phone-{lang}-form-errors.png"), full_page=True)
    finally:
        context.close()
