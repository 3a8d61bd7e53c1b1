"""The overview shows the US and Japan side by side (issue 16); screenshots of it in English
and Japanese, desktop and phone, go to test-artifacts/."""

from datetime import date

import pytest

from tests.support import factories
from tracker.extensions import db
from tracker.services.recommendations.status import record_status_change

pytestmark = pytest.mark.browser
US, JP = "us_government", "government_of_japan"


def _data():
    line = factories.LineOfEffortFactory(slug="alliance-line", name_en="Alliance",
                                         name_ja="同盟")
    topic = factories.TopicAreaFactory(slug="cyber", name_en="Cyber", name_ja="サイバー",
                                       line_of_effort=line)
    for n in range(4):
        rec = factories.RecommendationFactory(topic=topic, title_en=f"Joint measure {n}",
                                              title_ja=f"共同措置 {n}")
        record_status_change(rec, "implemented", date(2024, 3, 1), "Japan adopted it.",
                             tracks=[JP])
        if n % 2:
            record_status_change(rec, "in_progress", date(2024, 4, 1), "US started.",
                                 tracks=[US])
    db.session.commit()


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_overview_shows_the_governments_side_by_side(page, login_as, screenshot, lang):
    _data()
    user = factories.UserFactory(role="leadership")
    login_as(user)
    if lang == "ja":
        page.goto("/")
        page.get_by_role("button", name="日本語").click()
        page.wait_for_load_state()
    page.goto("/boards/")
    assert page.locator("html").get_attribute("lang") == lang
    japan = page.locator('#matrix-governments tr[data-government="government_of_japan"]')
    assert japan.locator('td[data-status="implemented"]').inner_text().strip() == "4"
    us = page.locator('#matrix-governments tr[data-government="us_government"]')
    assert us.locator('td[data-status="in_progress"]').inner_text().strip() == "2"
    # Japan implemented (closed) while the US is proposed or in progress (open): all four.
    assert page.locator("#asymmetry-list tbody tr").count() == 4
    screenshot(f"boards-overview-tracks-{lang}-desktop")
    page.locator("#governments").scroll_into_view_if_needed()
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(f"boards-overview-tracks-{lang}-phone")
