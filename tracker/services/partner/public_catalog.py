"""Read-only lists of the taxonomy and sources for partners (the JSON API and the public
pages), each with its count of public recommendations: public data only
(``services.visibility``). Re-exported by ``public_api``.
"""

from datetime import date

from sqlalchemy import func, select

from ...domain import topic_tree as topic_tree_rule
from ...extensions import db
from ...models import Event, LineOfEffort, Publication, Recommendation, TopicArea
from .. import clock
from ..queries import visibility

R, T, L, E, P = Recommendation, TopicArea, LineOfEffort, Event, Publication


def _published(today: date):
    return [visibility.publication_out_clause(today, P)]


def _counts_by(column) -> dict:
    today = clock.today()
    return dict(db.session.execute(
        select(column, func.count(R.id)).select_from(R).join(T, T.id == R.topic_id)
        .where(visibility.public_clause(today)).group_by(column)
    ).all())


def lines_of_effort() -> list[tuple[LineOfEffort, int]]:
    counts = _counts_by(T.line_of_effort_id)
    lines = db.session.execute(select(L).order_by(L.position, L.slug)).scalars()
    return [(line, counts.get(line.id, 0)) for line in lines]


def topics() -> list[tuple[TopicArea, int, int]]:
    """Every topic with its own count of public recommendations and the count including
    its sub-topics (what ``?topic=`` matches)."""
    own = _counts_by(R.topic_id)
    rows = db.session.execute(select(T).order_by(T.slug)).scalars().all()
    trees = topic_tree_rule.subtrees((t.id, t.parent_id) for t in rows)
    return [(t, own.get(t.id, 0), sum(own.get(i, 0) for i in trees[t.id])) for t in rows]


def events() -> list[tuple[Event, int]]:
    """Events that have a public recommendation or a published publication."""
    today = clock.today()
    counts = _counts_by(R.event_id)
    with_pub = set(db.session.execute(
        select(P.event_id).where(P.event_id.is_not(None), *_published(today))
    ).scalars())
    rows = db.session.execute(select(E).order_by(E.starts_on, E.slug)).scalars()
    return [(e, counts.get(e.id, 0)) for e in rows if counts.get(e.id) or e.id in with_pub]


def publications() -> list[tuple[Publication, int]]:
    """Published publications (published on or before today)."""
    counts = _counts_by(R.publication_id)
    rows = db.session.execute(
        select(P).where(*_published(clock.today())).order_by(P.published_on, P.slug)
    ).scalars()
    return [(p, counts.get(p.id, 0)) for p in rows]
