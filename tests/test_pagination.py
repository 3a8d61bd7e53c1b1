"""The one pagination helper (tracker/services/queries/pages.py) behind the staff list, the
translation status page, the audit log and the API's page arithmetic."""

from sqlalchemy import select

from tests.support import factories
from tracker.models import Recommendation
from tracker.services.queries.pages import first_row, page_count, paginate


def test_pages_walk_every_row_once_in_order():
    for _ in range(7):
        factories.RecommendationFactory()
    base = select(Recommendation)
    seen = []
    for number in range(1, 5):
        page = paginate(base, number, 3, order_by=(Recommendation.id,))
        assert (page.total, page.pages, page.page) == (7, 3, number)
        assert page.has_prev == (number > 1) and page.has_next == (number < 3)
        seen += [r.id for r in page.items]
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 7


def test_past_the_end_is_empty_or_the_last_page_and_below_one_is_the_first():
    for _ in range(4):
        factories.RecommendationFactory()
    base = select(Recommendation)
    assert paginate(base, 9, 3).items == []
    clamped = paginate(base, 9, 3, clamp=True, order_by=(Recommendation.id,))
    assert clamped.page == 2 and len(clamped.items) == 1
    assert paginate(base, 0, 3).page == 1 and paginate(base, -5, 3).page == 1


def test_empty_list_has_one_empty_page():
    page = paginate(select(Recommendation), 1, 25)
    assert (page.items, page.total, page.pages, page.has_next, page.has_prev) == ([], 0, 1, False, False)
    assert page_count(0, 25) == 1 and page_count(26, 25) == 2 and first_row(3, 25) == 50
