"""Translation status: which records lack a language, or have one older than the other.

A recommendation needs translating when it has English title/text but no Japanese
(``missing_ja``) or the reverse (``missing_en``), or when one language was edited after
the other (``outdated_ja``: the English was edited after the Japanese; ``outdated_en``
the reverse). The per-language times come from ``tracker.translation_clock``. Archived
recommendations are left out. Events, publications and topic areas are listed when their
title (name) is missing in one language.
"""

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...models import Event, Publication, Recommendation, TopicArea
from ..queries.pages import Page, paginate

KINDS = ("missing_ja", "missing_en", "outdated_ja", "outdated_en")
R = Recommendation


def _conditions() -> dict:
    both = and_(R.en_updated_at.is_not(None), R.ja_updated_at.is_not(None))
    return {
        "missing_ja": and_(R.en_updated_at.is_not(None), R.ja_updated_at.is_(None)),
        "missing_en": and_(R.ja_updated_at.is_not(None), R.en_updated_at.is_(None)),
        "outdated_ja": and_(both, R.en_updated_at > R.ja_updated_at),
        "outdated_en": and_(both, R.ja_updated_at > R.en_updated_at),
    }


def counts() -> dict[str, int]:
    """Recommendations per kind (``KINDS``) and ``total`` (needing any work); one query."""
    conditions = _conditions()
    row = db.session.execute(
        select(*[func.count().filter(conditions[k]).label(k) for k in KINDS],
               func.count().filter(or_(*conditions.values())).label("total"))
        .select_from(R).where(R.archived_at.is_(None))
    ).one()
    return dict(row._mapping)


def recommendations(kind: str | None = None, page: int = 1, per_page: int = 25) -> Page:
    """Recommendations needing translation (of ``kind``, or of any kind), the one whose
    other language changed most recently first. :raise KeyError: unknown ``kind``."""
    conditions = _conditions()
    where = conditions[kind] if kind else or_(*conditions.values())
    newest = func.coalesce(R.en_updated_at, R.ja_updated_at)
    return paginate(select(R).where(R.archived_at.is_(None), where), page, per_page,
                    order_by=(newest.desc(), R.reference), options=(selectinload(R.topic),))


def kind_of(rec: Recommendation) -> str | None:
    """Which of ``KINDS`` ``rec`` is (None: nothing to translate)."""
    en, ja = rec.en_updated_at, rec.ja_updated_at
    if en and not ja:
        return "missing_ja"
    if ja and not en:
        return "missing_en"
    if en and ja and en != ja:
        return "outdated_ja" if en > ja else "outdated_en"
    return None


def catalog_missing() -> list[tuple[str, object, str]]:
    """``(kind, object, missing language)`` for events, publications and topic areas with
    a title (name) in one language only."""
    found = []
    for kind, model, en, ja in (("events", Event, Event.title_en, Event.title_ja),
                                ("publications", Publication, Publication.title_en, Publication.title_ja),
                                ("topics", TopicArea, TopicArea.name_en, TopicArea.name_ja)):
        empty_en = or_(en.is_(None), func.trim(en) == "")
        empty_ja = or_(ja.is_(None), func.trim(ja) == "")
        for obj in db.session.execute(select(model).where(or_(empty_en, empty_ja)).order_by(model.slug)).scalars():
            missing = "ja" if not (getattr(obj, ja.key) or "").strip() else "en"
            if (getattr(obj, en.key) or "").strip() or (getattr(obj, ja.key) or "").strip():
                found.append((kind, obj, missing))
    return found
