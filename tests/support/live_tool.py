"""Set up and check the database of a running-app test (run as a separate process, with
the same environment as the gunicorn under test: DATABASE_URL, SEARCH_INDEX_DIR, ...).

    python tests/support/live_tool.py setup               -> JSON: user email/password, token, ids
    python tests/support/live_tool.py verify <writes.json> -> JSON: what is missing or inconsistent

``writes.json`` holds ``{"created": [reference, ...], "changes": [[reference, to_status,
"YYYY-MM-DD"], ...], "last": {reference: to_status}}``: the writes the app accepted.
"""

import json
import sys
from datetime import date

PASSWORD = "soak test password"
PARTNER_TOKEN = "nxt_live-test-partner-token-000000"


def setup() -> dict:
    from flask_migrate import upgrade

    from tracker import create_app, models
    from tracker.extensions import db

    app = create_app()
    with app.app_context():
        upgrade()
        line = models.LineOfEffort(slug="tech", name_en="Technology & Innovation", name_ja="技術")
        topic = models.TopicArea(slug="export-controls", name_en="Export controls",
                                 name_ja="輸出管理", line_of_effort=line)
        publication = models.Publication(slug="report", kind="roundtable_report",
                                         title_en="Roundtable report",
                                         published_on=date(2023, 4, 1))
        users = []
        for i in range(4):
            user = models.User(email=f"soak{i}@example.org", name=f"Soak {i}", role="researcher")
            user.set_password(PASSWORD)
            users.append(user)
        token = models.ApiToken(partner="Live test partner", token_hash=models.hash_token(PARTNER_TOKEN),
                                prefix=PARTNER_TOKEN[:12])
        db.session.add_all([line, topic, publication, token, *users])
        db.session.commit()
        return {"emails": [u.email for u in users], "password": PASSWORD, "token": PARTNER_TOKEN,
                "topic": topic.id, "publication": publication.id}


def verify(writes: dict) -> dict:
    """Every accepted write present and consistent; no partial record anywhere."""
    from sqlalchemy import func, select

    from tracker import create_app, search
    from tracker.domain import tracks
    from tracker.extensions import db
    from tracker.models import Recommendation, RecommendationAddressee, StatusChange
    from tracker.services.recommendations.status import histories

    app = create_app()
    with app.app_context():
        recs = db.session.execute(select(Recommendation)).scalars().all()
        by_ref = {r.reference: r for r in recs}
        duplicates = db.session.execute(
            select(Recommendation.reference).group_by(Recommendation.reference)
            .having(func.count() > 1)).scalars().all()
        missing = [ref for ref in writes["created"] if ref not in by_ref]
        changes = {(c.recommendation_id, c.to_status, c.effective_on.isoformat())
                   for c in db.session.execute(
                       select(StatusChange).where(StatusChange.kind == "change")).scalars()}
        missing_changes = [c for c in writes["changes"]
                           if c[0] not in by_ref or (by_ref[c[0]].id, c[1], c[2]) not in changes]
        wrong_status = [ref for ref, status in writes["last"].items()
                        if ref in by_ref and by_ref[ref].status != status]
        partial, inconsistent = [], []
        with_addressees = set(db.session.execute(
            select(RecommendationAddressee.recommendation_id)).scalars())
        for rec in recs:
            by_track = histories(rec)
            if not any(by_track.values()) or rec.id not in with_addressees:
                partial.append(rec.reference)
            overall, _derived = tracks.overall_from(by_track)  # the overall rule over the tracks
            if (overall.status, overall.since, overall.regressed) != \
                    (rec.status, rec.status_since, rec.regressed):
                inconsistent.append(rec.reference)
        drift = search.drift()
        drift_after = drift
        if writes.get("catch_up") and any(drift.values()):
            search.catch_up(force=True)  # what the next search does
            drift_after = search.drift()
        return {
            "recommendations": len(recs),
            "status_changes": len(changes),
            "duplicates": duplicates,
            "missing": missing,
            "missing_changes": missing_changes,
            "wrong_status": wrong_status,
            "partial": partial,
            "inconsistent": inconsistent,
            "search_drift": {k: len(v) for k, v in drift.items()},
            "search_drift_after_catch_up": {k: len(v) for k, v in drift_after.items()},
        }


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "setup":
        result = setup()
    elif command == "verify":
        with open(sys.argv[2]) as fh:
            result = verify(json.load(fh))
    else:
        raise SystemExit(f"unknown command {command}")
    print("RESULT " + json.dumps(result))
