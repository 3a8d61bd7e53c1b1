"""Import a real-world data set nobody here wrote: TrumpTracker's promises (MIT licence,
see its README) with their status history, through a small mapping kept in this test."""

import csv
import io
import json
import os
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import Recommendation, StatusChange, TopicArea
from tracker.services.dataio import importer, tabular

# CI clones the repository with shared/ beside it; SHARED_DIR points elsewhere locally.
SHARED = Path(os.environ.get("SHARED_DIR", Path(__file__).resolve().parents[1] / ".." / "shared"))
DATA = SHARED / "data" / "external" / "trumptracker"
STATUS_MAP = {
    "Not started": "proposed",
    "In progress": "in_progress",
    "Compromised": "in_progress",  # partly delivered
    "Achieved": "implemented",
    "Broken": "not_adopted",
}

pytestmark = pytest.mark.skipif(not (DATA / "data.json").exists(), reason=f"{DATA} not present")


def mapped_csv() -> tuple[bytes, dict]:
    """Our import format: one row per status change of a promise still in data.json (rows
    under an older wording of a title cannot be matched and are left out)."""
    promises = {p["title"]: p for p in json.loads((DATA / "data.json").read_text())["promises"]}
    with (DATA / "status_history_from_git.csv").open(newline="", encoding="utf-8") as f:
        history = [r for r in csv.DictReader(f) if r["title"] in promises]
    history.sort(key=lambda r: r["date"])  # stable: same-day changes keep their order
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["external_id", "title_en", "text_en", "topic", "addressees",
                     "status", "status_date", "status_note"])
    for row in history:
        p = promises[row["title"]]
        writer.writerow([p["url"], p["title"], p["description"], p["category"], "US government",
                         STATUS_MAP[row["new_status"]], row["date"],
                         f"TrumpTracker: {row['old_status'] or 'new'} → {row['new_status']}"])
    return out.getvalue().encode("utf-8"), {"promises": promises, "history": history}


def test_import_trumptracker_counts_and_histories():
    body, source = mapped_csv()
    promises, history = source["promises"], source["history"]
    plan = importer.plan_import(tabular.read_table(body, "trumptracker.csv"), create_missing=True)
    assert plan.ok, plan.problems[:5]
    assert len(plan.to_create["topic"]) == 11
    importer.apply_plan(plan)
    db.session.commit()

    assert db.session.execute(select(func.count()).select_from(Recommendation)).scalar_one() == 174
    assert db.session.execute(select(func.count()).select_from(TopicArea)).scalar_one() == 11
    by_status = dict(db.session.execute(
        select(Recommendation.status, func.count()).group_by(Recommendation.status)).all())
    expected = Counter(STATUS_MAP[p["status"]] for p in promises.values())
    assert by_status == dict(expected) == {
        "proposed": 84, "not_adopted": 43, "implemented": 21, "in_progress": 26}

    # Each promise's history is its sequence of mapped statuses, repeats collapsed.
    sequences = {}
    for row in history:
        seq = sequences.setdefault(promises[row["title"]]["url"], [])
        status = STATUS_MAP[row["new_status"]]
        if not seq or seq[-1][0] != status:
            seq.append((status, row["date"]))
    assert db.session.execute(select(func.count()).select_from(StatusChange)).scalar_one() == sum(
        len(s) for s in sequences.values())
    for external_id, expected_seq in sequences.items():
        rec = db.session.execute(
            select(Recommendation).where(Recommendation.external_id == external_id)).scalar_one()
        assert [(c.to_status, c.effective_on.isoformat()) for c in rec.status_changes] == expected_seq
    assert max(len(s) for s in sequences.values()) >= 3

    again = importer.plan_import(tabular.read_table(body, "trumptracker.csv"), create_missing=True)
    assert again.ok and again.count("unchanged") == 174 and not again.to_create
