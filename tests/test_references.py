"""Human references (tracker/services/recommendations/references.py): format, per-year sequence, never
reused, and unique when several processes allocate at the same time."""

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import select

from tests.support import factories
from tracker.extensions import db
from tracker.models import Recommendation, ReferenceCounter
from tracker.services.recommendations.references import allocate_reference

ROOT = Path(__file__).resolve().parent.parent


def test_reference_format_and_per_year_sequence():
    refs_2023 = [factories.RecommendationFactory(year=2023).reference for _ in range(3)]
    ref_2024 = factories.RecommendationFactory(year=2024).reference
    assert refs_2023 == ["NEXT-2023-001", "NEXT-2023-002", "NEXT-2023-003"]
    assert ref_2024 == "NEXT-2024-001"
    assert factories.RecommendationFactory(year=2023).reference == "NEXT-2023-004"
    assert re.fullmatch(r"NEXT-\d{4}-\d{3,}", ref_2024)


def test_reference_prefix_is_configurable(app):
    app.config["REFERENCE_PREFIX"] = "TEST"
    try:
        assert factories.RecommendationFactory(year=2025).reference == "TEST-2025-001"
    finally:
        app.config["REFERENCE_PREFIX"] = "NEXT"


def test_numbers_beyond_999_keep_growing():
    db.session.add(ReferenceCounter(year=2026, last_number=998))
    db.session.commit()
    assert [allocate_reference(2026) for _ in range(3)] == ["NEXT-2026-999", "NEXT-2026-1000", "NEXT-2026-1001"]


def test_reference_never_reused_after_delete_or_rollback():
    first = factories.RecommendationFactory(year=2023)
    second = factories.RecommendationFactory(year=2023)
    db.session.delete(second)
    db.session.commit()
    assert factories.RecommendationFactory(year=2023).reference == "NEXT-2023-003"
    db.session.delete(first)
    db.session.commit()
    assert factories.RecommendationFactory(year=2023).reference == "NEXT-2023-004"


def test_lookup_by_reference_is_case_insensitive(client, auth):
    rec = factories.RecommendationFactory(year=2023)
    auth.login("leadership")
    assert client.get(f"/recommendations/{rec.reference.lower()}").status_code == 200


WORKER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path

    from config import TestConfig
    from tracker import create_app
    from tracker.database import write_lock
    from tracker.extensions import db
    from tracker.models import TopicArea
    from tracker.services.recommendations.records import create_recommendation

    uri, index_dir, topic_id, count, tag, go = sys.argv[1:7]

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = uri
        SEARCH_INDEX_DIR = index_dir

    app = create_app(Config)
    with app.app_context():
        while not Path(go).exists():
            time.sleep(0.01)
        for i in range(int(count)):
            # Writers outside a request take the SQLite write lock up front (database.py).
            with write_lock():
                topic = db.session.get(TopicArea, int(topic_id))
                create_recommendation(topic=topic, title_en=f"{tag} {i}", year=2031,
                                      addressees=("us_government", "government_of_japan"),
                                      first_status="proposed", public_note="Concurrent.")
                db.session.commit()
    print("done", tag)
    """
)


def test_concurrent_processes_get_unique_contiguous_references(app, tmp_path):
    """Two OS processes on the same database (SQLite file, or PostgreSQL when DATABASE_URL
    is set) create recommendations at the same time: no duplicate, no gap, no error."""
    topic_id = factories.TopicAreaFactory().id
    db.session.commit()
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    go = tmp_path / "go"
    count = 25
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), uri, str(tmp_path / "idx"), str(topic_id), str(count), tag, str(go)],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for tag in ("A", "B")
    ]
    go.touch()
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err[-3000:]
    db.session.rollback()  # end this session's read snapshot, to see the workers' rows
    rows = db.session.execute(select(Recommendation.reference, Recommendation.title_en)).all()
    refs = sorted(r.reference for r in rows)
    assert refs == [f"NEXT-2031-{n:03d}" for n in range(1, 2 * count + 1)]
    assert sum(r.title_en.startswith("A ") for r in rows) == count
    assert sum(r.title_en.startswith("B ") for r in rows) == count


def test_concurrent_cli_seeding_gets_unique_contiguous_references(app, tmp_path):
    """``flask demo seed --count`` in two processes at once (bulk allocation per chunk)."""
    factories.PublicationFactory()
    factories.TopicAreaFactory()
    db.session.commit()
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TRACKER_ENV": "test", "DATABASE_URL": uri,
           "TRACKER_INSTANCE_DIR": str(tmp_path), "SEARCH_INDEX_DIR": str(tmp_path / "idx")}
    flask = [sys.executable, "-m", "flask", "--app", "wsgi", "demo", "seed", "--count", "40"]
    procs = [subprocess.Popen(flask, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(2)]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err[-3000:]
    db.session.rollback()
    refs = db.session.execute(select(Recommendation.reference)).scalars().all()
    assert len(refs) == 80
    by_year: dict[str, list[int]] = {}
    for ref in refs:
        _prefix, year, number = ref.split("-")
        by_year.setdefault(year, []).append(int(number))
    for year, numbers in by_year.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), year
