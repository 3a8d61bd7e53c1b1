"""Recording and retracting status changes from the recommendation page (views)."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_token_from
from tests.support import factories
from tracker.domain import statuses
from tracker.extensions import db
from tracker.models import StatusChange
from tracker.services import clock
from tracker.services.recommendations.status import record_status_change

HX = {"HX-Request": "true"}


US, JP = "us_government", "government_of_japan"


def _count(rec) -> dict[str, int]:
    """Entries (retractions included) per track."""
    return dict(db.session.execute(
        select(StatusChange.addressee, func.count()).where(StatusChange.recommendation_id == rec.id)
        .group_by(StatusChange.addressee)
    ).all())


def _post_status(client, rec, headers=None, **data):
    """Post the form as a browser does: both tracks checked unless ``tracks`` says."""
    token = csrf_token_from(client.get(f"/recommendations/{rec.reference}"))
    payload = {"to_status": "under_consideration", "effective_on": "2024-01-10",
               "public_note": "The ministry acknowledged it.", "csrf_token": token,
               "tracks": [US, JP], "tracks_shown": "1"}
    payload.update(data)
    return client.post(f"/recommendations/{rec.reference}/status", data=payload, headers=headers or {})


@pytest.fixture
def rec():
    return factories.RecommendationFactory(title_en="Joint space situational awareness")


def test_form_partial_preselects_the_requested_status(client, auth, rec):
    auth.login("researcher")
    response = client.get(f"/recommendations/{rec.reference}/status/new?to_status=implemented", headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith("<form") and "<html" not in html
    assert re.search(r'<input checked[^>]*name="to_status"[^>]*value="implemented"', html)
    assert "Implemented in substance." in html  # definitions shown next to the choices
    assert f'value="{clock.today().isoformat()}"' in html  # effective date defaults to today
    assert response.headers["Vary"] == "HX-Request" or "HX-Request" in response.headers["Vary"]


def test_form_full_page_is_the_recommendation_page(client, auth, rec):
    auth.login("researcher")
    response = client.get(f"/recommendations/{rec.reference}/status/new?to_status=bogus")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" in html and "Joint space situational awareness" in html
    form = html.split('id="status-form"')[1].split("</form>")[0]
    # An unknown ?to_status= is ignored: the form offers the next status of the lifecycle.
    assert re.findall(r'<input checked[^>]*name="to_status"[^>]*value="([a-z_]+)"', form) == [statuses.next_status(rec.status)]


@pytest.mark.parametrize(("first", "history", "expected"), [
    ("draft", [], "proposed"),
    ("proposed", [], "under_consideration"),
    ("proposed", [(date(2024, 1, 5), "in_progress", "Begun.")], "implemented"),
])
def test_move_panel_defaults_to_the_next_status_and_is_named(client, auth, first, history, expected):
    rec = factories.RecommendationFactory(first_status=first, history=history, public_note="Drafted.")
    auth.login("researcher")
    for url in (f"/recommendations/{rec.reference}", f"/recommendations/{rec.reference}/status/new"):
        form = client.get(url, headers=HX if url.endswith("new") else {}).get_data(as_text=True)
        form = form.split('id="status-form"')[1].split("</form>")[0]
        assert re.findall(r'<input checked[^>]*name="to_status"[^>]*value="([a-z_]+)"', form) == [expected], url
        assert f'aria-label="Record a status change for {rec.reference}"' in form


def test_move_panel_after_the_last_status_chooses_nothing(client, auth):
    rec = factories.RecommendationFactory(history=[(date(2024, 1, 5), "implemented", "Done.")])
    auth.login("researcher")
    form = client.get(f"/recommendations/{rec.reference}").get_data(as_text=True).split('id="status-form"')[1]
    assert not re.search(r'<input checked[^>]*name="to_status"', form.split("</form>")[0])


def test_next_status_follows_the_lifecycle():
    assert [statuses.next_status(k) for k in statuses.KEYS] == [
        "proposed", "under_consideration", "in_progress", "implemented", None, None, None]
    assert statuses.next_status("bogus") is None and statuses.next_status(None) is None


def test_htmx_success_updates_badge_and_timeline_and_triggers_event(client, auth, rec):
    auth.login("researcher")
    response = _post_status(client, rec, headers=HX, evidence_urls="https://mofa.go.jp/a\nhttps://state.gov/b")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "status-changed" in response.headers["HX-Trigger"]
    assert 'id="status-line" hx-swap-oob="true"' in html
    assert 'id="current-status"' in html and "Under consideration" in html
    assert 'id="timeline" hx-swap-oob="innerHTML"' in html
    assert "The ministry acknowledged it." in html and "https://state.gov/b" in html
    assert "Recorded: Under consideration from 2024-01-10. Tracks: US government, Government of Japan." in html
    assert 'id="tracks" hx-swap-oob="true"' in html  # the track cards are refreshed too
    db.session.refresh(rec)
    assert rec.status == "under_consideration" and _count(rec) == {US: 2, JP: 2}


def test_plain_post_redirects_back_to_the_page(client, auth, rec):
    auth.login("researcher")
    response = _post_status(client, rec)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/recommendations/{rec.reference}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Recorded: Under consideration" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"effective_on": (date.today() + timedelta(days=3)).isoformat()}, "effective_on", "cannot be in the future"),
        ({"effective_on": "not a date"}, "effective_on", "Not a valid date"),
        ({"public_note": "   "}, "public_note", "A public note is required"),
        ({"public_note": "x" * 5001}, "public_note", "5000"),
        ({"evidence_urls": "javascript:alert(1)"}, "evidence_urls", "Not a valid http(s) link"),
        ({"to_status": "proposed"}, "to_status", "already"),
        ({"to_status": "nonsense"}, "to_status", "Not a valid choice"),
    ],
)
def test_bad_input_shows_error_next_to_field_and_writes_nothing(client, auth, rec, data, field, message):
    auth.login("researcher")
    response = _post_status(client, rec, headers=HX, **data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "HX-Trigger" not in response.headers
    assert re.search(f'aria-describedby="[^"]*{field}-error"', html)
    error = html.split(f'id="{field}-error">')[1].split("</p>")[0]
    assert message in error
    # Announced: a role="alert" summary naming the field, linked to it; the form asks the
    # script to focus the first field in error.
    summary = html.split('role="alert" id="status-form-errors">')[1].split("</div>")[0]
    assert message in summary and f'href="#{field}' in summary
    assert "data-focus-first-error" in html.split("<form")[1].split(">")[0]
    assert _count(rec) == {US: 1, JP: 1}


def test_bad_input_without_javascript_shows_full_page_with_error(client, auth, rec):
    auth.login("researcher")
    response = _post_status(client, rec, public_note="")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<html" in html and "A public note is required" in html


def test_double_submit_records_one_change(client, auth, rec):
    auth.login("researcher")
    assert _post_status(client, rec, headers=HX).status_code == 200
    again = _post_status(client, rec, headers=HX)
    assert again.status_code == 422 and "already" in again.get_data(as_text=True)
    assert _count(rec) == {US: 2, JP: 2}


def test_script_in_note_is_shown_inert(client, auth, rec):
    auth.login("researcher")
    response = _post_status(client, rec, headers=HX, public_note="<script>alert(1)</script>")
    html = response.get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_leadership_cannot_record_or_open_the_form(client, auth, rec):
    auth.login("leadership")
    assert client.get(f"/recommendations/{rec.reference}/status/new").status_code == 403
    page = client.get(f"/recommendations/{rec.reference}").get_data(as_text=True)
    assert 'id="status-form"' not in page
    assert _post_status(client, rec).status_code == 403
    assert _count(rec) == {US: 1, JP: 1}


def test_anonymous_is_sent_to_login(client, rec):
    response = client.get(f"/recommendations/{rec.reference}/status/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_unknown_reference_is_404(client, auth):
    auth.login("researcher")
    assert client.get("/recommendations/NEXT-1999-999/status/new").status_code == 404


def _recorded_by(user, rec):
    """One entry recorded by ``user`` (on both tracks); the US track's entry."""
    change = record_status_change(rec, "in_progress", date(2024, 2, 1), "Pilot started.", user=user)[0]
    db.session.commit()
    return change


def _retract(client, rec, change, reason, headers=None):
    token = csrf_token_from(client.get(f"/recommendations/{rec.reference}"))
    return client.post(f"/recommendations/{rec.reference}/status/{change.id}/retract",
                       data={"reason": reason, "csrf_token": token}, headers=headers or {})


def test_author_retracts_with_reason(client, auth, rec):
    user = auth.login("researcher")
    change = _recorded_by(user, rec)
    page = client.get(f"/recommendations/{rec.reference}").get_data(as_text=True)
    assert "Retract this entry" in page
    response = _retract(client, rec, change, "Wrong date: it was March.", headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "status-changed" in response.headers["HX-Trigger"]
    assert "Wrong date: it was March." in html and "is-retracted" in html
    assert 'id="status-line" hx-swap-oob="true"' in html
    db.session.refresh(rec)
    # Only the US entry is retracted: the US track falls back, Japan keeps its entry.
    assert rec.track(US).status == "proposed" and rec.track(JP).status == "in_progress"
    assert "Retract this entry for Government of Japan" in html


def test_retract_without_reason_is_refused(client, auth, rec):
    user = auth.login("researcher")
    change = _recorded_by(user, rec)
    response = _retract(client, rec, change, "", headers=HX)
    assert response.status_code == 422
    assert f'id="reason-{change.id}-error"' in response.get_data(as_text=True)
    assert _count(rec) == {US: 2, JP: 2}


def test_other_researcher_cannot_retract_but_admin_can(client, auth, rec):
    author = factories.UserFactory(role="researcher")
    change = _recorded_by(author, rec)
    auth.login("researcher")
    page = client.get(f"/recommendations/{rec.reference}").get_data(as_text=True)
    assert "Retract this entry" not in page
    assert _retract(client, rec, change, "Not mine").status_code == 403
    auth.logout()
    auth.login("admin")
    response = _retract(client, rec, change, "Duplicate entry")
    assert response.status_code == 302
    assert _count(rec) == {US: 3, JP: 2}  # one retraction, on the retracted entry's track


def test_column_board_move_panel_is_named_and_offers_the_next_status(client, auth):
    draft = factories.RecommendationFactory(first_status="draft", public_note="Drafted.")
    done = factories.RecommendationFactory(history=[(date(2024, 1, 5), "implemented", "Done.")])
    auth.login("researcher")
    html = client.get("/boards/column").get_data(as_text=True)
    assert re.search(r'id="move-panel"[^>]*role="region"[^>]*aria-label="[^"]+"', html)
    select = html.split(f'id="move-{draft.reference}"')[1].split("</select>")[0]
    assert re.findall(r'<option value="([a-z_]+)" selected>', select) == ["proposed"]
    closed = html.split(f'id="move-{done.reference}"')[1].split("</select>")[0]
    assert " selected" not in closed and closed.split("<option")[1].startswith(' value=""')
