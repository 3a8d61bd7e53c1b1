"""Recommendations and their append-only status history."""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy import (
    false as sa_false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain import statuses
from ..extensions import db
from .types import UTCDateTime, utcnow

# The addressees a recommendation can have; each is a track with its own status history
# (``domain.tracks``). "Both governments" is no longer one: migration 0013 turned it into a
# US track and a Japan track.
ADDRESSEES = {
    "us_government": "US government",
    "government_of_japan": "Government of Japan",
    "private_sector": "Private sector",
    "multilateral": "Multilateral",
    "other": "Other",
}
# Each addressee's bit in ``Recommendation.addressee_bits``: its position in the list of
# migration 0009, which holds the same numbers for the triggers (a test checks they agree).
# Bit 4 belonged to the retired "both_governments".
ADDRESSEE_BITS = {"us_government": 1, "government_of_japan": 2, "private_sector": 8,
                  "multilateral": 16, "other": 32}
ADDRESSEES_JA = {
    "us_government": "米国政府",
    "government_of_japan": "日本政府",
    "private_sector": "民間セクター",
    "multilateral": "多国間機関",
    "other": "その他",
}


ADDRESSEE_ORDER = {key: position for position, key in enumerate(ADDRESSEES)}


class ReferenceCounter(db.Model):
    """Last reference number handed out per year. Only ever incremented, so a reference
    is never reused, even after its recommendation is archived."""

    __tablename__ = "reference_counter"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(default=0)


class RecommendationAddressee(db.Model):
    """One addressee of a recommendation (a recommendation has one or more), and its
    *track*: the addressee's own status, derived from the entries of the history that name
    this addressee (``StatusChange.addressee``). ``status``, ``status_since``,
    ``status_changed_at`` and ``regressed`` are written only by
    ``services.recommendations.status``. ``agency`` optionally narrows the track to an
    agency or ministry (free text, e.g. "METI")."""

    __tablename__ = "recommendation_addressee"
    __table_args__ = (
        # The per-government boards count tracks by addressee and status without the wide
        # recommendation rows.
        Index("ix_recommendation_addressee_track", "addressee", "status", "recommendation_id"),
    )

    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), primary_key=True
    )
    addressee: Mapped[str] = mapped_column(String(30), primary_key=True, index=True)
    agency: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(30), default=statuses.DRAFT, server_default=statuses.DRAFT)
    status_since: Mapped[date | None] = mapped_column(Date)
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    regressed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())

    @property
    def status_info(self) -> statuses.Status:
        return statuses.get(self.status)


# A track is an addressee row: the name the status code uses.
Track = RecommendationAddressee


class Recommendation(db.Model):
    """A policy recommendation.

    ``status``, ``status_since``, ``status_changed_at``, ``regressed`` and ``open_since``
    are the *overall* state, derived from the tracks (``domain.tracks``) and written only
    by ``services.recommendations.status``; never set them by hand.
    ``version`` counts saved edits of the content, for detecting a stale edit form.
    """

    __tablename__ = "recommendation"
    __table_args__ = (
        CheckConstraint(
            "title_en IS NOT NULL OR title_ja IS NOT NULL", name="title_in_some_language"
        ),
        # Covering indexes for the boards (read without touching the wide rows): the
        # overview's topic x event x publication x status groups, and the column board's
        # counts and newest-first cards per status.
        Index("ix_recommendation_board_groups", "archived_at", "topic_id", "event_id",
              "publication_id", "status"),
        # The trend chart looks each history entry's recommendation up by id: this narrow
        # covering index answers the filters from a few pages instead of the wide rows.
        Index("ix_recommendation_trend", "id", "archived_at", "topic_id", "priority"),
        Index("ix_recommendation_board_status", "archived_at", "status", "status_since"),
        # The translation summary's counts (on the overview board) from a scan of this
        # narrow index. Not led by archived_at: SQLite's planner would then take it for the
        # boards' "archived_at IS NULL" instead of their own covering indexes.
        Index("ix_recommendation_translation", "en_updated_at", "ja_updated_at", "archived_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    # Key of the row in an outside spreadsheet or system, so re-imports update this row.
    external_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    title_en: Mapped[str | None] = mapped_column(String(500))
    title_ja: Mapped[str | None] = mapped_column(String(500))
    text_en: Mapped[str | None] = mapped_column(Text)
    text_ja: Mapped[str | None] = mapped_column(Text)
    priority: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic_area.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"), index=True)
    publication_id: Mapped[int | None] = mapped_column(ForeignKey("publication.id"), index=True)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("recommendation.id"), index=True)
    internal_notes: Mapped[str | None] = mapped_column(Text)

    status: Mapped[str] = mapped_column(String(30), default=statuses.DRAFT, index=True)
    status_since: Mapped[date | None] = mapped_column(Date, index=True)
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    regressed: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    # The earliest ``status_since`` of the open tracks: the recommendation is stale when it
    # is before the stale cutoff (``domain.tracks.is_stale``). Derived, like ``status``.
    open_since: Mapped[date | None] = mapped_column(Date, index=True)
    # The addressees as ``ADDRESSEE_BITS``, kept by database triggers on
    # ``recommendation_addressee`` (migration 0009) for the board tally; never set it.
    addressee_bits: Mapped[int] = mapped_column(Integer, server_default="0")

    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, index=True)
    # When the English / Japanese title or text last changed (set only by tracker.translation_clock);
    # None while that language has neither title nor text.
    en_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    ja_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # Random key of the create form it came from: a second submit of that form finds it.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)

    topic = relationship("TopicArea")
    event = relationship("Event")
    publication = relationship("Publication")
    supersedes: Mapped["Recommendation | None"] = relationship(remote_side=[id])
    created_by = relationship("User")
    addressee_rows: Mapped[list[RecommendationAddressee]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by=RecommendationAddressee.addressee
    )
    status_changes: Mapped[list["StatusChange"]] = relationship(
        back_populates="recommendation",
        order_by="StatusChange.id",
        cascade="all, delete-orphan",
        foreign_keys="StatusChange.recommendation_id",
    )

    @property
    def addressees(self) -> list[str]:
        return [row.addressee for row in self.addressee_rows]

    @property
    def tracks(self) -> list[RecommendationAddressee]:
        """The tracks, governments first (US, Japan), then the other addressees."""
        return sorted(self.addressee_rows, key=lambda t: (ADDRESSEE_ORDER.get(t.addressee, 99),))

    def track(self, addressee: str) -> RecommendationAddressee | None:
        return next((t for t in self.addressee_rows if t.addressee == addressee), None)

    @addressees.setter
    def addressees(self, keys) -> None:
        wanted = list(dict.fromkeys(keys))
        unknown = [k for k in wanted if k not in ADDRESSEES]
        if unknown:
            raise ValueError(f"unknown addressee(s): {', '.join(unknown)}")
        kept = [row for row in self.addressee_rows if row.addressee in wanted]
        have = {row.addressee for row in kept}
        self.addressee_rows = kept + [
            RecommendationAddressee(addressee=k) for k in wanted if k not in have
        ]

    @property
    def title(self) -> str:
        """The English title, or the Japanese one where English is missing."""
        return self.title_en or self.title_ja or ""

    @property
    def status_info(self) -> statuses.Status:
        return statuses.get(self.status)

    def __repr__(self) -> str:
        return f"<Recommendation {self.reference}>"


class StatusChange(db.Model):
    """One entry of a recommendation's status history, on one track (``addressee``). Append-only: rows are inserted by
    ``services.status`` and never deleted, nor updated except the derived
    ``previous_status``.

    An ordinary entry (``kind='change'``) moves the recommendation to ``to_status`` from
    ``effective_on``. A retraction (``kind='retraction'``) cancels the entry named by
    ``retracts_id``; its ``public_note`` is the reason. The retracted entry stays in the
    table (visible to staff) but no longer counts for the status. ``recorded_by_name``
    keeps who recorded it even if the user is later removed.

    ``previous_status`` is derived, the one column ever updated: for an active entry, the
    ``to_status`` of the active entry before it in the history order (effective date,
    recorded at, id), None for the first one; None for retracted entries and retractions.
    ``services.status`` keeps it in step with every write (``refresh_derived_status``), so
    the trend and as-of boards read each entry's move without a window over the history.
    """

    __tablename__ = "status_change"
    __table_args__ = (
        CheckConstraint("kind IN ('change', 'retraction')", name="kind"),
        CheckConstraint(
            "(kind = 'change' AND to_status IS NOT NULL AND retracts_id IS NULL)"
            " OR (kind = 'retraction' AND retracts_id IS NOT NULL)",
            name="change_or_retraction",
        ),
        # Covering index of the history in its order (the as-of status, trend and movement
        # read the entries of each recommendation without touching the wide rows).
        Index("ix_status_change_history", "recommendation_id", "effective_on", "recorded_at",
              "id", "kind", "to_status"),
        # The trend chart's GROUP BY (day, status, previous status) in index order.
        Index("ix_status_change_trend", "kind", "effective_on", "to_status", "previous_status",
              "recommendation_id"),
        # A retried submission of the same form records one entry per track
        # (web/recommendations/status_changes.py).
        Index("uq_status_change_submission_track", "submission_key", "addressee", unique=True),
        # Each track's history in its order (the per-government as-of status and trend).
        Index("ix_status_change_track_history", "recommendation_id", "addressee", "effective_on",
              "recorded_at", "id", "kind", "to_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(12), default="change")
    # The track (addressee) this entry belongs to; a retraction names its entry's track.
    addressee: Mapped[str | None] = mapped_column(String(30))
    to_status: Mapped[str | None] = mapped_column(String(30), index=True)
    previous_status: Mapped[str | None] = mapped_column(String(30))
    effective_on: Mapped[date] = mapped_column(Date, index=True)
    public_note: Mapped[str] = mapped_column(Text)
    internal_note: Mapped[str | None] = mapped_column(Text)
    evidence_urls: Mapped[list] = mapped_column(JSON, default=list)
    retracts_id: Mapped[int | None] = mapped_column(ForeignKey("status_change.id"), unique=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    recorded_by_name: Mapped[str | None] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    submission_key: Mapped[str | None] = mapped_column(String(64))

    recommendation: Mapped[Recommendation] = relationship(
        back_populates="status_changes", foreign_keys=[recommendation_id]
    )
    retracts: Mapped["StatusChange | None"] = relationship(
        remote_side=[id], foreign_keys=[retracts_id], back_populates="retracted_by"
    )
    retracted_by: Mapped["StatusChange | None"] = relationship(
        foreign_keys=[retracts_id], back_populates="retracts", uselist=False
    )
    recorded_by = relationship("User")

    @property
    def is_retraction(self) -> bool:
        return self.kind == "retraction"

    @property
    def is_retracted(self) -> bool:
        return self.retracted_by is not None

    def __repr__(self) -> str:
        return f"<StatusChange {self.id} {self.kind} {self.to_status} {self.effective_on}>"


class StatusTimeline(db.Model):
    """The overall status history of a recommendation, derived from its tracks
    (``domain.tracks.overall_timeline``): one row per day the overall status changed.
    Rewritten by ``services.recommendations.status`` with every history write, never by
    hand. The boards read the overall as-of status and trend from it with the same SQL
    they use for one track's entries (``services.queries.status_sql``)."""

    __tablename__ = "status_timeline"
    __table_args__ = (
        Index("ix_status_timeline_history", "recommendation_id", "effective_on", "id", "to_status"),
        Index("ix_status_timeline_trend", "effective_on", "to_status", "previous_status",
              "recommendation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"))
    effective_on: Mapped[date] = mapped_column(Date)
    to_status: Mapped[str] = mapped_column(String(30))
    previous_status: Mapped[str | None] = mapped_column(String(30))

    def __repr__(self) -> str:
        return f"<StatusTimeline {self.recommendation_id} {self.effective_on} {self.to_status}>"
