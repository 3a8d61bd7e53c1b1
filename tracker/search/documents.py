"""Turning recommendations (database rows) into index documents.

Reads with a session it is given, in batches of plain rows (no ORM objects), with the
topic tree and the small lookup tables loaded once per call, so indexing N
recommendations costs two queries per ``BATCH`` plus a handful.
"""

import hashlib
import re
from collections.abc import Iterable, Iterator
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import (
    ADDRESSEES,
    ADDRESSEES_JA,
    Event,
    LineOfEffort,
    Publication,
    Recommendation,
    RecommendationAddressee,
    TopicArea,
)
from .analysis import BODY_BOOST, META_BOOST, TITLE_BOOST
from .analyzer import STOP_WORDS

BATCH = 1000


def time_of(updated_at) -> str:
    """``updated_at`` as ISO text (comparable as is): the watermark's unit."""
    return updated_at.replace(tzinfo=None).isoformat(timespec="microseconds") if updated_at else ""


def stamp_of(updated_at, context: str = "") -> str:
    """The ``stamp`` stored with a document: ``updated_at`` as ISO text, then ``|`` and
    ``context`` (``Lookups.context``: a hash of the names of its topic with parents, line,
    event and publication). A document is stale when either part differs from what the
    database gives now, so a rename that the session hooks missed (a raw SQL update, a
    process that died before indexing) is found by the catch-up and ``search check``."""
    return f"{time_of(updated_at)}|{context}"


def _digest(*parts: str) -> str:
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).hexdigest()


def _year(rec: Recommendation) -> str:
    parts = (rec.reference or "").split("-")
    if len(parts) >= 3 and parts[-2].isdigit():
        return parts[-2]
    return str(rec.created_at.year) if rec.created_at else ""


def _day_number(day: date | None) -> int:
    return day.toordinal() if day else 0


class Lookups:
    """Topics (with their ancestors), lines, events and publications, loaded once, as
    ready-made pieces of the ``meta`` text (identical strings for identical contexts, so
    the ``meta`` field's memo in ``analysis`` analyses each combination once)."""

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
        self.topic_slugs: dict[int, str] = {}
        self.topic_names: dict[int, str] = {}
        self.topic_words: dict[int, set[str]] = {}
        for tid, topic in topics.items():
            chain, node, seen = [], topic, set()
            while node is not None and node.id not in seen:
                seen.add(node.id)
                chain.append(node)
                node = topics.get(node.parent_id)
            self.topic_slugs[tid] = ",".join(t.slug for t in chain)
            self.topic_names[tid] = "\n".join(filter(None, (n for t in chain for n in (t.name_en, t.name_ja))))
            self.topic_words[tid] = spelling_words(*(t.name_en for t in chain))
        self.topic_line = {
            tid: (lines[t.line_of_effort_id].slug if t.line_of_effort_id in lines else "")
            for tid, t in topics.items()
        }
        self._contexts: dict[tuple, str] = {}
        # Everything above, as one hash: changes whenever a name or slug that documents
        # show changes (``sync.catch_up`` then compares every document's stamp).
        self.fingerprint = _digest(*(
            f"{kind}{key}={value}" for kind, table in (
                ("t", self.topic_names), ("s", self.topic_slugs), ("l", self.topic_line),
                ("e", self.events), ("p", self.publications))
            for key, value in sorted(table.items())))

    def context(self, topic_id, event_id, publication_id) -> str:
        """The hash of what a document with these related rows shows of them (see
        ``stamp_of``); remembered per combination."""
        key = (topic_id, event_id, publication_id)
        found = self._contexts.get(key)
        if found is None:
            found = self._contexts[key] = _digest(
                self.topic_names.get(topic_id, ""), self.topic_slugs.get(topic_id, ""),
                self.topic_line.get(topic_id, ""), self.events.get(event_id, ""),
                self.publications.get(publication_id, ""))
        return found

    def stamp(self, rec) -> str:
        """The stamp of ``rec`` (anything with ``updated_at``, ``topic_id``, ``event_id``
        and ``publication_id``) as it would be indexed now."""
        return stamp_of(rec.updated_at, self.context(rec.topic_id, rec.event_id,
                                                     rec.publication_id))


def spelling_words(*texts: str | None) -> set[str]:
    """Distinct lower-case English words (3+ letters, not stop words) of ``texts``: the
    "did you mean" vocabulary (a small un-analysed field instead of a second copy of every
    text). Stop words are left out: a suggestion is never one."""
    words = {w.lower() for text in texts if text for w in _SPELL_WORD.findall(text)}
    return words - STOP_WORDS


_SPELL_WORD = re.compile(r"[A-Za-z]{3,}")
COLUMNS = (Recommendation.id, Recommendation.updated_at, Recommendation.reference,
           Recommendation.title_en, Recommendation.title_ja, Recommendation.text_en,
           Recommendation.text_ja, Recommendation.topic_id, Recommendation.event_id,
           Recommendation.publication_id, Recommendation.status, Recommendation.priority,
           Recommendation.status_since, Recommendation.created_at)


def track_status(addressee: str, status: str) -> str:
    """The ``track_status`` facet value of a track: ``"us_government:implemented"``."""
    return f"{addressee}:{status}"


def document(rec, tracks: list[tuple[str, str]], lookups: Lookups) -> dict:
    """The index document for ``rec`` (a row with ``COLUMNS``, or a Recommendation) and
    its tracks as ``(addressee key, track status)`` pairs (see ``analysis.make_schema``)."""
    addressees = [a for a, _ in tracks]
    return {
        "id": str(rec.id),
        "stamp": lookups.stamp(rec),
        "reference": rec.reference,
        "text": (
            (rec.title_en, TITLE_BOOST, False), (rec.title_ja, TITLE_BOOST, False),
            (rec.text_en, BODY_BOOST, False), (rec.text_ja, BODY_BOOST, False),
            ("\n".join(filter(None, (
                lookups.topic_names.get(rec.topic_id),
                lookups.events.get(rec.event_id), lookups.publications.get(rec.publication_id),
                *(f"{ADDRESSEES.get(a, a)} {ADDRESSEES_JA.get(a, '')}" for a in addressees),
            ))), META_BOOST, True),
        ),
        "spell": " ".join(sorted(spelling_words(rec.title_en, rec.text_en)
                                 | lookups.topic_words.get(rec.topic_id, set()))),
        "status": rec.status,
        "topics": lookups.topic_slugs.get(rec.topic_id, ""),
        "line": lookups.topic_line.get(rec.topic_id, ""),
        "addressee": ",".join(addressees),
        "track_status": ",".join(track_status(a, s) for a, s in tracks),
        "year": _year(rec),
        "priority": bool(rec.priority),
        "status_date": _day_number(rec.status_since),
    }


def indexable_clause():
    """Recommendations that belong in the index: all but archived ones."""
    return Recommendation.archived_at.is_(None)


def load_documents(session: Session, ids: Iterable[int] | None = None, *, after: int = 0,
                   upto: int | None = None) -> Iterator[dict]:
    """Documents for the indexable recommendations among ``ids`` (all when None) with ids
    in ``(after, upto]`` (no upper bound when ``upto`` is None), in id order, ``BATCH`` at
    a time: two queries per batch (plain rows, then their tracks), no ORM objects.
    Ids that are missing or archived yield nothing."""
    lookups = Lookups(session)
    wanted = None if ids is None else sorted(set(ids))
    last = after
    while True:
        stmt = (
            select(*COLUMNS)
            .where(indexable_clause(), Recommendation.id > last)
            .order_by(Recommendation.id)
            .limit(BATCH)
        )
        if upto is not None:
            stmt = stmt.where(Recommendation.id <= upto)
        if wanted is not None:
            chunk = [i for i in wanted if i > last][:BATCH]
            if not chunk:
                return
            stmt = stmt.where(Recommendation.id.in_(chunk))
        rows = session.execute(stmt).all()
        if wanted is None and not rows:
            return
        tracks: dict[int, list[tuple[str, str]]] = {}
        if rows:
            owner = RecommendationAddressee.recommendation_id
            for rec_id, key, status in session.execute(
                select(owner, RecommendationAddressee.addressee, RecommendationAddressee.status)
                .where(owner.between(rows[0].id, rows[-1].id) if wanted is None
                       else owner.in_([r.id for r in rows]))
                .order_by(RecommendationAddressee.recommendation_id, RecommendationAddressee.addressee)
            ):
                tracks.setdefault(rec_id, []).append((key, status))
        for row in rows:
            yield document(row, tracks.get(row.id, []), lookups)
        last = chunk[-1] if wanted is not None else rows[-1].id
