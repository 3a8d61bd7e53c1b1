"""Issue 19: the public pages in a browser, EN and JA, at 1366x768 and 390x844: every page
answers 200 without logging in, has no sideways scroll, runs no script, and the filter form
works without JavaScript. Screenshots: test-artifacts/public-<size>-<lang>-<page>.png."""

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.support.api import build_world

pytestmark = pytest.mark.browser

SIZES = {"laptop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


def _widths(page) -> tuple[int, int]:
    scroll, inner, device = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth, screen.width]")
    return scroll, min(inner, device)


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_public_pages_fit_and_need_no_script(app, browser, live_server, size, lang):
    world = build_world()
    prefix = "/ja/public" if lang == "ja" else "/public"
    pages = {
        "list": f"{prefix}/",
        "filtered": f"{prefix}/?line=tech&status=implemented",
        "detail": f"{prefix}/recommendations/{world.r_child.reference}",
        "topics": f"{prefix}/topics/",
        "topic": f"{prefix}/topics/economic-security",
        "changes": f"{prefix}/changes",
        "notfound": f"{prefix}/recommendations/{world.r_draft.reference}",
    }
    # No JavaScript at all: the pages must work without it.
    context = browser.new_context(base_url=live_server, viewport=SIZES[size], java_script_enabled=False,
                                  is_mobile=size == "phone", has_touch=size == "phone")
    page = context.new_page()
    page.set_default_timeout(10_000)
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        wide = []
        for name, path in pages.items():
            response = page.goto(path)
            assert response.status == (404 if name == "notfound" else 200), (name, path)
            assert page.locator("html").get_attribute("lang") == lang
            assert page.locator("script").count() == 0
            page.screenshot(path=str(ARTIFACTS / f"public-{size}-{lang}-{name}.png"), full_page=True)
            scroll, inner = _widths(page)
            if scroll > inner:
                wide.append(f"{name} ({path}): {scroll} > {inner}")
        assert not wide, wide
        # The filter form submits as a plain GET form.
        page.goto(f"{prefix}/")
        page.select_option("#line", "tech")
        page.locator(".pub-actions button[type=submit]").click()
        page.wait_for_load_state()
        assert "line=tech" in page.url
        assert page.get_by_text("Combined command").count() == 0
        # Printed: no header, filters or embed section; the history stays.
        page.goto(pages["detail"])
        page.emulate_media(media="print")
        assert not page.locator(".pub-header").is_visible()
        assert not page.locator(".pub-embed").is_visible()
        assert page.locator(".pub-history").first.is_visible()  # one per track
        page.screenshot(path=str(ARTIFACTS / f"public-{size}-{lang}-detail-print.png"), full_page=True)
        page.emulate_media(media="screen")
        # The language switch leads to the same page in the other language.
        page.goto(pages["detail"])
        page.locator(".pub-lang").click()
        page.wait_for_load_state()
        other = "/public/" if lang == "ja" else "/ja/public/"
        assert other + f"recommendations/{world.r_child.reference}" in page.url
    finally:
        context.close()
