"""Loads the demo data set (the files in ``tracker/demo/data/``) and synthetic data for
benchmarks.

The demo data set is data, not code (``data/README.md`` describes each file):

- ``catalog.json``: lines of effort, topics (with parents), events and publications. The
  importer names these but cannot give them dates, places or links, so they have their own
  small file, created here by slug.
- ``recommendations.csv``: the recommendations with their full status histories, in the
  staff export's columns (``services.exporter``, ``history=1``), loaded THROUGH THE IMPORTER
  (``services.importer.plan_import`` then ``apply_plan``), so seeding is also an end-to-end
  import. Recorded by the demo researcher.
- ``retractions.json``: entries recorded by mistake and then retracted (the import format
  carries only the entries in force), applied with ``services.status``.

``seed_demo`` is idempotent: catalog records are matched by slug, users by email and
recommendations by reference (the importer's own matching); existing ones are left alone.
It seeds an empty database or one seeded before; when the demo's references are already
handed out to other recommendations it raises ``DemoDataProblem`` and writes nothing.
"""

import json
import random
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, select, text, update

from ..domain.status_rule import Entry, previous_statuses
from ..domain.tracks import JAPAN, US, overall_from, overall_timeline
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
    StatusTimeline,
    TopicArea,
    User,
    utcnow,
)
from ..services import clock
from ..services.dataio import importer, tabular
from ..services.errors import RuleViolation
from ..services.recommendations.references import allocate_reference, format_reference
from ..services.recommendations.status import record_status_change, retract_status_change

DATA_DIR = Path(__file__).parent / "data"
DEMO_USERS = (
    ("admin@demo.next-tracker.org", "admin", "demo-admin-2026"),
    ("researcher@demo.next-tracker.org", "researcher", "demo-researcher-2026"),
    ("leadership@demo.next-tracker.org", "leadership", "demo-leadership-2026"),
)
DEMO_NAMES = {"admin": "Aiko Admin", "researcher": "Riley Researcher", "leadership": "Lee Leadership"}


class DemoDataProblem(Exception):
    """A demo data file cannot be loaded (or the database holds other data at the demo's
    references); the message names the file and what is wrong. Nothing was committed."""


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


def _pick(found: dict, slug: str | None, what: str, where: str):
    """``found[slug]`` (None for no slug); a ``DemoDataProblem`` naming ``where`` if unknown."""
    if not slug:
        return None
    if slug not in found:
        raise DemoDataProblem(f"catalog.json, {where}: no {what} “{slug}” (define it earlier in the file).")
    return found[slug]


def seed_demo(data_dir: Path | None = None) -> dict[str, int]:
    """Create whatever part of the demo data set (the files in ``data_dir``, by default
    ``tracker/demo/data``) is missing; commit; return what was created.

    :raise DemoDataProblem: a file is unreadable or refused by the importer (rolled back).
    """
    data_dir = Path(data_dir or DATA_DIR)
    try:
        created = seed_catalog(data_dir)
        users, created["users"] = _seed_users()
        created["recommendations"] = _seed_recommendations(data_dir, users["researcher"])
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    return created


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DemoDataProblem(f"{path.name}: {exc}") from exc


def seed_catalog(data_dir: Path | None = None) -> dict[str, int]:
    """Create the lines of effort, topics, events and publications of ``catalog.json`` that
    are missing (by slug); flush; return how many of each were created."""
    catalog = _read_json(Path(data_dir or DATA_DIR) / "catalog.json")
    created = dict.fromkeys(["lines of effort", "topics", "events", "publications"], 0)
    lines = {}
    for pos, row in enumerate(catalog["lines_of_effort"]):
        fields = {k: row.get(k) for k in ("name_en", "name_ja", "description_en", "description_ja")}
        lines[row["slug"]], new = _get_or_create(LineOfEffort, row["slug"], position=pos, **fields)
        created["lines of effort"] += new
    topics = {}
    for row in catalog["topics"]:
        where = f"topic “{row['slug']}”"
        topics[row["slug"]], new = _get_or_create(
            TopicArea, row["slug"], name_en=row["name_en"], name_ja=row.get("name_ja"),
            line_of_effort=_pick(lines, row["line"], "line of effort", where),
            parent=_pick(topics, row.get("parent"), "topic", where),
            description_en=row.get("description_en"), description_ja=row.get("description_ja"),
        )
        created["topics"] += new
    events = {}
    for row in catalog["events"]:
        events[row["slug"]], new = _get_or_create(
            Event, row["slug"], kind=row["kind"], title_en=row.get("title_en"),
            title_ja=row.get("title_ja"), starts_on=_d(row["starts_on"]),
            ends_on=_d(row.get("ends_on")), location=row.get("location"),
            description_en=row.get("description_en"), description_ja=row.get("description_ja"),
            line_of_effort=_pick(lines, row.get("line"), "line of effort", f"event “{row['slug']}”"),
        )
        created["events"] += new
    for row in catalog["publications"]:
        _pub, new = _get_or_create(
            Publication, row["slug"], kind=row["kind"], title_en=row.get("title_en"),
            title_ja=row.get("title_ja"), published_on=_d(row.get("published_on")),
            url=row.get("url"), authors=row.get("authors"),
            event=_pick(events, row.get("event"), "event", f"publication “{row['slug']}”"),
        )
        created["publications"] += new
    return created


def _seed_users() -> tuple[dict[str, User], int]:
    users, created = {}, 0
    for email, role, password in DEMO_USERS:
        user = db.session.execute(select(User).where(User.email == email)).scalar_one_or_none()
        if user is None:
            user = User(email=email, name=DEMO_NAMES[role], role=role)
            user.set_password(password)
            db.session.add(user)
            created += 1
        users[role] = user
    db.session.flush()
    return users, created


def _seed_recommendations(data_dir: Path, researcher: User) -> int:
    """Import ``recommendations.csv`` (only the recommendations whose reference is not in the
    database yet), then apply ``retractions.json`` to the ones just created."""
    path = data_dir / "recommendations.csv"
    try:
        table = tabular.read_table(path.read_bytes(), path.name)
    except (OSError, tabular.FileProblem) as exc:
        raise DemoDataProblem(f"{path.name}: {getattr(exc, 'message', exc)}") from exc
    plan = importer.plan_import(table)
    if not plan.ok:
        shown = "\n".join(f"  {p}" for p in plan.problems[:20])
        raise DemoDataProblem(
            f"{path.name}: {len(plan.problems)} problem(s) (the demo needs an empty database, "
            f"or one seeded with the demo before):\n{shown}")
    unkeyed = [item.rows[0] for item in plan.items if item.key.startswith("row:")]
    if unkeyed:  # (it would be created again by every seed)
        raise DemoDataProblem(f"{path.name}: row {unkeyed[0]}: give every recommendation a reference.")
    plan.items = [item for item in plan.items if item.action == "create"]
    if not plan.items:
        return 0
    try:
        importer.apply_plan(plan, user=researcher)
    except RuleViolation as exc:
        raise DemoDataProblem(f"{path.name}: {exc.message}") from exc
    created = {item.reference: item.existing for item in plan.items}
    in_file = {item.key for item in plan.items} | set(plan.resolver.by_ref)
    for row in _read_json(data_dir / "retractions.json"):
        try:
            if row["reference"] not in in_file:
                raise RuleViolation(f"{row['reference']} is not in {path.name}.")
            rec = created.get(row["reference"])
            if rec is None:
                continue
            wrong = record_status_change(
                rec, row["status"], _d(row["date"]), row["note"], internal_note=row.get("internal_note"),
                evidence_urls=row.get("evidence_urls"), user=researcher, tracks=row.get("tracks"))
            for entry in wrong:
                retract_status_change(entry, row["retraction_reason"], user=researcher)
        except (RuleViolation, KeyError, ValueError) as exc:
            reason = exc.message if isinstance(exc, RuleViolation) else f"{type(exc).__name__}: {exc}"
            raise DemoDataProblem(f"retractions.json, {row.get('reference')}: {reason}") from exc
    db.session.flush()
    return len(plan.items)


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
    computed with the same rules as ``services.recommendations.status`` (``domain.tracks``). Commits per chunk.
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


def _synthetic_tracks(rng, path, days, today) -> dict[str, list]:
    """Track histories of one synthetic recommendation: most go to both governments, the
    second government following the first's path, sometimes a step behind or ahead, or
    declining; a few go to one addressee only."""
    first = [Entry(None, s, d) for s, d in zip(path, days, strict=True)]
    roll = rng.random()
    if roll < 0.08:
        return {rng.choice(list(ADDRESSEES)): first}
    lead, other = (US, JAPAN) if rng.random() < 0.5 else (JAPAN, US)
    if roll < 0.55 or len(path) < 2:
        follow = list(first)
    elif roll < 0.85:  # a step behind, or later
        follow = [Entry(None, c.to_status,
                        min(today, c.effective_on + timedelta(days=rng.randint(30, 300))))
                  for c in first[:-1]]
    else:  # declined by this government after the first step
        follow = [first[0], Entry(
            None, "not_adopted", min(today, first[0].effective_on + timedelta(days=rng.randint(60, 500))))]
    follow = _distinct_days(follow)
    return {lead: first, other: follow}


def _distinct_days(changes: list) -> list:
    """Entries with increasing effective dates and no status repeated twice in a row."""
    out = []
    for change in sorted(changes, key=lambda c: c.effective_on):
        if out and (out[-1].effective_on >= change.effective_on or out[-1].to_status == change.to_status):
            continue
        out.append(change)
    return out


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
        track_histories = _synthetic_tracks(rng, path, days, today)
        overall, _derived = overall_from(track_histories)
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
            "status": overall.status,
            "status_since": overall.since,
            "open_since": overall.open_since,
            "status_changed_at": now,
            "regressed": overall.regressed,
            "version": 1,
            "created_at": now,
            "updated_at": now,
            "created_by_id": user_id,
        })
        histories.append(track_histories)
    ids = db.session.execute(
        insert(Recommendation).returning(Recommendation.id, sort_by_parameter_order=True), rec_rows
    ).scalars().all()
    change_rows, addressee_rows, timeline_rows = [], [], []
    for rec_id, track_histories in zip(ids, histories, strict=True):
        _overall, derived = overall_from(track_histories)
        for key, changes in track_histories.items():
            for change, previous in zip(changes, previous_statuses(changes), strict=True):
                change_rows.append({
                    "recommendation_id": rec_id, "kind": "change", "addressee": key,
                    "to_status": change.to_status,
                    "previous_status": previous,  # what record_status_change would derive
                    "effective_on": change.effective_on, "public_note": "Synthetic status change.",
                    "evidence_urls": [], "recorded_by_id": user_id, "recorded_at": now,
                })
            state = derived[key]
            addressee_rows.append({"recommendation_id": rec_id, "addressee": key,
                                   "status": state.status, "status_since": state.since,
                                   "regressed": state.regressed, "status_changed_at": now})
        timeline_rows.extend({"recommendation_id": rec_id, "effective_on": p.day,
                              "to_status": p.status, "previous_status": p.previous}
                             for p in overall_timeline(track_histories))
    db.session.execute(insert(StatusChange), change_rows)
    db.session.execute(insert(RecommendationAddressee), addressee_rows)
    db.session.execute(insert(StatusTimeline), timeline_rows)
