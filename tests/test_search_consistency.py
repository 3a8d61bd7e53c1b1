"""The index follows the database: failed index writes, lost or old index folders,
bulk statements, several servers, rebuilds while searching, and `search check`."""

import shutil
import threading
from pathlib import Path

from sqlalchemy import delete, update

from tests.support import factories as f
from tracker import search
from tracker.extensions import db
from tracker.models import Recommendation
from tracker.search import store, sync


def index_dir(app) -> Path:
    return Path(app.config["SEARCH_INDEX_DIR"])


def found(text):
    return set(search.search(text, per_page=None).ids)


def test_a_failed_index_write_never_fails_the_commit_and_is_caught_up(app, monkeypatch):
    def broken(ids):
        raise store.IndexBusy("simulated")

    monkeypatch.setattr(sync, "apply", broken)
    rec = f.RecommendationFactory(title_en="Undersea cable protection")  # commits fine
    monkeypatch.undo()
    assert search.drift()["missing"] == [rec.id]
    assert found("undersea") == {rec.id}
    assert search.drift() == {"missing": [], "stale": [], "orphan": []}


def test_a_deleted_index_folder_is_rebuilt_on_the_next_search(app):
    recs = [f.RecommendationFactory(title_en=f"Maritime domain awareness {i}") for i in range(3)]
    shutil.rmtree(index_dir(app))
    assert found("maritime") == {r.id for r in recs}


def test_an_index_restored_from_an_old_backup_converges(app, tmp_path):
    old = f.RecommendationFactory(title_en="Talent exchange programme")
    backup = tmp_path / "backup"
    shutil.copytree(index_dir(app), backup)
    new = f.RecommendationFactory(title_en="Talent exchange for researchers")
    old.archived_at = old.created_at
    db.session.commit()
    shutil.rmtree(index_dir(app))
    shutil.copytree(backup, index_dir(app))
    assert found("talent") == {new.id}


def test_bulk_statements_reach_the_index(app):
    a = f.RecommendationFactory(title_en="Critical minerals stockpile")
    b = f.RecommendationFactory(title_en="Critical minerals recycling")
    db.session.execute(update(Recommendation).where(Recommendation.id == a.id)
                       .values(title_en="Rare earth stockpile"))
    db.session.commit()
    assert found("rare") == {a.id}
    db.session.execute(delete(Recommendation).where(Recommendation.id == b.id))
    db.session.commit()
    assert found("minerals") == set()


def test_two_servers_with_their_own_index_folders_converge(app, tmp_path, monkeypatch):
    rec = f.RecommendationFactory(title_en="Joint exercise planning")  # written by server A
    folder_a = app.config["SEARCH_INDEX_DIR"]
    monkeypatch.setitem(app.config, "SEARCH_INDEX_DIR", str(tmp_path / "server-b"))
    assert found("exercise") == {rec.id}  # server B catches up from the database
    rec.title_en = "Joint command and control exercise"  # written by server B
    db.session.commit()
    monkeypatch.setitem(app.config, "SEARCH_INDEX_DIR", folder_a)
    assert found("command") == {rec.id}  # server A had no hook for it


def test_reindex_swaps_in_a_new_index_while_searches_keep_working(app):
    for i in range(30):
        f.RecommendationFactory(title_en=f"Satellite resilience {i}")
    totals, errors = [], []
    stop = threading.Event()

    def searching():
        with app.app_context():
            while not stop.is_set():
                try:
                    totals.append(search.search("satellite", facets=False).total)
                except Exception as exc:  # noqa: BLE001 - any failure fails the test
                    errors.append(exc)
                finally:
                    db.session.remove()

    before = store.current_path(index_dir(app))
    thread = threading.Thread(target=searching)
    thread.start()
    try:
        for _ in range(3):
            assert sync.rebuild() == 30
    finally:
        stop.set()
        thread.join(30)
    assert not errors
    assert totals and set(totals) == {30}
    assert store.current_path(index_dir(app)) != before
    retired = [g for g in index_dir(app).glob("gen-*") if (g / store.RETIRED).exists()]
    assert len(retired) == 3  # kept a while for searches still reading them


def test_cli_check_reports_drift_and_reindex_fixes_it(app, monkeypatch):
    runner = app.test_cli_runner()
    rec = f.RecommendationFactory(title_en="Digital currency standards")
    assert runner.invoke(args=["search", "check"]).exit_code == 0
    monkeypatch.setattr(sync, "apply", lambda ids: None)
    other = f.RecommendationFactory(title_en="Quantum research security")
    rec.title_en = "Digital currency interoperability"
    db.session.commit()
    monkeypatch.undo()
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 1
    assert f"missing: 1 ({other.id})" in result.output and f"stale: 1 ({rec.id})" in result.output
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0 and "Indexed 2 recommendations" in result.output
    assert runner.invoke(args=["search", "check"]).exit_code == 0


def test_a_rename_the_hooks_missed_is_found_by_check_and_caught_up(app):
    """A topic, event or publication renamed without the session hooks (raw SQL, or a
    process that died before indexing): ``search check`` reports the documents that show
    the old name, and the catch-up fixes them."""
    from sqlalchemy import text

    topic = f.TopicAreaFactory(name_en="Outer space", name_ja="宇宙")
    event = f.EventFactory(title_en="Tokyo dialogue")
    rec = f.RecommendationFactory(title_en="Launch cooperation", topic=topic, event=event)
    other = f.RecommendationFactory(title_en="Launch sites")
    assert found("outer") == {rec.id}
    runner = app.test_cli_runner()
    db.session.execute(text("UPDATE topic_area SET name_en = 'Hyperspace' WHERE id = :id"),
                       {"id": topic.id})
    db.session.commit()
    assert search.drift()["stale"] == [rec.id]
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 1 and f"stale: 1 ({rec.id})" in result.output
    assert found("hyperspace") == {rec.id} and found("outer") == set()
    assert search.drift() == {"missing": [], "stale": [], "orphan": []}
    db.session.execute(text("UPDATE event SET title_en = 'Osaka forum' WHERE id = :id"),
                       {"id": event.id})
    db.session.commit()
    sync.catch_up()  # unforced: the changed names must not be skipped as "unchanged"
    assert search.drift() == {"missing": [], "stale": [], "orphan": []}
    assert found("osaka") == {rec.id} and other.id in found("launch")
