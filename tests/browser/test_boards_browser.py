from datetime import date

import pytest

from tests.support import factories

pytestmark = pytest.mark.browser


def _count(page, status):
    return int(page.locator(f'.column[data-status="{status}"] [data-count]').inner_text())


def test_researcher_moves_a_card_and_the_counts_change(page, login_as, screenshot):
    recs = [factories.RecommendationFactory(title_en=f"Card {n}") for n in range(3)]
    factories.RecommendationFactory(history=[(date(2023, 6, 1), "in_progress", "Steps.")])
    login_as(factories.UserFactory(role="researcher"))
    page.goto("/boards/column")
    assert _count(page, "proposed") == 3 and _count(page, "implemented") == 0

    card = page.locator(f'.board-card[data-reference="{recs[0].reference}"]')
    card.get_by_label(f"Move {recs[0].reference} to").select_option("implemented")
    card.get_by_role("button", name="Move to…").click()
    panel = page.locator("#move-panel")
    panel.get_by_label("Public note").fill("Adopted in the joint statement.")
    screenshot("boards-column-move-form")
    panel.get_by_role("button", name="Record status change").click()

    page.locator('.column[data-status="implemented"] [data-count]').filter(has_text="1").wait_for()
    assert _count(page, "proposed") == 2
    assert page.locator(
        f'.column[data-status="implemented"] .board-card[data-reference="{recs[0].reference}"]'
    ).count() == 1
    screenshot("boards-column-after-move")


def test_leadership_filters_the_board_and_the_url_keeps_them(page, login_as):
    factories.RecommendationFactory(priority=True)
    factories.RecommendationFactory()
    login_as(factories.UserFactory(role="leadership"))
    page.goto("/boards/column")
    assert page.get_by_role("button", name="Move to…").count() == 0
    assert _count(page, "proposed") == 2
    page.get_by_label("Priority only").check()
    page.wait_for_url("**priority=1**")
    page.locator('.column[data-status="proposed"] [data-count]').filter(has_text="1").wait_for()
    page.reload()
    assert _count(page, "proposed") == 1
