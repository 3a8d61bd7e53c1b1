"""The web import (upload -> preview -> confirm -> progress) and the export downloads."""

import io

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_token_from
from tests.support import factories
from tracker.extensions import db
from tracker.models import Recommendation
from tracker.services.dataio import import_jobs

CSV = "title_en,topic,status,status_date\nSpace situational awareness,space,proposed,2024-02-01\n"


@pytest.fixture(autouse=True)
def work_dir(app, tmp_path):
    old = app.config["IMPORT_WORK_DIR"]
    app.config["IMPORT_WORK_DIR"] = str(tmp_path / "imports")
    yield
    app.config["IMPORT_WORK_DIR"] = old


@pytest.fixture
def topic():
    return factories.TopicAreaFactory(slug="space", name_en="Space")


def count():
    db.session.rollback()  # see what other sessions committed
    return db.session.execute(select(func.count()).select_from(Recommendation)).scalar_one()


def upload(client, body: bytes, filename="recs.csv", **extra):
    token = csrf_token_from(client.get("/import"))
    return client.post("/import", data={"csrf_token": token, "file": (io.BytesIO(body), filename), **extra},
                       content_type="multipart/form-data")


def test_upload_preview_then_confirm(client, auth, topic):
    auth.login("researcher")
    preview = upload(client, CSV.encode())
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "1 to create" in page and "Space situational awareness" in page
    assert count() == 0  # nothing written before confirming
    action = page.split('action="/import/')[1].split('"')[0]
    done = client.post(f"/import/{action}", data={"csrf_token": csrf_token_from(preview)},
                       follow_redirects=True)
    assert "Imported: 1 created" in done.get_data(as_text=True)
    assert count() == 1


def test_problems_are_listed_by_row_and_column(client, auth, topic):
    auth.login("admin")
    body = b"title_en,topic,status,status_date\nA,space,maybe,2024-01-01\nB,mars,proposed,2024-01-01\n"
    response = upload(client, body)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "2 problems" in page and "Unknown status" in page and "No topic" in page
    assert "Import now" not in page and count() == 0


def test_problems_and_file_errors_are_explained_in_the_readers_language(client, auth, topic):
    auth.login(factories.UserFactory(role="researcher", locale="ja"))
    body = "title_en,topic,status,status_date\nA,space,maybe,2024-01-01\nB,火星,proposed,2099-01-01\n"
    page = upload(client, body.encode("cp932")).get_data(as_text=True)
    assert "不明なステータス「maybe」です" in page
    assert "トピック「火星」が見つかりません" in page
    assert "2099-01-01 は未来の日付です。" in page
    assert "Unknown status" not in page and "No topic" not in page
    page = upload(client, b"", "recs.csv").get_data(as_text=True)
    assert "ファイルが空です。" in page and "The file is empty." not in page
    assert count() == 0


@pytest.mark.parametrize("body,filename,message,status", [
    (b"", "recs.csv", "The file is empty.", 400),
    (b"%PDF", "report.pdf", "is not a file we can import", 400),
    (b"x" * (50 * 1024 * 1024), "big.csv", "larger than 20 MB", 413),
])
def test_bad_files_get_a_clear_message_next_to_the_field(client, auth, body, filename, message, status):
    auth.login("researcher")
    response = upload(client, body, filename)
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert message in page and 'id="file-error"' in page


def test_large_import_runs_in_background_with_progress(client, auth, topic, app):
    app.config["IMPORT_BACKGROUND_ROWS"] = 1
    try:
        auth.login("researcher")
        body = "title_en,topic,status,status_date\n" + "".join(
            f"Rec {n},space,proposed,2024-02-01\n" for n in range(30))
        preview = upload(client, body.encode())
        token = preview.get_data(as_text=True).split('action="/import/')[1].split("/confirm")[0]
        response = client.post(f"/import/{token}/confirm", data={"csrf_token": csrf_token_from(preview)})
        assert response.status_code == 302
        import_jobs.threads[token].join(timeout=60)
        poll = client.get(f"/import/{token}", headers={"HX-Request": "true"})
        text = poll.get_data(as_text=True)
        assert "<html" not in text and "Imported: 30 created" in text
        assert 'hx-trigger="every 1s"' not in text  # polling stops when done
        assert count() == 30
    finally:
        app.config["IMPORT_BACKGROUND_ROWS"] = 500


def test_running_import_polls_itself(client, auth, topic):
    user = auth.login("researcher")
    token = import_jobs.save_upload(CSV.encode(), "recs.csv", user.id, False)
    state = import_jobs.read_state(token)
    import_jobs.write_state(token, {**state, "state": "running", "done": 3, "total": 10})
    page = client.get(f"/import/{token}").get_data(as_text=True)
    assert 'hx-trigger="every 1s"' in page and "3 of 10" in page


def test_leadership_may_export_but_not_import(client, auth, topic):
    factories.RecommendationFactory(topic=topic, internal_notes="Between us")
    auth.login("leadership")
    assert client.get("/import").status_code == 403
    staff = client.get("/export/recommendations.csv")
    assert staff.status_code == 200 and "Between us" in staff.get_data(as_text=True)
    assert "attachment" in staff.headers["Content-Disposition"]
    xlsx = client.get("/export/recommendations.xlsx?history=1")
    assert xlsx.data[:2] == b"PK"
    public = client.get("/export/public.json")
    assert public.status_code == 200 and "Between us" not in public.get_data(as_text=True)
    assert client.get("/export").status_code == 200


def test_anonymous_users_get_nothing(client):
    assert client.get("/export/public.csv").status_code == 302
    assert client.get("/import").status_code == 302


def _disagreeing(admin):
    """A recommendation implemented on 2017-05-03 (recorded by ``admin``) and a sheet that
    says not_adopted on that day."""
    from datetime import date

    from tracker.services.recommendations.status import record_status_change

    rec = factories.RecommendationFactory(effective_on=date(2017, 1, 20))
    record_status_change(rec, "implemented", date(2017, 5, 3), "Done.", user=admin)
    db.session.commit()
    return rec, f"reference,status,status_date\n{rec.reference},not_adopted,2017-05-03\n".encode()


def test_preview_lists_disagreements_and_writes_nothing_without_authoritative(client, auth):
    admin = auth.login("admin")
    rec, body = _disagreeing(admin)
    page = upload(client, body).get_data(as_text=True)
    assert "file: not_adopted on 2017-05-03; app: implemented" in page
    assert "NOT imported" in page


def test_authoritative_upload_lists_the_retraction_then_corrects(client, auth):
    admin = auth.login("admin")
    rec, body = _disagreeing(admin)
    preview = upload(client, body, authoritative="1")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200, page
    # The sheet's single status column applies to both governments' tracks: a warning per
    # row, and one correction per track.
    assert "status applied to every track: US government, Government of Japan" in page
    assert "2 entries of the app's history will be retracted" in page
    assert page.count("retracts 1 entry of 2017-05-03") == 2
    action = page.split('action="/import/')[1].split('"')[0]
    client.post(f"/import/{action}", data={"csrf_token": csrf_token_from(preview)})
    db.session.rollback()
    db.session.refresh(rec)
    assert rec.status == "not_adopted"
    assert [c.kind for c in rec.status_changes].count("retraction") == 2


def test_import_page_lists_the_accepted_values_in_english_and_japanese(client, auth):
    auth.login("researcher")
    page = client.get("/import").get_data(as_text=True)
    for text in ("not_adopted", "Not adopted", "不採用", "us_government", "US government",
                 "米国政府", "はい", "いいえ", "Accepted values of the coded columns"):
        assert text in page, text
    token = csrf_token_from(client.get("/import"))
    client.post("/language", data={"lang": "ja", "next": "/import", "csrf_token": token})
    page = client.get("/import").get_data(as_text=True)
    assert "コード列に使える値" in page and "不採用" in page and "not_adopted" in page


def test_preview_lets_the_user_choose_the_line_of_effort_of_new_topics(client, auth):
    """Regression (issue 20): "create missing" put every new topic in the first line of
    effort without a word."""
    from tracker.models import TopicArea

    auth.login("researcher")
    factories.LineOfEffortFactory(name_en="Foreign policy", position=1)
    economy = factories.LineOfEffortFactory(name_en="Economy", position=2)
    body = b"title_en,topic,status,status_date\nA,Trade,proposed,2024-02-01\n"
    preview = upload(client, body, create_missing="1")
    page = preview.get_data(as_text=True)
    assert "Line of effort of each new topic" in page and "Economy" in page
    action = page.split('action="/import/')[1].split('"')[0]
    client.post(f"/import/{action}", data={"csrf_token": csrf_token_from(preview),
                                           "new_topic": "Trade", "new_topic_line": str(economy.id)})
    db.session.rollback()
    topic = db.session.execute(select(TopicArea).filter_by(name_en="Trade")).scalar_one()
    assert topic.line_of_effort_id == economy.id


def test_preview_warns_that_new_publications_have_no_date(client, auth, topic):
    auth.login("researcher")
    body = b"title_en,topic,publication,status,status_date\nA,space,Report 2030,proposed,2024-02-01\n"
    page = upload(client, body, create_missing="1").get_data(as_text=True)
    assert "will have no publication date" in page and "will not be public" in page
    plain = upload(client, CSV.encode()).get_data(as_text=True)
    assert "no publication date" not in plain


def test_a_file_with_mixed_encodings_gets_a_file_error_and_no_preview(client, auth, topic):
    auth.login("researcher")
    body = (b"title_en,title_ja,topic,status,status_date\n"
            + "A,輸出管理,space,proposed,2024-02-01\n".encode()
            + "B,輸出管理,space,proposed,2024-02-01\n".encode("cp932"))
    response = upload(client, body)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "mixes text encodings" in page
    assert 'action="/import/' not in page and count() == 0
