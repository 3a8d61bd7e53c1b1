"""Turning recommendations (database rows) into index documents.

Reads with a session it is given, in batches, with the topic tree and the small lookup
tables loaded once per call, so indexing N recommendations costs a handful of queries.
"""

from collections.abc import Iterable, Iterator
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..models import (
    ADDRESSEES,
    ADDRESSEES_JA,
    Event,
    LineOfEffort,
    Publication,
    Recommendation,
    TopicArea,
)

BATCH = 1000


def stamp_of(updated_at) -> str:
    """The ``stamp`` stored with a document: ``updated_at`` as ISO text (comparable as is)."""
    return updated_at.replace(tzinfo=None).isoformat(timespec="microseconds") if updated_at else ""


def _year(rec: Recommendation) -> str:
    parts = (rec.reference or "").split("-")
    if len(parts) >= 3 and parts[-2].isdigit():
        return parts[-2]
    return str(rec.created_at.year) if rec.created_at else ""


def _day_number(day: date | None) -> int:
    return day.toordinal() if day else 0


class Lookups:
    """Topics (with their ancestors), lines, events and publications, loaded once."""

    def __init__(self, session: Session):
        topics = {t.id: t for t in session.execute(select(TopicArea)).scalars()}
        lines = {ln.id: ln for ln in session.execute(select(LineOfEffort)).scalars()}
        self.events = {
            e.id: " ".join(filter(None, (e.title_en, e.title_ja)))
            for e in session.execute(select(Event)).scalars()
        }
        self.publications = {
            p.id: " ".join(filter(None, (p.title_en, p.title_ja)))
            for p in session.execute(select(Publication)).scalars()
        }
        self.topic_chain: dict[int, list[TopicArea]] = {}
        for tid, topic in topics.items():
            chain, node, seen = [], topic, set()
            while node is not None and node.id not in seen:
                seen.add(node.id)
                chain.append(node)
                node = topics.get(node.parent_id)
            self.topic_chain[tid] = chain
        self.topic_line = {
            tid: (lines[t.line_of_effort_id].slug if t.line_of_effort_id in lines else "")
            for tid, t in topics.items()
        }


def document(rec: Recommendation, lookups: Lookups) -> dict:
    """The index document for ``rec`` (see ``analysis.make_schema``)."""
    chain = lookups.topic_chain.get(rec.topic_id, [])
    addressees = [row.addressee for row in rec.addressee_rows]
    return {
        "id": str(rec.id),
        "stamp": stamp_of(rec.updated_at),
        "reference": rec.reference,
        "title": "\n".join(filter(None, (rec.title_en, rec.title_ja))),
        "body": "\n".join(filter(None, (rec.text_en, rec.text_ja))),
        "meta": "\n".join(filter(None, (
            *(n for t in chain for n in (t.name_en, t.name_ja)),
            lookups.events.get(rec.event_id), lookups.publications.get(rec.publication_id),
            *(f"{ADDRESSEES.get(a, a)} {ADDRESSEES_JA.get(a, '')}" for a in addressees),
        ))),
        "status": rec.status,
        "topics": ",".join(t.slug for t in chain),
        "line": lookups.topic_line.get(rec.topic_id, ""),
        "addressee": ",".join(addressees),
        "year": _year(rec),
        "priority": bool(rec.priority),
        "status_date": _day_number(rec.status_since),
        "created": int(rec.created_at.timestamp()) if rec.created_at else 0,
    }


def indexable_clause():
    """Recommendations that belong in the index: all but archived ones."""
    return Recommendation.archived_at.is_(None)


def load_documents(session: Session, ids: Iterable[int] | None = None) -> Iterator[dict]:
    """Documents for the indexable recommendations among ``ids`` (all when None), in id
    order, ``BATCH`` at a time. Ids that are missing or archived yield nothing."""
    lookups = Lookups(session)
    wanted = None if ids is None else sorted(set(ids))
    last = 0
    while True:
        stmt = (
            select(Recommendation)
            .where(indexable_clause(), Recommendation.id > last)
            .options(selectinload(Recommendation.addressee_rows))
            .order_by(Recommendation.id)
            .limit(BATCH)
        )
        if wanted is not None:
            chunk = [i for i in wanted if i > last][:BATCH]
            if not chunk:
                return
            stmt = stmt.where(Recommendation.id.in_(chunk))
        rows = session.execute(stmt).scalars().all()
        if wanted is None and not rows:
            return
        for rec in rows:
            yield document(rec, lookups)
        last = chunk[-1] if wanted is not None else rows[-1].id
        session.expunge_all()
