"""Where recommendations come from: events and publications."""

from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db

EVENT_KINDS = {
    "roundtable": "Roundtable",
    "workshop": "Workshop",
    "conference": "Conference",
    "symposium": "Symposium",
    "interview": "Policy-maker interview",
    "other": "Other",
}

PUBLICATION_KINDS = {
    "roundtable_report": "Roundtable report",
    "workshop_report": "Workshop report",
    "scholar_article": "Scholar article",
    "policy_recommendations": "Policy recommendations",
    "alliance_digest": "Alliance Digest",
}


class Event(db.Model):
    """A roundtable, workshop, conference... Roundtables are not-for-attribution:
    no participant is ever stored."""

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    title_en: Mapped[str | None] = mapped_column(String(300))
    title_ja: Mapped[str | None] = mapped_column(String(300))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    location: Mapped[str | None] = mapped_column(String(200))
    description_en: Mapped[str | None] = mapped_column(Text)
    description_ja: Mapped[str | None] = mapped_column(Text)
    line_of_effort_id: Mapped[int | None] = mapped_column(ForeignKey("line_of_effort.id"), index=True)

    line_of_effort = relationship("LineOfEffort")
    publications: Mapped[list["Publication"]] = relationship(back_populates="event")

    @property
    def title(self) -> str:
        return self.title_en or self.title_ja or self.slug

    @property
    def kind_label(self) -> str:
        return EVENT_KINDS.get(self.kind, self.kind)

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"


class Publication(db.Model):
    """A report, article or paper. Unpublished while ``published_on`` is empty or in the
    future; recommendations in it are then not public (see services.visibility)."""

    __tablename__ = "publication"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    title_en: Mapped[str | None] = mapped_column(String(300))
    title_ja: Mapped[str | None] = mapped_column(String(300))
    published_on: Mapped[date | None] = mapped_column(Date, index=True)
    url: Mapped[str | None] = mapped_column(String(500))
    authors: Mapped[str | None] = mapped_column(String(500))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"), index=True)

    event: Mapped[Event | None] = relationship(back_populates="publications")

    @property
    def title(self) -> str:
        return self.title_en or self.title_ja or self.slug

    @property
    def kind_label(self) -> str:
        return PUBLICATION_KINDS.get(self.kind, self.kind)

    def __repr__(self) -> str:
        return f"<Publication {self.slug}>"
