"""Leadership boards in a real browser (issue 18): the summary fits one 1366×768 screen,
the overview and the column board are no taller than 3 screens (on the demo data and on
10k synthetic recommendations), their totals stay visible, nothing scrolls sideways at
390×844, quick filter changes end on the last filters, and Chromium prints the summary on
one page and the board pack on at most two. English and Japanese. Screenshots go to
test-artifacts/leadership-*.png.

The data lives in apps of this module's own (SQLite files, served on their own ports), so
the other browser tests' empty-tables-after-each-test rule does not touch them.
"""

import os
import threading
from pathlib import Path
from unittest import mock

import pytest
from werkzeug.serving import make_server

from tests.browser.conftest import ARTIFACTS
from tests.conftest import make_test_app
from tracker.demo.loader import seed_demo, seed_synthetic

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
DEMO_LOGIN = ("leadership@demo.next-tracker.org", "demo-leadership-2026")


def _serve(tmp_path: Path, synthetic: int):
    with mock.patch.dict(os.environ):
        os.environ.pop("DATABASE_URL", None)  # a SQLite file of its own, whatever the run
        app = make_test_app(tmp_path, PASSWORD_HASH_METHOD="pbkdf2:sha256:1000")
    with app.app_context():
        seed_demo()
        if synthetic:
            seed_synthetic(synthetic)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module", params=["demo", "10k"])
def data_server(request, tmp_path_factory):
    server = _serve(tmp_path_factory.mktemp(f"leadership-{request.param}"),
                    10_000 if request.param == "10k" else 0)
    yield request.param, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    server = _serve(tmp_path_factory.mktemp("leadership-demo-only"), 0)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def _open(browser, base_url, viewport, lang="en"):
    context = browser.new_context(base_url=base_url, viewport=LAPTOP)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/login")
    page.get_by_label("Email").fill(DEMO_LOGIN[0])
    page.get_by_label("Password").fill(DEMO_LOGIN[1])
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")
    # The chosen language is remembered per user: switch whichever way is needed.
    if page.locator("html").get_attribute("lang") != lang:
        page.get_by_role("button", name="日本語" if lang == "ja" else "English").click()
        page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == lang
    page.set_viewport_size(viewport)  # the language switch is in the laptop header
    return context, page


def _shot(page, name, full_page=True):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"leadership-{name}.png"), full_page=full_page)


def _height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_summary_fits_one_screen_and_boards_three(browser, data_server, lang):
    data, base = data_server
    context, page = _open(browser, base, LAPTOP, lang)
    try:
        page.goto("/boards/summary")
        assert page.locator("#summary-headlines li").count() == 6
        assert page.locator(".timezone").count() == 1 and "Asia/Tokyo" in page.locator(".timezone").inner_text()
        _shot(page, f"summary-{data}-{lang}-1366")
        assert _height(page) <= LAPTOP["height"], _height(page)
        for board in ("overview", "column"):
            page.goto("/boards/" if board == "overview" else "/boards/column")
            _shot(page, f"{board}-{data}-{lang}-1366")
            assert _height(page) <= 3 * LAPTOP["height"], (board, _height(page))
            assert page.locator(".timezone").count() == 1
        # The overview's totals stay on screen when scrolled to the bottom.
        page.goto("/boards/")
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        box = page.locator("#status-totals").bounding_box()
        assert box is not None and 0 <= box["y"] < LAPTOP["height"], box
        _shot(page, f"overview-{data}-{lang}-scrolled", full_page=False)
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_no_sideways_scroll_on_a_phone(browser, data_server, lang):
    data, base = data_server
    context, page = _open(browser, base, PHONE, lang)
    try:
        for name, url in (("summary", "/boards/summary"), ("pack", "/boards/pack"),
                          ("overview", "/boards/"), ("column", "/boards/column"),
                          ("movement", "/boards/movement"), ("trend", "/boards/trend")):
            page.goto(url)
            _shot(page, f"{name}-{data}-{lang}-390")
            assert _no_sideways_scroll(page), (name, page.evaluate(
                "document.documentElement.scrollWidth"))
            if name == "overview":  # the status matrices are stacked cards, not wide tables
                assert page.evaluate("getComputedStyle(document.querySelector("
                                     "'table.board-matrix tbody tr')).display") == "flex"
    finally:
        context.close()


def _pdf_pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_summary_prints_on_one_page_and_the_pack_on_two(browser, demo_server, lang):
    context, page = _open(browser, demo_server, LAPTOP, lang)
    try:
        for paper in ("A4", "Letter"):
            page.goto("/boards/summary")
            summary = page.pdf(format=paper)
            page.goto("/boards/pack")
            pack = page.pdf(format=paper)
            (ARTIFACTS / f"leadership-pack-{lang}-{paper}.pdf").write_bytes(pack)
            assert _pdf_pages(summary) == 1, (paper, _pdf_pages(summary))
            assert 1 <= _pdf_pages(pack) <= 2, (paper, _pdf_pages(pack))
    finally:
        context.close()


def test_quick_filter_changes_end_on_the_last_filters(browser, demo_server):
    context, page = _open(browser, demo_server, LAPTOP)
    try:
        page.goto("/boards/column")
        line = page.locator("#line option").nth(1).get_attribute("value")
        # Two changes in a row: the second while the first request is still in flight.
        page.evaluate("""(line) => {
            const select = document.getElementById("line");
            select.value = line;
            select.dispatchEvent(new Event("change", {bubbles: true}));
            const box = document.getElementById("priority");
            box.checked = true;
            box.dispatchEvent(new Event("change", {bubbles: true}));
        }""", line)
        page.wait_for_url(f"**line={line}**priority=1**")
        page.wait_for_load_state("networkidle")
        shown = {s: page.locator(f'.column[data-status="{s}"] [data-count]').inner_text()
                 for s in ("proposed", "under_consideration", "in_progress", "implemented")}
        assert page.locator("#line").input_value() == line
        assert page.locator("#priority").is_checked()
        _shot(page, "column-quick-filters")
        page.goto(f"/boards/column?line={line}&priority=1")
        fresh = {s: page.locator(f'.column[data-status="{s}"] [data-count]').inner_text()
                 for s in shown}
        assert shown == fresh
        page.goto("/boards/column")
        unfiltered = {s: page.locator(f'.column[data-status="{s}"] [data-count]').inner_text()
                      for s in shown}
        assert unfiltered != fresh  # the filters did change the board
    finally:
        context.close()
