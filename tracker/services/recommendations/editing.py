"""Editing a recommendation's content, safe against stale forms and double submits.

An edit form carries the ``version`` it was opened at and a fingerprint of the values it
showed. ``update_recommendation`` bumps the version with a guarded ``UPDATE ... WHERE
version = :seen``, so of two people saving the same version only the first succeeds; the
second gets ``StaleEdit`` listing the fields someone else changed meanwhile. Submitting
exactly what is already stored (a double-clicked save) is accepted as a no-op.
"""

import hashlib
import json

from flask_babel import gettext as _
from sqlalchemy import select, update

from ...domain import limits
from ...extensions import db
from ...models import Recommendation, User
from ..errors import RuleViolation

FIELD_LABELS = {
    "title_en": "Title (English)",
    "title_ja": "Title (Japanese)",
    "text_en": "Text (English)",
    "text_ja": "Text (Japanese)",
    "addressees": "Addressees",
    "priority": "Priority",
    "topic": "Topic area",
    "event": "Event",
    "publication": "Publication",
    "supersedes": "Supersedes / repeats",
    "internal_notes": "Internal notes",
}
MAX_TITLE = limits.MAX_TITLE
MAX_TEXT = limits.MAX_TEXT


class StaleEdit(RuleViolation):
    """Someone saved the recommendation after the form was opened. ``changed`` lists
    ``(field name, label, current value for display)``; ``version`` is the current one."""

    def __init__(self, changed: list[tuple[str, str, str]], version: int):
        super().__init__("Someone else saved this recommendation after you opened the form.")
        self.changed = changed
        self.version = version


def comparable(rec: Recommendation) -> dict:
    """The editable content as plain values (ids and references, not objects)."""
    return {
        "title_en": rec.title_en or "",
        "title_ja": rec.title_ja or "",
        "text_en": rec.text_en or "",
        "text_ja": rec.text_ja or "",
        "addressees": sorted(rec.addressees),
        "priority": bool(rec.priority),
        "topic": rec.topic_id,
        "event": rec.event_id,
        "publication": rec.publication_id,
        "supersedes": rec.supersedes.reference if rec.supersedes else "",
        "internal_notes": rec.internal_notes or "",
    }


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode()).hexdigest()[:16]


def fingerprint(rec: Recommendation) -> str:
    """What the edit form saw, as a compact string for a hidden field."""
    return json.dumps({k: _digest(v) for k, v in comparable(rec).items()}, separators=(",", ":"))


def _display(rec: Recommendation, name: str) -> str:
    value = {
        "topic": rec.topic.path_en if rec.topic else "",
        "event": rec.event.title if rec.event else "—",
        "publication": rec.publication.title if rec.publication else "—",
        "addressees": ", ".join(rec.addressees) or "—",
        "priority": "yes" if rec.priority else "no",
    }.get(name, comparable(rec)[name])
    return str(value) if value not in ("", None) else "—"


def _wanted(values: dict) -> dict:
    return {
        **{k: (values.get(k) or "").strip() for k in ("title_en", "title_ja", "text_en", "text_ja", "internal_notes")},
        "addressees": sorted(values.get("addressees") or []),
        "priority": bool(values.get("priority")),
        "topic": values["topic"].id if values.get("topic") else None,
        "event": values["event"].id if values.get("event") else None,
        "publication": values["publication"].id if values.get("publication") else None,
        "supersedes": values["supersedes"].reference if values.get("supersedes") else "",
    }


def check_content(values: dict, rec: Recommendation | None = None) -> None:
    """Rules shared by create and edit. :raise RuleViolation: naming the field."""
    if not (values.get("title_en") or "").strip() and not (values.get("title_ja") or "").strip():
        raise RuleViolation(_("Give a title in English or Japanese (or both)."), "title_en")
    if values.get("topic") is None:
        raise RuleViolation(_("Choose a topic area."), "topic")
    other = values.get("supersedes")
    if rec is not None and other is not None:
        seen, node = set(), other
        while node is not None and node.id not in seen:
            if node.id == rec.id:
                raise RuleViolation(_("A recommendation cannot supersede itself, even through others."), "supersedes")
            seen.add(node.id)
            node = node.supersedes


def update_recommendation(
    rec: Recommendation, values: dict, *, version: int, seen: str | None = None, user: User | None = None
) -> bool:
    """Save ``values`` (form data with objects for topic, event, publication, supersedes)
    into ``rec`` if it is still at ``version``. Returns False when nothing needed saving.

    :raise StaleEdit: when another save came first and the values differ.
    :raise RuleViolation: for content rules (see ``check_content``). The caller commits.
    """
    check_content(values, rec)
    wanted = _wanted(values)
    current = comparable(rec)
    if wanted == current:
        return False
    bumped = db.session.execute(
        update(Recommendation)
        .where(Recommendation.id == rec.id, Recommendation.version == version)
        .values(version=Recommendation.version + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not bumped:
        db.session.refresh(rec)
        current = comparable(rec)
        seen_digests = _load(seen)
        changed = [
            (name, FIELD_LABELS[name], _display(rec, name))
            for name, value in current.items()
            if ((seen_digests.get(name) != _digest(value)) if seen_digests else (value != wanted[name]))
        ]
        raise StaleEdit(changed, rec.version)
    db.session.refresh(rec, ["version"])
    for name in ("title_en", "title_ja", "text_en", "text_ja", "internal_notes"):
        setattr(rec, name, wanted[name] or None)
    rec.addressees = wanted["addressees"]
    rec.priority = wanted["priority"]
    rec.topic = values["topic"]
    rec.event = values.get("event")
    rec.publication = values.get("publication")
    rec.supersedes = values.get("supersedes")
    db.session.flush()
    return True


def _load(seen: str | None) -> dict:
    try:
        data = json.loads(seen or "")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def find_by_submission_key(key: str | None) -> Recommendation | None:
    """The recommendation already created from the form with ``key`` (double submit)."""
    if not key:
        return None
    return db.session.execute(
        select(Recommendation).where(Recommendation.submission_key == key)
    ).scalar_one_or_none()
