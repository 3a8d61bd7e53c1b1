"""Rule messages from the services are shown in the reader's language."""

from datetime import timedelta

from tests.conftest import csrf_token_from
from tests.support import factories
from tracker.extensions import db
from tracker.models import StatusChange
from tracker.services import clock


def _post_status(client, rec, **fields):
    token = csrf_token_from(client.get(f"/recommendations/{rec.reference}"))
    data = {"csrf_token": token, "to_status": "in_progress", "public_note": "Steps taken.",
            "effective_on": clock.today().isoformat(), **fields}
    return client.post(f"/recommendations/{rec.reference}/status", data=data)


def test_a_status_rule_is_explained_in_japanese(client, auth):
    rec = factories.RecommendationFactory()
    auth.login(factories.UserFactory(role="researcher", locale="ja"))
    before = db.session.query(StatusChange).count()
    future = (clock.today() + timedelta(days=3)).isoformat()
    html = _post_status(client, rec, effective_on=future).get_data(as_text=True)
    assert "発効日を将来の日付にすることはできません。" in html
    html = _post_status(client, rec, to_status="proposed").get_data(as_text=True)
    assert "時点ですでに「提言済み」です。" in html
    assert db.session.query(StatusChange).count() == before


def test_the_same_rule_in_english(client, auth):
    rec = factories.RecommendationFactory()
    auth.login(factories.UserFactory(role="researcher", locale="en"))
    html = _post_status(client, rec, to_status="proposed").get_data(as_text=True)
    assert "It is already “Proposed” on" in html
