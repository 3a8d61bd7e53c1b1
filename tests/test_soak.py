"""Soak: the deployed app under concurrent writers, with nothing lost (issue 9, item 7).

gunicorn with 4 workers on 127.0.0.1; 16 client threads, each logged in with its own
session, create recommendations and record status changes through the real forms (CSRF
token, plain and htmx posts) for ``SOAK_SECONDS`` (default 60 when ``CI=true``, else 15).
Afterwards, with the server stopped: every accepted write is in the database and in the
history, each recommendation's status is its last accepted change, every reference is
unique, nothing is half-written, the search index agrees with the database (checked
without a catch-up), and no request got a 5xx. On SQLite (WAL, busy timeout) and, with
DATABASE_URL set, PostgreSQL.
"""

import json

import pytest

from tests.support.live_gunicorn import LiveDeployment
from tests.support.soak import CLIENTS, soak, soak_seconds

pytestmark = pytest.mark.slow

def test_soak_nothing_lost(tmp_path):
    deployment = LiveDeployment(tmp_path)
    try:
        seconds = soak_seconds()
        ledger = soak(deployment, seconds)
        (tmp_path / "writes.json").write_text(json.dumps(ledger.as_json()))
        report = deployment.tool("verify", str(tmp_path / "writes.json"))
    finally:
        deployment.close()
    backend = "postgresql" if deployment.pg_url else "sqlite"
    print(f"\nsoak {backend}: {seconds:g}s, {CLIENTS} clients, 4 workers; "
          f"created {len(ledger.created)}, status changes {len(ledger.changes)}; "
          f"answers {dict(ledger.answers)}; db {report}")
    assert not ledger.errors, ledger.errors[:5]
    assert not [a for a in ledger.answers if a.split()[-1].startswith("5")], ledger.answers
    assert ledger.created and ledger.changes, "the soak made no writes"
    assert len(set(ledger.created)) == len(ledger.created), "a reference was handed out twice"
    assert report["duplicates"] == [] and report["missing"] == []
    assert report["missing_changes"] == [] and report["wrong_status"] == []
    assert report["partial"] == [] and report["inconsistent"] == []
    assert report["recommendations"] == len(ledger.created)
    assert report["search_drift"] == {"missing": 0, "stale": 0, "orphan": 0}
