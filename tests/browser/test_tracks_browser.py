"""Per-government tracks in a real browser (issue 16): a change for Japan only leaves the US
track as it was; a backdated change is warned about before anything is written; the
recommendation page in English and Japanese, on a laptop and a phone (screenshots)."""

from datetime import date

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.support import factories
from tracker.extensions import db
from tracker.services.recommendations.status import record_status_change

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def rec():
    rec = factories.RecommendationFactory(
        title_en="Joint stockpile of legacy chips", title_ja="汎用半導体の共同備蓄",
        text_en="Both governments should build a **joint stockpile** of legacy chips.",
        text_ja="両政府は汎用半導体の**共同備蓄**を構築すべきである。",
        history=[(date(2024, 3, 1), "under_consideration", "Both governments acknowledged it.")],
    )
    record_status_change(rec, "in_progress", date(2024, 9, 1), "METI budgeted a pilot stockpile.",
                         tracks=["government_of_japan"], agency="METI")
    db.session.commit()
    return rec


def _card(page, addressee: str):
    return page.locator(f"#track-{addressee}")


def test_a_change_for_japan_only_leaves_the_us_track_unchanged(page, login_as, screenshot, rec):
    from playwright.sync_api import expect

    login_as(factories.UserFactory(role="researcher", name="Aiko Tanaka"))
    page.goto(f"/recommendations/{rec.reference}")
    page.evaluate("window.__noReload = true")
    form = page.locator("#status-form")
    expect(form.get_by_label("US government")).to_be_checked()
    expect(form.get_by_label("Government of Japan")).to_be_checked()
    form.get_by_label("US government").uncheck()
    form.locator("input[name=to_status][value=implemented]").check()
    form.get_by_label("Effective date").fill("2025-02-03")
    form.get_by_label("Public note").fill("Japan's stockpile is operating.")
    form.get_by_role("button", name="Record status change").click()

    expect(page.locator("#status-form .flash-success")).to_contain_text("Tracks: Government of Japan.")
    expect(_card(page, "government_of_japan")).to_contain_text("Implemented")
    expect(_card(page, "government_of_japan")).to_contain_text("METI")
    expect(_card(page, "us_government")).to_contain_text("Under consideration")
    expect(_card(page, "us_government")).to_contain_text("since 2024-03-01")
    expect(page.locator("#current-status")).to_contain_text("In progress")  # overall: one government done
    first = page.locator("#timeline .timeline-entry").first
    expect(first).to_contain_text("Japan's stockpile is operating.")
    assert first.locator(".track-chip").all_inner_texts() == ["Government of Japan"]
    assert page.evaluate("window.__noReload") is True
    # The form is fresh again: every track checked for the next entry.
    expect(page.locator("#status-form").get_by_label("US government")).to_be_checked()
    screenshot("tracks-detail-after-japan-only")

    db.session.rollback()  # end the test's read transaction: see what the server wrote
    fresh = db.session.get(type(rec), rec.id)
    assert fresh.track("us_government").status == "under_consideration"
    assert fresh.track("government_of_japan").status == "implemented"


def test_a_backdated_change_is_warned_about_then_confirmed(page, login_as, screenshot, rec):
    from playwright.sync_api import expect

    login_as(factories.UserFactory(role="researcher"))
    page.goto(f"/recommendations/{rec.reference}")
    form = page.locator("#status-form")
    form.get_by_label("US government").uncheck()
    form.locator("input[name=to_status][value=proposed]").check()
    form.get_by_label("Effective date").fill("2024-06-01")
    form.get_by_label("Public note").fill("Correction: the ministry only noted it in June.")
    form.get_by_role("button", name="Record status change").click()

    warning = page.locator("#effective_on-warning")
    expect(warning).to_contain_text("Not recorded yet")
    expect(warning).to_contain_text("Government of Japan: lands before the entry of 2024-09-01 (In progress)")
    expect(warning).to_contain_text("Its current status after saving: In progress.")
    assert page.locator("#timeline .timeline-entry").count() == 3  # nothing written
    screenshot("tracks-backdating-warning")

    warning.get_by_label("Record it anyway, before the later entry").check()
    page.locator("#status-form").get_by_role("button", name="Record status change").click()
    expect(page.locator("#status-form .flash-success")).to_contain_text("Recorded: Proposed from 2024-06-01.")
    expect(page.locator("#timeline")).to_contain_text("Correction: the ministry only noted it in June.")
    expect(_card(page, "government_of_japan")).to_contain_text("In progress")  # its latest entry still rules


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_detail_page_screenshots_laptop_and_phone(page, browser, live_server, login_as, screenshot, rec, lang):
    from playwright.sync_api import expect

    user = login_as(factories.UserFactory(role="researcher"))
    if lang == "ja":
        page.get_by_role("button", name="日本語").click()
        expect(page.locator("html")).to_have_attribute("lang", "ja")
    page.goto(f"/recommendations/{rec.reference}")
    expect(_card(page, "government_of_japan")).to_contain_text("METI")
    screenshot(f"tracks-detail-{lang}-laptop")
    cards = page.locator("#tracks .track-card")
    boxes = [cards.nth(i).bounding_box() for i in range(cards.count())]
    assert len(boxes) == 2 and abs(boxes[0]["y"] - boxes[1]["y"]) < 2  # side by side

    # A phone: a mobile browser 375 px wide, logged in as the same user.
    phone = browser.new_context(base_url=live_server, viewport=PHONE, is_mobile=True, has_touch=True,
                                storage_state=page.context.storage_state())
    try:
        mobile = phone.new_page()
        mobile.goto(f"/recommendations/{rec.reference}")
        expect(mobile.locator("#track-government_of_japan")).to_contain_text("METI")
        scroll, inner, device = mobile.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth, screen.width]")
        assert scroll <= min(inner, device), f"the page scrolls sideways on a phone ({scroll}px)"
        cards = mobile.locator("#tracks .track-card")
        boxes = [cards.nth(i).bounding_box() for i in range(cards.count())]
        assert all(b["x"] >= 0 and b["x"] + b["width"] <= PHONE["width"] for b in boxes)
        mobile.screenshot(path=str(ARTIFACTS / f"tracks-detail-{lang}-phone.png"), full_page=True)
        mobile.screenshot(path=str(ARTIFACTS / f"tracks-detail-{lang}-phone-top.png"))  # what one sees first
    finally:
        phone.close()
    assert user
