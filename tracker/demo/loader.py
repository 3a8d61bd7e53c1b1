"""Loads the demo data set (``content.py``) and synthetic data for benchmarks.

``seed_demo`` is idempotent: records are matched by slug (taxonomy, events, publications),
email (users) or title (recommendations), and existing ones are left alone.
"""

import random
from collections.abc import Callable
from datetime import date, timedelta
from types import SimpleNamespace

from sqlalchemy import insert, select, text, update

from ..domain.status_rule import previous_statuses
from ..extensions import db
from ..models import (
    ADDRESSEES,
    Event,
    LineOfEffort,
    Publication,
    Recommendation,
    RecommendationAddressee,
    ReferenceCounter,
    StatusChange,
    TopicArea,
    User,
    utcnow,
)
from ..services import clock
from ..services.recommendations import create_recommendation
from ..services.references import allocate_reference, format_reference
from ..services.status import derive, record_status_change, retract_status_change
from . import content

DEMO_USERS = (
    ("admin@demo.next-tracker.org", "admin", "demo-admin-2026"),
    ("researcher@demo.next-tracker.org", "researcher", "demo-researcher-2026"),
    ("leadership@demo.next-tracker.org", "leadership", "demo-leadership-2026"),
)
DEMO_NAMES = {"admin": "Aiko Admin", "researcher": "Riley Researcher", "leadership": "Lee Leadership"}


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _get_or_create(model, slug: str, **fields):
    obj = db.session.execute(select(model).where(model.slug == slug)).scalar_one_or_none()
    if obj is not None:
        return obj, False
    obj = model(slug=slug, **fields)
    db.session.add(obj)
    db.session.flush()
    return obj, True


def seed_demo() -> dict[str, int]:
    """Create whatever part of the demo data set is missing; commit; return what was created."""
    created = dict.fromkeys(
        ["lines of effort", "topics", "events", "publications", "users", "recommendations"], 0
    )
    lines = {}
    for pos, row in enumerate(content.LINES_OF_EFFORT):
        fields = {k: row.get(k) for k in ("name_en", "name_ja", "description_en", "description_ja")}
        lines[row["slug"]], new = _get_or_create(LineOfEffort, row["slug"], position=pos, **fields)
        created["lines of effort"] += new
    topics = {}
    for row in content.TOPICS:
        topics[row["slug"]], new = _get_or_create(
            TopicArea, row["slug"], name_en=row["name_en"], name_ja=row.get("name_ja"),
            line_of_effort=lines[row["line"]], parent=topics.get(row.get("parent")),
            description_en=row.get("description_en"), description_ja=row.get("description_ja"),
        )
        created["topics"] += new
    events = {}
    for row in content.EVENTS:
        events[row["slug"]], new = _get_or_create(
            Event, row["slug"], kind=row["kind"], title_en=row.get("title_en"),
            title_ja=row.get("title_ja"), starts_on=_d(row["starts_on"]),
            ends_on=_d(row.get("ends_on")), location=row.get("location"),
            description_en=row.get("description_en"), description_ja=row.get("description_ja"),
            line_of_effort=lines.get(row.get("line")),
        )
        created["events"] += new
    pubs = {}
    for row in content.PUBLICATIONS:
        pubs[row["slug"]], new = _get_or_create(
            Publication, row["slug"], kind=row["kind"], title_en=row.get("title_en"),
            title_ja=row.get("title_ja"), published_on=_d(row.get("published_on")),
            url=row.get("url"), authors=row.get("authors"), event=events.get(row.get("event")),
        )
        created["publications"] += new
    users = {}
    for email, role, password in DEMO_USERS:
        user = db.session.execute(select(User).where(User.email == email)).scalar_one_or_none()
        if user is None:
            user = User(email=email, name=DEMO_NAMES[role], role=role)
            user.set_password(password)
            db.session.add(user)
            created["users"] += 1
        users[role] = user
    db.session.flush()
    created["recommendations"] = _seed_recommendations(topics, events, pubs, users["researcher"])
    db.session.commit()
    return created


def _seed_recommendations(topics, events, pubs, researcher: User) -> int:
    by_key: dict[str, Recommendation] = {}
    new_keys: set[str] = set()
    rows = sorted(content.RECOMMENDATIONS, key=lambda r: r["history"][0][0])
    for row in rows:
        existing = db.session.execute(
            select(Recommendation).where(
                Recommendation.title_en.is_(None) if row.get("title_en") is None
                else Recommendation.title_en == row["title_en"],
                Recommendation.title_ja.is_(None) if row.get("title_ja") is None
                else Recommendation.title_ja == row["title_ja"],
            )
        ).scalar_one_or_none()
        if existing is not None:
            by_key[row["key"]] = existing
            continue
        first_day, first_status, first_note, first_internal, first_evidence = row["history"][0]
        rec = create_recommendation(
            topic=topics[row["topic"]], title_en=row.get("title_en"), title_ja=row.get("title_ja"),
            text_en=row.get("text_en"), text_ja=row.get("text_ja"),
            addressees=row.get("addressees", ()), priority=row.get("priority", False),
            event=events.get(row.get("event")), publication=pubs.get(row.get("publication")),
            internal_notes=row.get("internal_notes"), first_status=first_status,
            effective_on=_d(first_day), public_note=first_note, user=researcher,
            year=_d(first_day).year,
        )
        first = rec.status_changes[0]
        first.internal_note = first_internal or None
        first.evidence_urls = list(first_evidence)
        for day, status, note, internal, evidence in row["history"][1:]:
            record_status_change(rec, status, _d(day), note, internal_note=internal,
                                 evidence_urls=evidence, user=researcher)
        by_key[row["key"]] = rec
        new_keys.add(row["key"])
    for row in rows:
        if row.get("supersedes") and row["key"] in new_keys:
            by_key[row["key"]].supersedes = by_key[row["supersedes"]]
    if new_keys:
        _add_retraction_example(by_key, researcher)
    db.session.flush()
    return len(new_keys)


def _add_retraction_example(by_key, researcher: User) -> None:
    """Show a corrected mistake: an entry recorded by error, then retracted."""
    for rec in by_key.values():
        if rec.status == "in_progress" and len(rec.status_changes) >= 3:
            wrong = record_status_change(
                rec, "implemented", rec.status_since, "Marked as implemented.",
                internal_note="Entered from the wrong row of the tracking sheet.", user=researcher,
            )
            retract_status_change(wrong, "Recorded against the wrong recommendation.", user=researcher)
            return


# --- Synthetic data for benchmarks -------------------------------------------------------

WORDS_EN = (
    "alliance coordination export controls semiconductor supply chain cyber incident "
    "information sharing artificial intelligence safety evaluation standards telecommunications "
    "undersea cable space situational awareness maritime domain command control joint exercise "
    "research security talent exchange critical minerals economic coercion resilience "
    "quantum computing digital currency interoperability data governance satellite deterrence"
).split()
WORDS_JA = (
    "同盟 調整 輸出管理 半導体 サプライチェーン サイバー 情報共有 人工知能 安全性評価 国際標準 "
    "通信 海底ケーブル 宇宙状況監視 海洋状況把握 指揮統制 共同訓練 研究セキュリティ 人材交流 "
    "重要鉱物 経済的威圧 強靭性 量子 デジタル通貨 データガバナンス 衛星 抑止"
).split()
PATHS = (
    ("proposed",),
    ("proposed", "under_consideration"),
    ("proposed", "under_consideration", "in_progress"),
    ("proposed", "under_consideration", "in_progress", "implemented"),
    ("proposed", "not_adopted"),
    ("proposed", "in_progress", "implemented", "in_progress"),
    ("proposed", "superseded"),
    ("draft",),
)


def seed_synthetic(count: int, progress: Callable[[int], None] | None = None,
                   seed: int = 2024, chunk: int = 2000) -> int:
    """Add ``count`` synthetic recommendations with 1–4 step histories, in bulk.

    Uses the demo taxonomy (seeding it first if missing). Derived status fields are
    computed with the same ``derive`` as ``services.status``. Commits per chunk.
    """
    if db.session.execute(select(TopicArea.id).limit(1)).first() is None:
        seed_demo()
    rng = random.Random(seed + count)
    topic_ids = db.session.execute(select(TopicArea.id)).scalars().all()
    event_ids = db.session.execute(select(Event.id)).scalars().all()
    pub_rows = db.session.execute(select(Publication.id, Publication.published_on)).all()
    user_id = db.session.execute(select(User.id).order_by(User.id)).scalars().first()
    today = clock.today()
    start = date(2021, 6, 1)
    span = (today - start).days
    done = 0
    while done < count:
        n = min(chunk, count - done)
        _insert_chunk(n, rng, topic_ids, event_ids, pub_rows, user_id, start, span, today)
        db.session.commit()
        done += n
        if progress:
            progress(n)
    # Fresh planner statistics after a bulk load, so the boards' covering indexes are
    # chosen (SQLite keeps none until ANALYZE; PostgreSQL's autovacuum would come later).
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    return done


def _insert_chunk(n, rng, topic_ids, event_ids, pub_rows, user_id, start, span, today):
    now = utcnow()
    plans = []
    for _ in range(n):
        path = rng.choice(PATHS)
        first = start + timedelta(days=rng.randrange(max(1, span - 30)))
        days, day = [], first
        for _step in path:
            days.append(day)
            day = min(today, day + timedelta(days=rng.randint(20, 400)))
        days = sorted(set(days))[: len(path)]
        path = path[: len(days)]
        plans.append((path, days))
    years = {}
    for _path, days in plans:
        years[days[0].year] = years.get(days[0].year, 0) + 1
    next_number = {}
    for year, k in years.items():
        allocate_reference(year)  # ensures the row exists and takes the lock
        last = db.session.execute(
            update(ReferenceCounter).where(ReferenceCounter.year == year)
            .values(last_number=ReferenceCounter.last_number + k - 1)
            .returning(ReferenceCounter.last_number)
            .execution_options(synchronize_session=False)
        ).scalar_one()
        next_number[year] = last - k + 1
    rec_rows, histories = [], []
    for path, days in plans:
        year = days[0].year
        reference = format_reference(year, next_number[year])
        next_number[year] += 1
        changes = [SimpleNamespace(to_status=s, effective_on=d) for s, d in zip(path, days, strict=True)]
        derived = derive(changes)
        words = rng.sample(WORDS_EN, 6)
        has_ja = rng.random() < 0.4
        pub_id, published_on = rng.choice(pub_rows) if pub_rows and rng.random() < 0.9 else (None, None)
        rec_rows.append({
            "reference": reference,
            "title_en": " ".join(words[:4]).capitalize(),
            "title_ja": "".join(rng.sample(WORDS_JA, 3)) if has_ja else None,
            "text_en": "Recommend that both governments " + " ".join(words) + ".",
            "text_ja": ("両政府は" + "、".join(rng.sample(WORDS_JA, 4)) + "について協力すべきである。") if has_ja else None,
            "priority": rng.random() < 0.2,
            "topic_id": rng.choice(topic_ids),
            "event_id": rng.choice(event_ids) if event_ids else None,
            "publication_id": pub_id,
            "status": derived.status,
            "status_since": derived.since,
            "status_changed_at": now,
            "regressed": derived.regressed,
            "version": 1,
            "created_at": now,
            "updated_at": now,
            "created_by_id": user_id,
        })
        histories.append(changes)
    ids = db.session.execute(
        insert(Recommendation).returning(Recommendation.id, sort_by_parameter_order=True), rec_rows
    ).scalars().all()
    change_rows, addressee_rows = [], []
    for rec_id, changes in zip(ids, histories, strict=True):
        for change, previous in zip(changes, previous_statuses(changes), strict=True):
            change_rows.append({
                "recommendation_id": rec_id, "kind": "change", "to_status": change.to_status,
                "previous_status": previous,  # what record_status_change would derive
                "effective_on": change.effective_on, "public_note": "Synthetic status change.",
                "evidence_urls": [], "recorded_by_id": user_id, "recorded_at": now,
            })
        for key in rng.sample(list(ADDRESSEES), rng.randint(1, 2)):
            addressee_rows.append({"recommendation_id": rec_id, "addressee": key})
    db.session.execute(insert(StatusChange), change_rows)
    db.session.execute(insert(RecommendationAddressee), addressee_rows)
