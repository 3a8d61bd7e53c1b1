"""Editing a recommendation's content, safe against stale forms and double submits.

An edit form carries the ``version`` it was opened at and a fingerprint of the values it
showed. ``update_recommendation`` bumps the version with a guarded ``UPDATE ... WHERE
version = :seen``, so of two people saving the same version only the first succeeds. The
second save is merged field by field (``domain.merge``): a field only the other person
changed keeps their value, a field only this user changed is saved; only when both changed
the same field differently is the save refused, with ``StaleEdit`` listing those fields
side by side (and the fields of theirs that were kept). Submitting exactly what is already
stored (a double-clicked save) is accepted as a no-op.
"""

import hashlib
import json

from flask_babel import gettext as _
from sqlalchemy import select, update

from ...domain import limits
from ...domain.merge import three_way
from ...extensions import db
from ...models import Recommendation, User
from ..errors import RuleViolation
from .status import set_addressees

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
    """Someone saved the recommendation after the form was opened and changed a field this
    user changed too. ``conflicts`` lists ``(field name, label, their value, my value)``
    for display; ``kept`` the names of the fields only they changed (their values stand);
    ``version`` is the current one."""

    def __init__(self, conflicts: list[tuple[str, str, str, str]], kept: list[str], version: int):
        super().__init__("Someone else saved this recommendation after you opened the form.")
        self.conflicts = conflicts
        self.kept = kept
        self.version = version

    @property
    def kept_labels(self) -> list[str]:
        return [FIELD_LABELS[name] for name in self.kept]


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


def _shown(name: str, value) -> str:
    """A field's value (as in the form's ``values``) for display."""
    if name == "topic":
        value = value.path_en if value else ""
    elif name in ("event", "publication"):
        value = value.title if value else ""
    elif name == "supersedes":
        value = value.reference if value else ""
    elif name == "addressees":
        value = ", ".join(value or [])
    elif name == "priority":
        value = "yes" if value else "no"
    return str(value) if value not in ("", None) else "—"


def stored_values(rec: Recommendation) -> dict:
    """The stored content in the shape of the form's ``values`` (objects for the related
    records): what "keep theirs" puts back."""
    return {name: (list(rec.addressees) if name == "addressees" else getattr(rec, name))
            for name in FIELD_LABELS}


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

    :raise StaleEdit: when another save came first and changed a field this one changes
        too, to another value (other fields are merged; see the module docstring).
    :raise RuleViolation: for content rules (see ``check_content``). The caller commits.
    """
    check_content(values, rec)
    wanted = _wanted(values)
    names = list(FIELD_LABELS)
    base = _load(seen)
    for _attempt in range(3):
        current = comparable(rec)
        if wanted == current:
            return False
        bumped = db.session.execute(
            update(Recommendation)
            .where(Recommendation.id == rec.id, Recommendation.version == version)
            .values(version=Recommendation.version + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        if bumped:
            db.session.refresh(rec, ["version"])
            _apply(rec, values, [n for n in names if wanted[n] != current[n]])
            return True
        db.session.refresh(rec)
        current = comparable(rec)
        merge = three_way(base, wanted, current, _digest)
        if merge.conflicts:
            conflicts = [(n, FIELD_LABELS[n], _shown(n, stored_values(rec)[n]), _shown(n, values.get(n)))
                         for n in merge.conflicts]
            raise StaleEdit(conflicts, merge.kept, rec.version)
        # Their save stands; mine goes on top of it, field by field.
        wanted = {**current, **{n: wanted[n] for n in merge.mine}}
        values = {**stored_values(rec), **{n: values.get(n) for n in merge.mine}}
        names = merge.mine
        base = {n: _digest(v) for n, v in current.items()}
        version = rec.version
    raise StaleEdit([], [], rec.version)  # saved over three times meanwhile: try again


def _apply(rec: Recommendation, values: dict, names: list[str]) -> None:
    """Set the fields ``names`` of ``rec`` from ``values`` (form values, objects for the
    related records) and flush."""
    wanted = _wanted(values)
    for name in names:
        if name == "addressees":
            set_addressees(rec, wanted["addressees"])
        elif name == "priority":
            rec.priority = wanted["priority"]
        elif name in ("topic", "event", "publication", "supersedes"):
            setattr(rec, name, values.get(name))
        else:
            setattr(rec, name, wanted[name] or None)
    db.session.flush()


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
