"""Counts of public recommendations for ``/api/v1/stats`` (public data only)."""

from sqlalchemy import func, select

from ...domain import statuses
from ...domain import tracks as tracks_rule
from ...extensions import db
from ...models import LineOfEffort, Recommendation, RecommendationAddressee, TopicArea
from .. import clock
from ..queries import visibility

R, T, L, A = Recommendation, TopicArea, LineOfEffort, RecommendationAddressee
PUBLIC_STATUSES = tuple(k for k in statuses.KEYS if k != statuses.DRAFT)


def stats() -> dict:
    """Counts of public recommendations by (overall) status, by topic x status and by line
    of effort x status (the overview board's numbers, public data only), and per government
    the count of its tracks by status (``by_government``; a track without a public entry
    yet is not counted)."""
    today = clock.today()
    zero = dict.fromkeys(PUBLIC_STATUSES, 0)
    by_status, by_topic, by_line = dict(zero), {}, {}
    rows = db.session.execute(
        select(T.slug, L.slug, R.status, func.count(R.id)).select_from(R)
        .join(T, T.id == R.topic_id).join(L, L.id == T.line_of_effort_id)
        .where(visibility.public_clause(today)).group_by(T.slug, L.slug, R.status)
    ).all()
    for topic_slug, line_slug, status, n in rows:
        by_status[status] += n
        by_topic.setdefault(topic_slug, dict(zero))[status] += n
        by_line.setdefault(line_slug, dict(zero))[status] += n
    by_government = {key: dict(zero) for key in tracks_rule.GOVERNMENTS}
    for addressee, status, n in db.session.execute(
        select(A.addressee, A.status, func.count()).select_from(A).join(R, R.id == A.recommendation_id)
        .where(visibility.public_clause(today), A.addressee.in_(tracks_rule.GOVERNMENTS),
               A.status != statuses.DRAFT)
        .group_by(A.addressee, A.status)
    ).all():
        by_government[addressee][status] += n
    return {"total": sum(by_status.values()), "by_status": by_status,
            "by_topic": by_topic, "by_line_of_effort": by_line, "by_government": by_government}
