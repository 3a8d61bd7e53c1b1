"""Import jobs whose worker died, and uploads nobody confirmed (issue 21)."""

import json
import os
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_token_from
from tests.support import factories
from tracker.extensions import db
from tracker.models import Recommendation
from tracker.services.dataio import import_jobs

CSV = ("title_en,topic,status,status_date\nSpace situational awareness,space,proposed,2024-02-01\n"
       "Lunar gateway cooperation,space,proposed,2024-02-01\n")


@pytest.fixture(autouse=True)
def _work_dir(app, tmp_path):
    before = app.config["IMPORT_WORK_DIR"]
    app.config["IMPORT_WORK_DIR"] = str(tmp_path / "imports")
    yield
    app.config["IMPORT_WORK_DIR"] = before


@pytest.fixture
def topic():
    return factories.TopicAreaFactory(slug="space", name_en="Space")


def count():
    db.session.rollback()  # see what the import committed
    return db.session.execute(select(func.count()).select_from(Recommendation)).scalar_one()


def _stall(app, token):
    """Make ``token`` look like a run whose worker was killed a while ago."""
    path = Path(app.config["IMPORT_WORK_DIR"]) / f"{token}.json"
    state = json.loads(path.read_text())
    state.update(state="running", done=1, total=2, heartbeat=time.time() - 3600)
    path.write_text(json.dumps(state))


def test_an_import_whose_worker_died_can_be_resumed(app, client, auth, topic):
    user = auth.login("researcher")
    token = import_jobs.save_upload(CSV.encode(), "recs.csv", user.id, False)
    _stall(app, token)
    page = client.get(f"/import/{token}")
    text = page.get_data(as_text=True)
    assert "stopped" in text and "Resume the import" in text and 'hx-trigger="every 1s"' not in text
    response = client.post(f"/import/{token}/resume", data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    assert "Imported:" in client.get(f"/import/{token}").get_data(as_text=True)
    assert count() == 2


def test_a_stalled_import_can_be_cancelled(app, client, auth, topic):
    user = auth.login("researcher")
    token = import_jobs.save_upload(CSV.encode(), "recs.csv", user.id, False)
    _stall(app, token)
    page = client.get(f"/import/{token}")
    client.post(f"/import/{token}/cancel", data={"csrf_token": csrf_token_from(page)})
    assert import_jobs.read_state(token)["state"] == "cancelled"
    assert not (Path(app.config["IMPORT_WORK_DIR"]) / f"{token}.upload").exists()
    assert count() == 0


def test_a_live_import_is_not_taken_for_stalled(auth, topic):
    user = auth.login("researcher")
    token = import_jobs.save_upload(CSV.encode(), "recs.csv", user.id, False)
    import_jobs.write_state(token, {**import_jobs.read_state(token), "state": "running"})
    assert import_jobs.read_state(token)["state"] == "running"


def test_unconfirmed_uploads_are_deleted_after_a_day(app, auth, topic):
    user = auth.login("researcher")
    old = import_jobs.save_upload(CSV.encode(), "old.csv", user.id, False)
    running = import_jobs.save_upload(CSV.encode(), "busy.csv", user.id, False)
    import_jobs.write_state(running, {**import_jobs.read_state(running), "state": "running"})
    folder = Path(app.config["IMPORT_WORK_DIR"])
    two_days_ago = time.time() - 2 * 86400
    for name in (f"{old}.json", f"{old}.upload", f"{running}.upload"):
        os.utime(folder / name, (two_days_ago, two_days_ago))
    fresh = import_jobs.save_upload(CSV.encode(), "new.csv", user.id, False)  # purges on the way
    assert import_jobs.read_state(old) is None and not (folder / f"{old}.upload").exists()
    assert import_jobs.read_state(running)["state"] == "running"
    assert import_jobs.read_state(fresh)["state"] == "uploaded"


def _die_after_first_batch(app, monkeypatch, token):
    """Run ``token``'s import as a worker that dies right after its first batch commits:
    batch 1 stays in the database, the state keeps its journal and stops moving."""
    from tracker.services.dataio import import_batches

    state = import_jobs.read_state(token)
    plan = import_jobs.load_plan(token, state)
    db.session.rollback()

    class WorkerDied(BaseException):
        pass

    def committed(journal):
        path = Path(app.config["IMPORT_WORK_DIR"]) / f"{token}.json"
        path.write_text(json.dumps({**state, "state": "running", "journal": journal.to_dict(),
                                    "heartbeat": time.time() - 3600}))
        raise WorkerDied

    monkeypatch.setattr(import_batches, "undo", lambda journal: None)  # nobody left to undo
    with pytest.raises(WorkerDied):
        import_batches.apply_in_batches(plan, batch_size=2, committed=committed)
    monkeypatch.undo()
    assert count() == 2  # the first batch is in


MANY = "title_en,topic,status,status_date\n" + "".join(
    f"Recommendation {n},space,proposed,2024-02-01\n" for n in range(5))


def test_cancelling_a_job_that_died_between_batches_takes_its_batches_back(app, client, auth, topic,
                                                                         monkeypatch):
    user = auth.login("researcher")
    token = import_jobs.save_upload(MANY.encode(), "many.csv", user.id, False)
    _die_after_first_batch(app, monkeypatch, token)
    page = client.get(f"/import/{token}")
    assert "taken back" in page.get_data(as_text=True)
    client.post(f"/import/{token}/cancel", data={"csrf_token": csrf_token_from(page)})
    assert count() == 0


def test_resuming_a_job_that_died_between_batches_imports_each_row_once(app, client, auth, topic,
                                                                       monkeypatch):
    user = auth.login("researcher")
    token = import_jobs.save_upload(MANY.encode(), "many.csv", user.id, False)
    _die_after_first_batch(app, monkeypatch, token)
    page = client.get(f"/import/{token}")
    client.post(f"/import/{token}/resume", data={"csrf_token": csrf_token_from(page)})
    assert count() == 5


def test_the_heartbeat_keeps_a_long_phase_alive(app, monkeypatch):
    """The heartbeat thread (which has no app context) rewrites the state file while a long
    phase runs, so the job is not taken for stalled."""
    monkeypatch.setattr(import_jobs, "HEARTBEAT_SECONDS", 0.05)
    token = import_jobs.save_upload(b"title_en\n", "one.csv", user_id=1, create_missing=False)
    latest = {**import_jobs.read_state(token), "state": "running", "done": 0}
    import_jobs.write_state(token, latest)
    written = import_jobs.read_state(token)["heartbeat"]
    with import_jobs._heartbeat(token, latest):
        latest["done"] = 5  # only the heartbeat writes the file while the block runs
        deadline = time.monotonic() + 5
        while import_jobs.read_state(token)["done"] != 5 and time.monotonic() < deadline:
            time.sleep(0.02)
    state = import_jobs.read_state(token)
    assert state["done"] == 5 and state["heartbeat"] > written
    assert state["state"] == "running"
