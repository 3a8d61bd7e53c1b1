"""Per-language edit times of a recommendation: ``en_updated_at`` / ``ja_updated_at``.

The one place that sets them: a ``before_flush`` listener on every session (registered by
``tracker.listeners``), so every way of
writing a recommendation (web forms, spreadsheet import, backup load, CLI, tests) keeps
them right without calling anything. A language's time moves when its title or text
changes (or is first given); it becomes None when that language has no title and no text.
The translation-status page (``services.translations``) compares the two.
"""

from sqlalchemy import inspect

from ...models import Recommendation, utcnow

FIELDS = {"en": ("title_en", "text_en"), "ja": ("title_ja", "text_ja")}


def _has_text(rec: Recommendation, lang: str) -> bool:
    return any((getattr(rec, name) or "").strip() for name in FIELDS[lang])


def stamp(rec: Recommendation, *, new: bool) -> None:
    """Set ``rec``'s per-language times from what changed since it was loaded."""
    state = inspect(rec)
    now = None
    for lang, names in FIELDS.items():
        column = f"{lang}_updated_at"
        if not _has_text(rec, lang):
            if getattr(rec, column) is not None:
                setattr(rec, column, None)
            continue
        changed = new or any(state.attrs[name].history.has_changes() for name in names)
        if changed or getattr(rec, column) is None:
            if state.attrs[column].history.has_changes():
                continue  # set explicitly (a backup load keeps its own times)
            # Both languages edited in one save get the same time: neither is "older".
            now = now or utcnow()
            setattr(rec, column, now)


def _before_flush(session, flush_context, instances) -> None:
    for obj in session.new:
        if isinstance(obj, Recommendation):
            stamp(obj, new=True)
    for obj in session.dirty:
        if isinstance(obj, Recommendation) and session.is_modified(obj, include_collections=False):
            stamp(obj, new=False)
