"""The status-change form and the recommendation page with per-government tracks (issue 16):
chosen tracks, agency, bad input per field, the backdating warning, the track cards and the
one timeline."""

import re
from datetime import date

import pytest

from tests.conftest import csrf_token_from
from tests.support import factories
from tests.test_forms_status import HX, JP, US, _count, _post_status
from tracker.extensions import db
from tracker.services.recommendations.status import record_status_change


@pytest.fixture
def rec():
    return factories.RecommendationFactory(title_en="Joint chip supply stockpile")


def _reload(rec):
    db.session.expire_all()
    return db.session.get(type(rec), rec.id)


def test_a_change_for_japan_only_leaves_the_us_track_unchanged(client, auth, rec):
    auth.login("researcher")
    response = _post_status(client, rec, headers=HX, tracks=[JP], to_status="in_progress")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Recorded: In progress from 2024-01-10. Tracks: Government of Japan." in html
    rec = _reload(rec)
    assert rec.track(JP).status == "in_progress" and rec.track(US).status == "proposed"
    assert _count(rec) == {US: 1, JP: 2}
    assert rec.status == "in_progress"  # overall: one government under way


def test_tracks_already_in_that_status_are_skipped_and_named(client, auth, rec):
    record_status_change(rec, "under_consideration", date(2024, 1, 5), "Japan reviews it.", tracks=[JP])
    db.session.commit()
    auth.login("researcher")
    response = _post_status(client, rec)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tracks: US government. Skipped, already in that status: Government of Japan." in page
    assert _count(rec) == {US: 2, JP: 2}


def test_every_track_is_checked_at_first(client, auth, rec):
    auth.login("researcher")
    html = client.get(f"/recommendations/{rec.reference}").get_data(as_text=True)
    form = html.split('id="status-form"')[1].split("</form>")[0]
    assert re.findall(r'<input checked[^>]*name="tracks"[^>]*value="([a-z_]+)"', form) == [US, JP]
    assert 'name="tracks_shown" value="1"' in form


def test_a_post_without_the_track_checkboxes_means_every_track(client, auth, rec):
    auth.login("researcher")
    assert _post_status(client, rec, tracks=[], tracks_shown="").status_code == 302
    assert _count(rec) == {US: 2, JP: 2}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"tracks": []}, "tracks", "Choose at least one"),  # no checkbox checked
        ({"tracks": [US, "private_sector"]}, "tracks", "has no private_sector track"),  # tampered
        ({"tracks": ["<script>"]}, "tracks", "has no"),
        ({"agency": "M" * 201}, "agency", "200"),
    ],
)
def test_bad_track_input_is_refused_next_to_the_field(client, auth, rec, data, field, message):
    auth.login("researcher")
    for headers in (HX, {}):
        response = _post_status(client, rec, headers=headers, **data)
        html = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "HX-Trigger" not in response.headers
        error = html.split(f'id="{field}-error">')[1].split("</p>")[0]
        assert message in error and "<script>" not in html.split('id="status-form"')[1]
        summary = html.split('role="alert" id="status-form-errors">')[1].split("</div>")[0]
        assert f'href="#{field}' in summary
    assert _count(rec) == {US: 1, JP: 1}
    assert _reload(rec).track(US).agency is None


def test_the_agency_narrows_the_chosen_tracks_and_is_suggested_later(client, auth, rec):
    auth.login("researcher")
    assert _post_status(client, rec, tracks=[JP], agency="  METI ").status_code == 302
    rec = _reload(rec)
    assert rec.track(JP).agency == "METI" and rec.track(US).agency is None
    other = factories.RecommendationFactory(title_en="Another one")
    html = client.get(f"/recommendations/{other.reference}").get_data(as_text=True)
    assert 'list="agency-suggestions"' in html
    assert '<datalist id="agency-suggestions"><option value="METI"></option></datalist>' in html
    page = client.get(f"/recommendations/{rec.reference}").get_data(as_text=True)
    card = page.split('id="track-government_of_japan"')[1].split("</section>")[0]
    assert "METI" in card


@pytest.fixture
def advanced(rec):
    """Both tracks in progress since 2024-03-01."""
    record_status_change(rec, "in_progress", date(2024, 3, 1), "Pilot started.")
    db.session.commit()
    return rec


def _confirm_fields(html: str) -> dict:
    seen = re.search(r'name="backdate_seen" type="hidden" value="([^"]*)"', html)
    if seen is None:
        seen = re.search(r'name="backdate_seen"[^>]*value="([^"]*)"', html)
    key = re.search(r'name="submission_key"[^>]*value="([^"]*)"', html)
    return {"backdate_seen": seen.group(1), "confirm_backdate": "y", "submission_key": key.group(1)}


@pytest.mark.parametrize("headers", [HX, {}], ids=["htmx", "plain"])
def test_a_backdated_change_is_warned_about_before_anything_is_written(client, auth, advanced, headers):
    rec = advanced
    auth.login("researcher")
    first = _post_status(client, rec, headers=headers, effective_on="2024-01-10")
    html = first.get_data(as_text=True)
    assert first.status_code == 200 and "HX-Trigger" not in first.headers
    assert ("<html" in html) == (headers == {})
    warning = html.split('id="effective_on-warning">')[1].split("</div>")[0]
    assert "Not recorded yet" in warning
    for label in ("US government", "Government of Japan"):
        assert (f"{label}: lands before the entry of 2024-03-01 (In progress). "
                "Its current status after saving: In progress.") in warning
    assert 'name="confirm_backdate"' in warning
    # The warning sits right after the date field.
    assert html.index('id="effective_on-field"') < html.index('id="effective_on-warning"') < html.index('id="agency-field"')
    assert _count(rec) == {US: 2, JP: 2}
    confirmed = _post_status(client, rec, headers=headers, effective_on="2024-01-10", **_confirm_fields(html))
    assert confirmed.status_code == (200 if headers else 302)
    rec = _reload(rec)
    assert _count(rec) == {US: 3, JP: 3}
    assert rec.track(US).status == "in_progress" and rec.track(JP).status == "in_progress"


def test_the_warning_names_what_the_status_will_be_per_track(client, auth, rec):
    # Japan in progress since March; the US only proposed. A "not adopted" dated in
    # February lands before Japan's March entry (Japan stays in progress) but becomes the
    # US track's current status: only Japan is warned about.
    record_status_change(rec, "in_progress", date(2024, 3, 1), "Japan began.", tracks=[JP])
    db.session.commit()
    auth.login("researcher")
    html = _post_status(client, rec, headers=HX, to_status="not_adopted", effective_on="2024-02-01").get_data(as_text=True)
    warning = html.split('id="effective_on-warning">')[1].split("</div>")[0]
    assert "Government of Japan: lands before the entry of 2024-03-01 (In progress)" in warning
    assert "US government" not in warning
    # Retracting-free check of the rule: Japan's last entry stays the one in force.
    assert "Its current status after saving: In progress." in warning
    assert _count(rec) == {US: 1, JP: 2}


def test_the_confirmation_covers_only_what_was_warned_about(client, auth, advanced):
    rec = advanced
    auth.login("researcher")
    html = _post_status(client, rec, headers=HX, effective_on="2024-01-10").get_data(as_text=True)
    fields = _confirm_fields(html)
    # The user changes the status after the warning: warned again, nothing written.
    again = _post_status(client, rec, headers=HX, effective_on="2024-01-10", to_status="not_adopted", **fields)
    assert again.status_code == 200 and 'id="effective_on-warning"' in again.get_data(as_text=True)
    assert "Its current status after saving: In progress." in again.get_data(as_text=True)
    # Confirming without the checkbox: warned again.
    fields.pop("confirm_backdate")
    assert 'id="effective_on-warning"' in _post_status(client, rec, headers=HX, effective_on="2024-01-10",
                                                       **fields).get_data(as_text=True)
    assert _count(rec) == {US: 2, JP: 2}


def test_a_change_after_the_current_entry_is_not_warned_about(client, auth, advanced):
    auth.login("researcher")
    response = _post_status(client, advanced, headers=HX, to_status="implemented", effective_on="2024-04-01")
    assert response.status_code == 200 and "status-changed" in response.headers["HX-Trigger"]
    assert _count(advanced) == {US: 3, JP: 3}


def test_the_page_shows_the_tracks_side_by_side_and_one_timeline(client, auth, rec):
    record_status_change(rec, "in_progress", date(2024, 3, 1), "Japan began.", tracks=[JP], agency="METI")
    record_status_change(rec, "under_consideration", date(2024, 2, 1), "Both looked at it.")
    db.session.commit()
    auth.login("leadership")
    html = client.get(f"/recommendations/{rec.reference}").get_data(as_text=True)
    cards = html.split('id="tracks"')[1].split('id="timeline"')[0]
    us = cards.split('id="track-us_government"')[1].split("</section>")[0]
    jp = cards.split('id="track-government_of_japan"')[1].split("</section>")[0]
    assert "US government" in us and "Under consideration" in us and "since 2024-02-01" in us
    assert "Government of Japan" in jp and "METI" in jp and "In progress" in jp and "since 2024-03-01" in jp
    timeline = html.split('<ol class="timeline">')[1].split("</ol>")[0]
    rows = timeline.split('<li class="timeline-entry')[1:]
    assert len(rows) == 3  # Japan's March entry; February on both; the first entry on both
    assert "Japan began." in rows[0] and "track-government_of_japan" in rows[0] and "track-us_government" not in rows[0]
    assert "Both looked at it." in rows[1]
    assert re.findall(r'track-chip track-([a-z_]+)', rows[1]) == [US, JP]
    assert 'id="status-form"' not in html  # leadership reads only


def test_the_create_form_preselects_both_governments_and_dates_from_the_publication(client, auth):
    pub = factories.PublicationFactory(slug="report-2022", published_on=date(2022, 11, 15))
    auth.login("researcher")
    html = client.get("/recommendations/new").get_data(as_text=True)
    checked = re.findall(r'<input checked[^>]*name="addressees"[^>]*value="([a-z_]+)"', html)
    assert checked == [US, JP] and "both_governments" not in html
    date_input = re.search(r'<input[^>]*name="first_effective_on"[^>]*>', html).group(0)
    assert 'value=""' in date_input or "value=" not in date_input
    assert "publication" in html.split('id="first_effective_on-help">')[1].split("</p>")[0]
    html = client.get(f"/recommendations/new?publication={pub.slug}").get_data(as_text=True)
    assert "2022-11-15" in html.split('id="first_effective_on-help">')[1].split("</p>")[0]


def test_the_list_filter_does_not_offer_both_governments(client, auth):
    auth.login("researcher")
    html = client.get("/").get_data(as_text=True)
    select = html.split('id="filter-addressee"')[1].split("</select>")[0]
    assert "both_governments" not in select and 'value="government_of_japan"' in select


def test_csrf_is_still_required(client, auth, rec):
    auth.login("researcher")
    token = csrf_token_from(client.get(f"/recommendations/{rec.reference}"))
    assert token
    response = client.post(f"/recommendations/{rec.reference}/status",
                           data={"to_status": "in_progress", "effective_on": "2024-01-10", "public_note": "x",
                                 "tracks": [JP], "tracks_shown": "1"})
    assert response.status_code in (400, 403)
    assert _count(rec) == {US: 1, JP: 1}


def test_a_blank_first_date_is_the_publication_date(client, auth):
    from tests.test_forms_recommendation import _new_payload
    from tracker.models import Recommendation

    topic = factories.TopicAreaFactory(name_en="Cybersecurity")
    pub = factories.PublicationFactory(slug="report-2021", published_on=date(2021, 6, 30))
    auth.login("researcher")
    payload = _new_payload(client, topic, first_status="proposed", first_effective_on="",
                           first_note="Published.", publication=str(pub.id))
    payload.pop("addressees")  # as the form comes: both governments checked
    html = client.get("/recommendations/new").get_data(as_text=True)
    payload["addressees"] = re.findall(r'<input checked[^>]*name="addressees"[^>]*value="([a-z_]+)"', html)
    assert client.post("/recommendations/new", data=payload).status_code == 302
    rec = db.session.execute(db.select(Recommendation)).scalar_one()
    assert [t.addressee for t in rec.tracks] == [US, JP]
    assert rec.track(US).status_since == rec.track(JP).status_since == date(2021, 6, 30)
