"""Real OS processes: two writers at once, and a process killed right after its commit."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.support import factories as f
from tracker import search

ROOT = Path(__file__).resolve().parent.parent

WRITER = textwrap.dedent("""
    import os, signal, sys, time
    from tracker import create_app
    from tracker.database import write_lock
    from tracker.extensions import db
    from tracker.models import TopicArea
    from tracker.services.recommendations.records import create_recommendation

    url, index_dir, topic_id, prefix, count, mode, start_at = sys.argv[1:8]
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SEARCH_INDEX_DIR": index_dir})
    if mode == "kill-after-commit":
        import tracker.search.sync as sync
        sync.apply = lambda ids: os.kill(os.getpid(), signal.SIGKILL)
    with app.app_context():
        time.sleep(max(0.0, float(start_at) - time.time()))  # start together
        for i in range(int(count)):
            with write_lock():
                create_recommendation(topic=db.session.get(TopicArea, int(topic_id)),
                                      title_en=f"{prefix} alliance item {i}",
                                      addressees=["us_government", "government_of_japan"])
                db.session.commit()
    print("done")
""")


def run_writers(app, tmp_path, topic, jobs):
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    env = {**os.environ, "TRACKER_ENV": "test", "PYTHONPATH": str(ROOT)}
    start_at = time.time() + 1.5
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), app.config["SQLALCHEMY_DATABASE_URI"],
             app.config["SEARCH_INDEX_DIR"], str(topic.id), prefix, str(count), mode,
             str(start_at)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for prefix, count, mode in jobs
    ]
    outcomes = []
    for proc in procs:
        try:
            out, err = proc.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
        outcomes.append((proc.returncode, out, err))
    return outcomes


@pytest.mark.slow
def test_two_processes_writing_at_once_lose_nothing(app, tmp_path):
    topic = f.TopicAreaFactory()
    search.search("")  # create the index folder first, as a running server would
    outcomes = run_writers(app, tmp_path, topic, [("Alpha", 6, "normal"), ("Bravo", 6, "normal")])
    for code, _out, err in outcomes:
        assert code == 0, err
        assert "LockError" not in err and "Traceback" not in err
    # Every update reached the index through the processes' own hooks...
    assert search.drift() == {"missing": [], "stale": [], "orphan": []}
    assert search.search("alpha", per_page=None).total == 6
    assert search.search("bravo", per_page=None).total == 6


@pytest.mark.slow
def test_a_process_killed_after_commit_before_indexing_is_caught_up(app, tmp_path):
    topic = f.TopicAreaFactory()
    search.search("")
    [(code, _out, _err)] = run_writers(app, tmp_path, topic, [("Killed", 1, "kill-after-commit")])
    assert code == -signal.SIGKILL
    assert len(search.drift()["missing"]) == 1  # committed, never indexed
    result = search.search("killed")
    assert result.total == 1
