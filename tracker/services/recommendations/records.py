"""Creating recommendations and listing them for staff."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...domain import statuses
from ...domain import tracks as track_rule
from ...extensions import db
from ...models import Recommendation, User
from .. import clock
from ..errors import RuleViolation
from ..queries.pages import Page, paginate
from .history_order import lock_history_order
from .references import allocate_reference
from .status import record_status_change

CONTENT_FIELDS = (
    "title_en", "title_ja", "text_en", "text_ja", "priority", "topic", "event",
    "publication", "supersedes", "internal_notes",
)


def create_recommendation(
    *,
    topic,
    title_en: str | None = None,
    title_ja: str | None = None,
    text_en: str | None = None,
    text_ja: str | None = None,
    addressees=(),
    priority: bool = False,
    event=None,
    publication=None,
    supersedes=None,
    internal_notes: str | None = None,
    external_id: str | None = None,
    first_status: str = statuses.DRAFT,
    effective_on: date | None = None,
    public_note: str | None = None,
    internal_note: str | None = None,
    evidence_urls=None,
    user: User | None = None,
    year: int | None = None,
) -> Recommendation:
    """A new recommendation with the next reference of ``year`` (default: this year) and a
    first status entry on every track (draft unless ``first_status`` says otherwise,
    effective on the publication's date, or today, unless ``effective_on`` says otherwise,
    with ``internal_note`` and ``evidence_urls`` if given).

    :raise RuleViolation: when both titles are empty, the topic or every addressee is
        missing, or the first
        status entry breaks a status rule. The caller commits (or rolls back).
    """
    title_en, title_ja = (title_en or "").strip() or None, (title_ja or "").strip() or None
    if not title_en and not title_ja:
        raise RuleViolation(_("Give a title in English or Japanese (or both)."), "title_en")
    if topic is None:
        raise RuleViolation(_("Choose a topic area."), "topic")
    if not list(addressees or ()):
        raise RuleViolation(_("Choose at least one addressee."), "addressees")
    lock_history_order()  # before the reference counter's row lock (services.history_order)
    effective_on = effective_on or first_entry_default_date(publication)
    if first_status == statuses.DRAFT and not public_note:
        public_note = "Recommendation drafted."
    rec = Recommendation(
        reference=allocate_reference(year or clock.today().year),
        title_en=title_en,
        title_ja=title_ja,
        text_en=(text_en or "").strip() or None,
        text_ja=(text_ja or "").strip() or None,
        priority=bool(priority),
        topic=topic,
        event=event,
        publication=publication,
        supersedes=supersedes,
        internal_notes=(internal_notes or "").strip() or None,
        external_id=(external_id or "").strip() or None,
        created_by=user,
    )
    rec.addressees = track_rule.expand(addressees)
    db.session.add(rec)
    record_status_change(
        rec, first_status, effective_on, public_note,
        internal_note=internal_note, evidence_urls=evidence_urls, user=user,
    )
    return rec


def first_entry_default_date(publication) -> date:
    """The day a new recommendation's first status entry defaults to: its publication's
    date (when it has one that is not in the future), else today."""
    today = clock.today()
    published = getattr(publication, "published_on", None)
    return published if published is not None and published <= today else today


def get_by_reference(reference: str) -> Recommendation | None:
    return db.session.execute(
        select(Recommendation).where(Recommendation.reference == reference.strip().upper())
    ).scalar_one_or_none()


MAX_PAGE = 1_000_000  # far past any real last page; keeps SQL OFFSETs within 64 bits


def list_recommendations(page: int = 1, per_page: int = 25) -> Page:
    """Staff list: every recommendation that is not archived, most recently changed first.
    Two queries whatever the page size (rows with their topic, and the total)."""
    return paginate(
        select(Recommendation).where(Recommendation.archived_at.is_(None)), page, per_page,
        order_by=(Recommendation.status_changed_at.desc().nullslast(), Recommendation.id.desc()),
        options=(selectinload(Recommendation.topic),),
    )
