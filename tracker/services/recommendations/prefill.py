""""Start from a publication": what a new recommendation of a publication most likely
shares with the publication's earlier entries.

``from_publication`` gives the publication, and the most common event, topic (and so line
of effort) and set of addressees among the publication's recommendations (archived ones
left out); ties go to the most recent entry. Without earlier entries, the event is the
publication's own. Three queries.
"""

from collections import Counter

from sqlalchemy import select

from ...extensions import db
from ...models import Publication, Recommendation, RecommendationAddressee


def find_publication(key: str | None) -> Publication | None:
    """The publication named by ``key`` (its slug or its id), or None."""
    key = (key or "").strip()
    if not key or len(key) > 120:
        return None
    if key.isascii() and key.isdigit() and len(key) < 10:
        found = db.session.get(Publication, int(key))
        if found is not None:
            return found
    return db.session.execute(select(Publication).where(Publication.slug == key)).scalar_one_or_none()


def _most_common(values: list):
    """The most common value of ``values`` (newest first: a tie goes to the newest)."""
    counts = Counter(values)
    return max(counts, key=lambda v: (counts[v], -values.index(v))) if values else None


def from_publication(publication: Publication) -> dict:
    """``{"publication", "event", "topic", "addressees"}``: ids (or None) and a list of
    addressee keys, for the create form's initial data."""
    rows = db.session.execute(
        select(Recommendation.id, Recommendation.event_id, Recommendation.topic_id)
        .where(Recommendation.publication_id == publication.id, Recommendation.archived_at.is_(None))
        .order_by(Recommendation.id.desc())
    ).all()
    events = [r.event_id for r in rows if r.event_id is not None]
    topics = [r.topic_id for r in rows]
    sets: dict[int, list[str]] = {r.id: [] for r in rows}
    if rows:
        for rec_id, addressee in db.session.execute(
            select(RecommendationAddressee.recommendation_id, RecommendationAddressee.addressee)
            .join(Recommendation, Recommendation.id == RecommendationAddressee.recommendation_id)
            .where(Recommendation.publication_id == publication.id, Recommendation.archived_at.is_(None))
            .order_by(RecommendationAddressee.addressee)
        ):
            sets[rec_id].append(addressee)
    addressees = _most_common([tuple(sets[r.id]) for r in rows if sets[r.id]])
    return {
        "publication": publication.id,
        "event": _most_common(events) or publication.event_id,
        "topic": _most_common(topics),
        "addressees": list(addressees or ()),
    }
