"""Create and edit recommendations: the form, on-blur checks, preview, stale edits."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_token_from
from tests.support import factories
from tracker.extensions import db
from tracker.models import Recommendation

HX = {"HX-Request": "true"}


def _count() -> int:
    return db.session.execute(select(func.count()).select_from(Recommendation)).scalar_one()


def _form_values(html: str) -> dict:
    values = {"csrf_token": csrf_token_from_html(html)}
    for name in ("submission_key", "version", "seen"):
        match = re.search(rf'id="{name}" name="{name}" type="hidden" value="([^"]*)"', html)
        if match:
            values[name] = match.group(1).replace("&#34;", '"')
    return values


def csrf_token_from_html(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


@pytest.fixture
def topic():
    return factories.TopicAreaFactory(name_en="Cybersecurity")


def _new_payload(client, topic_area, **data):
    html = client.get("/recommendations/new").get_data(as_text=True)
    payload = {**_form_values(html), "title_en": "Joint cyber exercises", "title_ja": "",
               "text_ja": "日米は**共同演習**を拡大すべきである。", "addressees": ["us_government", "government_of_japan"],
               "topic": str(topic_area.id), "first_status": "draft"}
    payload.update(data)
    return payload


def test_new_form_renders_with_labels_and_defaults(client, auth, topic):
    auth.login("researcher")
    response = client.get("/recommendations/new")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in html
    for label in ("Title (English)", "Title (Japanese)", "Text (English)", "Addressees", "Topic area",
                  "Source event", "Publication", "Supersedes / repeats", "Internal notes", "First status"):
        assert label in html
    assert '<label for="title_en">' in html and "Cybersecurity" in html
    partial = client.get("/recommendations/new", headers=HX).get_data(as_text=True)
    assert "<html" not in partial and 'id="recommendation-form"' in partial


def test_create_with_japanese_text_as_draft(client, auth, topic):
    user = auth.login("researcher")
    response = client.post("/recommendations/new", data=_new_payload(client, topic))
    assert response.status_code == 302
    rec = db.session.execute(select(Recommendation)).scalar_one()
    assert response.headers["Location"].endswith(f"/recommendations/{rec.reference}")
    assert re.fullmatch(r"NEXT-\d{4}-001", rec.reference)
    assert rec.status == "draft" and rec.created_by_id == user.id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<strong>共同演習</strong>" in page and f"Recommendation {rec.reference} created." in page


def test_create_with_a_first_status(client, auth, topic):
    auth.login("researcher")
    payload = _new_payload(client, topic, first_status="proposed", first_effective_on="2024-05-01",
                           first_note="Published in the 2024 report.")
    assert client.post("/recommendations/new", data=payload).status_code == 302
    rec = db.session.execute(select(Recommendation)).scalar_one()
    assert rec.status == "proposed" and rec.status_since == date(2024, 5, 1)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title_en": "", "title_ja": ""}, "title_en", "Give a title in English or Japanese"),
        ({"title_en": "x" * 501}, "title_en", "500"),
        ({"topic": ""}, "topic", "Choose a topic area"),
        ({"topic": "99999"}, "topic", "Not a valid choice"),
        ({"addressees": []}, "addressees", "Choose at least one addressee"),
        ({"addressees": ["mars"]}, "addressees", "not a valid choice"),
        ({"supersedes": "NEXT-1999-001"}, "supersedes", "There is no recommendation NEXT-1999-001"),
        ({"first_status": "proposed", "first_note": ""}, "first_note", "Say what happened"),
        ({"first_status": "proposed", "first_note": "x",
          "first_effective_on": (date.today() + timedelta(days=3)).isoformat()}, "first_effective_on", "future"),
    ],
)
def test_create_bad_input_keeps_input_and_writes_nothing(client, auth, topic, data, field, message):
    auth.login("researcher")
    payload = _new_payload(client, topic, internal_notes="<script>alert(1)</script>", **data)
    response = client.post("/recommendations/new", data=payload)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html.split(f'id="{field}-error">')[1].split("</p>")[0]
    assert re.search(f'aria-describedby="[^"]*{field}-error"', html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert _count() == 0


def test_double_submit_creates_one_recommendation(client, auth, topic):
    auth.login("researcher")
    payload = _new_payload(client, topic)
    first = client.post("/recommendations/new", data=payload)
    second = client.post("/recommendations/new", data=payload)
    assert second.status_code == 302 and second.headers["Location"] == first.headers["Location"]
    assert _count() == 1


def test_on_blur_validation_returns_the_field_with_its_error(client, auth, topic):
    auth.login("researcher")
    token = csrf_token_from(client.get("/recommendations/new"))
    response = client.post("/recommendations/validate?field=supersedes", headers={**HX, "X-CSRFToken": token},
                           data={"supersedes": "next-2000-001", "title_en": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<div class="field') and 'id="supersedes-field"' in html
    assert "There is no recommendation NEXT-2000-001" in html and 'aria-invalid="true"' in html
    assert 'hx-post="/recommendations/validate?field=supersedes"' in html
    # The other title is not nagged about while the user is still filling the form.
    title = client.post("/recommendations/validate?field=title_en", headers={**HX, "X-CSRFToken": token},
                        data={"title_en": ""}).get_data(as_text=True)
    assert "error" not in title
    fixed = client.post("/recommendations/validate?field=supersedes", headers={**HX, "X-CSRFToken": token},
                        data={"supersedes": ""}).get_data(as_text=True)
    assert "There is no" not in fixed
    assert client.post("/recommendations/validate?field=csrf_token", headers={**HX, "X-CSRFToken": token}).status_code == 400


def test_markdown_preview_is_sanitized(client, auth):
    auth.login("researcher")
    token = csrf_token_from(client.get("/"))
    response = client.post("/recommendations/preview?field=text_en", headers={**HX, "X-CSRFToken": token},
                           data={"text_en": "**Bold** <script>alert(1)</script> [x](javascript:alert(1))"})
    html = response.get_data(as_text=True)
    assert "<strong>Bold</strong>" in html
    assert "<script>" not in html and "href=\"javascript:" not in html  # shown as text, never a link
    assert client.post("/recommendations/preview?field=title_en", headers={"X-CSRFToken": token}).status_code == 400


def _edit_page(client, rec):
    return client.get(f"/recommendations/{rec.reference}/edit").get_data(as_text=True)


def _edit_payload(html, rec, **data):
    payload = {**_form_values(html), "title_en": rec.title_en or "", "title_ja": rec.title_ja or "",
               "text_en": rec.text_en or "", "addressees": rec.addressees, "topic": str(rec.topic_id),
               "publication": str(rec.publication_id or ""), "event": ""}
    payload.update(data)
    return payload


def test_edit_saves_and_bumps_version(client, auth):
    rec = factories.RecommendationFactory(title_en="Old title")
    auth.login("researcher")
    html = _edit_page(client, rec)
    assert 'value="Old title"' in html
    response = client.post(f"/recommendations/{rec.reference}/edit", data=_edit_payload(html, rec, title_en="New title", priority="y"))
    assert response.status_code == 302
    db.session.refresh(rec)
    assert rec.title_en == "New title" and rec.priority and rec.version == 2


def test_stale_edit_of_other_fields_is_merged(client, auth):
    """They changed the title, I changed the text: both are saved (the old behaviour
    refused my save, and saving again then erased their title)."""
    rec = factories.RecommendationFactory(title_en="Original", text_en="Original text")
    auth.login("researcher")
    mine = _edit_page(client, rec)
    theirs = _edit_page(client, rec)
    assert client.post(f"/recommendations/{rec.reference}/edit",
                       data=_edit_payload(theirs, rec, title_en="Their title")).status_code == 302
    response = client.post(f"/recommendations/{rec.reference}/edit",
                           data=_edit_payload(mine, rec, title_en="Original", text_en="My text"))
    assert response.status_code == 302
    db.session.refresh(rec)
    assert rec.title_en == "Their title" and rec.text_en == "My text" and rec.version == 3


def test_stale_edit_of_the_same_field_is_shown_side_by_side(client, auth):
    topic = factories.TopicAreaFactory(name_en="Space")
    rec = factories.RecommendationFactory(title_en="Original", text_en="Original text", priority=False)
    original_topic = str(rec.topic_id)
    auth.login("researcher")
    mine = _edit_page(client, rec)
    theirs = _edit_page(client, rec)
    assert client.post(f"/recommendations/{rec.reference}/edit", data=_edit_payload(
        theirs, rec, title_en="Their title", topic=str(topic.id))).status_code == 302
    response = client.post(f"/recommendations/{rec.reference}/edit", data=_edit_payload(
        mine, rec, title_en="My title", text_en="My text", priority="y", topic=original_topic))
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    conflict = html.split('id="conflict"')[1].split("</div>\n")[0]
    row = conflict.split('<th scope="row">Title (English)</th>')[1].split("</tr>")[0]
    assert "Their title" in row and "My title" in row and 'name="choose_title_en"' in row
    assert "Text (English)" not in conflict.split("<table")[1]  # only I changed it: no question
    assert "Topic area" in conflict.split("<table")[0]  # only they changed it: kept, and said so
    db.session.refresh(rec)
    assert rec.title_en == "Their title" and rec.text_en == "Original text" and rec.topic_id == topic.id
    # The form now shows their topic (saving it again must not undo it), and my text.
    assert _selected(html.split('id="recommendation-form"')[1], "topic") == [str(topic.id)]
    assert "My text" in html

    # Keep theirs for the title: their title and topic stay, my text and priority are saved.
    again = client.post(f"/recommendations/{rec.reference}/edit", data=_edit_payload(
        html, rec, title_en="My title", text_en="My text", priority="y", topic=str(topic.id),
        choose_title_en="theirs"))
    assert again.status_code == 302
    db.session.refresh(rec)
    assert (rec.title_en, rec.text_en, rec.topic_id, rec.priority) == ("Their title", "My text", topic.id, True)


def test_stale_edit_choosing_mine_saves_mine(client, auth):
    rec = factories.RecommendationFactory(title_en="Original")
    auth.login("researcher")
    mine, theirs = _edit_page(client, rec), _edit_page(client, rec)
    client.post(f"/recommendations/{rec.reference}/edit", data=_edit_payload(theirs, rec, title_en="Their title"))
    html = client.post(f"/recommendations/{rec.reference}/edit",
                       data=_edit_payload(mine, rec, title_en="My title")).get_data(as_text=True)
    again = client.post(f"/recommendations/{rec.reference}/edit",
                        data=_edit_payload(html, rec, title_en="My title", choose_title_en="mine"))
    assert again.status_code == 302
    db.session.refresh(rec)
    assert rec.title_en == "My title" and rec.version == 3


def test_three_way_merge_rule():
    from tracker.domain.merge import three_way

    base = {k: f"d:{v}" for k, v in {"a": 1, "b": 1, "c": 1, "d": 1, "e": 1}.items()}
    merge = three_way(base, {"a": 2, "b": 1, "c": 3, "d": 4, "e": 1},
                      {"a": 1, "b": 2, "c": 5, "d": 4, "e": 1}, lambda v: f"d:{v}")
    assert (merge.mine, merge.kept, merge.conflicts) == (["a"], ["b"], ["c"])
    # A field the form did not fingerprint counts as changed on both sides.
    assert three_way({}, {"a": 1}, {"a": 2}, str).conflicts == ["a"]


def test_double_submitted_edit_is_not_a_conflict(client, auth):
    rec = factories.RecommendationFactory(title_en="Original")
    auth.login("researcher")
    payload = _edit_payload(_edit_page(client, rec), rec, title_en="Changed once")
    assert client.post(f"/recommendations/{rec.reference}/edit", data=payload).status_code == 302
    assert client.post(f"/recommendations/{rec.reference}/edit", data=payload).status_code == 302
    db.session.refresh(rec)
    assert rec.version == 2


def test_edit_cannot_supersede_itself(client, auth):
    rec = factories.RecommendationFactory()
    auth.login("researcher")
    response = client.post(f"/recommendations/{rec.reference}/edit",
                           data=_edit_payload(_edit_page(client, rec), rec, supersedes=rec.reference))
    assert response.status_code == 422 and "cannot supersede itself" in response.get_data(as_text=True)


def test_edit_supersede_cycle_is_refused(client, auth):
    first = factories.RecommendationFactory()
    second = factories.RecommendationFactory(supersedes=first)
    auth.login("researcher")
    response = client.post(f"/recommendations/{first.reference}/edit",
                           data=_edit_payload(_edit_page(client, first), first, supersedes=second.reference))
    assert response.status_code == 422 and "even through others" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/recommendations/new", "/recommendations/{ref}/edit"])
def test_leadership_gets_403(client, auth, path):
    rec = factories.RecommendationFactory()
    auth.login("leadership")
    assert client.get(path.format(ref=rec.reference)).status_code == 403
    assert "New recommendation" not in client.get("/").get_data(as_text=True)


def test_edit_of_unknown_reference_is_404(client, auth):
    auth.login("researcher")
    assert client.get("/recommendations/NEXT-1990-001/edit").status_code == 404


# --- Faster entry: start from a publication, save and add another, duplicates ----------


@pytest.fixture
def report():
    """A publication with three earlier entries: two share an event, topic and addressees."""
    line = factories.LineOfEffortFactory(name_en="Economic security")
    cyber = factories.TopicAreaFactory(name_en="Cybersecurity", line_of_effort=line)
    space = factories.TopicAreaFactory(name_en="Space")
    event = factories.EventFactory(title_en="Tokyo roundtable")
    pub = factories.PublicationFactory(slug="report-2024", title_en="2024 report")
    for topic_area, ev, who in ((cyber, event, ("us_government", "government_of_japan")),
                                (space, None, ("private_sector",)),
                                (cyber, event, ("us_government", "government_of_japan"))):
        factories.RecommendationFactory(publication=pub, topic=topic_area, event=ev, addressees=who,
                                        title_en=f"Earlier entry on {topic_area.name_en} {len(who)}")
    return {"pub": pub, "event": event, "cyber": cyber}


def _selected(html: str, name: str) -> list[str]:
    select = html.split(f'id="{name}" name="{name}"')[1].split("</select>")[0]
    return re.findall(r'<option selected value="([^"]*)"', select)


def test_start_from_a_publication_prefills_its_most_common_values(client, auth, report):
    auth.login("researcher")
    for key in ("report-2024", str(report["pub"].id)):
        html = client.get(f"/recommendations/new?publication={key}").get_data(as_text=True)
        form = html.split('id="recommendation-form"')[1]
        assert _selected(form, "publication") == [str(report["pub"].id)]
        assert _selected(form, "event") == [str(report["event"].id)]
        assert _selected(form, "topic") == [str(report["cyber"].id)]
        checked = re.findall(r'<input checked id="addressees-\d" name="addressees"[^>]*value="([a-z_]+)"', form)
        assert sorted(checked) == ["government_of_japan", "us_government"]
    # The picker on the form names the publication; an unknown one pre-fills nothing.
    assert "Start from a publication" in html
    plain = client.get("/recommendations/new?publication=nope").get_data(as_text=True)
    assert _selected(plain.split('id="recommendation-form"')[1], "topic") == []


def test_save_and_add_another_keeps_publication_event_topic_and_addressees(client, auth, report):
    auth.login("researcher")
    html = client.get("/recommendations/new?publication=report-2024").get_data(as_text=True)
    payload = {**_form_values(html), "title_en": "Open a bilateral cyber hotline", "first_status": "draft",
               "publication": str(report["pub"].id), "event": str(report["event"].id),
               "topic": str(report["cyber"].id), "addressees": ["us_government", "private_sector"],
               "then": "another"}
    response = client.post("/recommendations/new", data=payload)
    assert response.status_code == 302 and "/recommendations/new?" in response.headers["Location"]
    created = db.session.execute(select(Recommendation).where(
        Recommendation.title_en == "Open a bilateral cyber hotline")).scalar_one()
    again = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Recommendation {created.reference} created." in again
    form = again.split('id="recommendation-form"')[1]
    assert _selected(form, "publication") == [str(report["pub"].id)]
    assert _selected(form, "event") == [str(report["event"].id)]
    assert _selected(form, "topic") == [str(report["cyber"].id)]
    checked = re.findall(r'<input checked id="addressees-\d" name="addressees"[^>]*value="([a-z_]+)"', form)
    assert sorted(checked) == ["private_sector", "us_government"]  # what was saved, not the guess
    assert 'value="Open a bilateral cyber hotline"' not in form and 'data-autofocus="title_en"' in again
    # Plain "Create" still goes to the new recommendation.
    payload2 = {**_form_values(again), **{k: v for k, v in payload.items() if k != "then"},
                "title_en": "A different thing altogether"}
    payload2["submission_key"] = _form_values(again)["submission_key"]
    assert "/recommendations/NEXT-" in client.post("/recommendations/new", data=payload2).headers["Location"]


def test_form_documents_its_keyboard_shortcuts(client, auth):
    auth.login("researcher")
    html = client.get("/recommendations/new").get_data(as_text=True)
    assert "Ctrl+Enter" in html and "Ctrl+Shift+Enter" in html and "data-shortcuts" in html
    assert 'data-shortcut="save"' in html and 'data-shortcut="another"' in html


@pytest.mark.parametrize(("title_en", "title_ja"), [
    ("Strengthen  Export-Control  coordination!", ""),  # case, spaces and punctuation
    ("Strengthen export control coordinaton", ""),  # one letter off: ratio >= 0.9
    ("", "輸出管理の連携を強化する。"),  # the Japanese title, full-width punctuation
    ("Something else entirely", "ＡＩ安全研究所の共同設立"),  # NFKC: full-width letters
])
def test_duplicate_title_in_the_same_publication_is_warned_once(client, auth, title_en, title_ja):
    pub = factories.PublicationFactory()
    first = factories.RecommendationFactory(publication=pub, title_en="Strengthen export control coordination",
                                            title_ja="輸出管理の連携を強化する")
    factories.RecommendationFactory(publication=pub, title_en="Joint AI safety institute",
                                    title_ja="AI安全研究所の共同設立")
    auth.login("researcher")
    payload = _new_payload(client, first.topic, publication=str(pub.id), title_en=title_en, title_ja=title_ja)
    response = client.post("/recommendations/new", data=payload)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and _count() == 2  # not saved yet
    warning = html.split('id="duplicates"')[1].split("</div>")[0]
    assert 'role="alert"' in html.split('id="duplicates"')[0][-80:]
    assert "/recommendations/NEXT-" in warning and "very close" in warning
    # Saving again (the form now carries what it warned about) creates it anyway.
    again = {**payload, "duplicates_seen": re.search(r'id="duplicates_seen" name="duplicates_seen" type="hidden" value="([^"]*)"', html).group(1)}
    assert client.post("/recommendations/new", data=again).status_code == 302
    assert _count() == 3


def test_a_close_title_in_another_publication_is_not_a_duplicate(client, auth, topic):
    factories.RecommendationFactory(title_en="Joint cyber exercises")  # its own publication
    auth.login("researcher")
    payload = _new_payload(client, topic, publication="")
    assert client.post("/recommendations/new", data=payload).status_code == 302
    assert _count() == 2


def test_errors_are_announced_and_listed_with_links(client, auth, topic):
    auth.login("researcher")
    html = client.post("/recommendations/new", data=_new_payload(client, topic, title_en="", addressees=[])
                       ).get_data(as_text=True)
    summary = html.split('role="alert" id="form-errors">')[1].split("</div>")[0]
    assert 'href="#title_en"' in summary and 'href="#addressees-0"' in summary
    assert "data-focus-first-error" in html
