"""Every staff page with real URL arguments, for the page sweeps (full page, htmx partial,
Japanese interface)."""

from datetime import date

import pytest

from tests.support import factories
from tests.support.routes import build_url, staff_rules


@pytest.fixture
def known(app):
    """Real values for the URL arguments of staff pages (add one when a new page needs it)."""
    rec = factories.RecommendationFactory(
        title_en="Joint export control coordination", title_ja="輸出管理の連携",
        text_ja="日米両政府は**協力**すべきである。",
        history=[(date(2023, 8, 1), "under_consideration", "Acknowledged in a speech.")],
    )
    user = factories.UserFactory(role="researcher")
    event = factories.EventFactory()
    return {"reference": rec.reference, "user_id": user.id, "kind": "events", "obj_id": event.id,
            "fmt": "csv", "token": "no-such-import"}


# Pages that only exist while something runs (tested by their own module).
NEEDS_LIVE_STATE = {"dataio.progress"}


def _pages(app, known):
    rules = [r for r in staff_rules(app) if "GET" in r.methods and r.endpoint not in NEEDS_LIVE_STATE]
    missing = {arg for r in rules for arg in r.arguments} - set(known)
    assert not missing, f"add real values for {missing} to the `known` fixture in tests/test_pages.py"
    return [build_url(app, rule, known) for rule in rules]


def _is_html(response) -> bool:
    return response.mimetype == "text/html"
