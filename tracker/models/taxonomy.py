"""Lines of effort and the topic-area taxonomy."""

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db


class LineOfEffort(db.Model):
    """One of the initiative's lines of effort (e.g. Foreign & Security Policy)."""

    __tablename__ = "line_of_effort"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_ja: Mapped[str | None] = mapped_column(String(200))
    description_en: Mapped[str | None] = mapped_column(Text)
    description_ja: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)

    topics: Mapped[list["TopicArea"]] = relationship(back_populates="line_of_effort")

    def __repr__(self) -> str:
        return f"<LineOfEffort {self.slug}>"


class TopicArea(db.Model):
    """A bilingual topic area with an optional parent, in one line of effort."""

    __tablename__ = "topic_area"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_ja: Mapped[str | None] = mapped_column(String(200))
    description_en: Mapped[str | None] = mapped_column(Text)
    description_ja: Mapped[str | None] = mapped_column(Text)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("topic_area.id"), index=True)
    line_of_effort_id: Mapped[int] = mapped_column(ForeignKey("line_of_effort.id"), index=True)

    parent: Mapped["TopicArea | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["TopicArea"]] = relationship(back_populates="parent")
    line_of_effort: Mapped[LineOfEffort] = relationship(back_populates="topics")

    @property
    def ancestors(self) -> list["TopicArea"]:
        """Parents from the root down, not including this topic."""
        chain, node = [], self.parent
        while node is not None and node not in chain:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    @property
    def path_en(self) -> str:
        return " › ".join(t.name_en for t in [*self.ancestors, self])

    def __repr__(self) -> str:
        return f"<TopicArea {self.slug}>"
