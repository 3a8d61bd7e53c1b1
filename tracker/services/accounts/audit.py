"""The audit log, written automatically from SQLAlchemy session events.

Every flush that inserts, updates or deletes one of the ``TRACKED`` models appends one
``audit_log`` row per object, in the same transaction (a rolled-back write leaves no
entry; a committed one always has its entry). Forms, imports, the CLI and the API are all
audited without calling anything here. Who: the logged-in user in a request, else
"cli/system"; ``via("import: file.csv")`` adds a label for a block of work.

Recorded per entry: action, object type/id/repr and the changed columns before and after.
Never recorded: password and token hashes (a password change shows as ``"(changed)"``),
and bookkeeping columns (``QUIET``). An update touching only bookkeeping or derived status
columns is skipped (the status change itself is the entry that matters); a user update
touching only ``last_login_at`` is recorded as ``login``.

Not seen: bulk ``update()``/``delete()`` statements, which bypass the session's unit of
work. App code does not use them on tracked models.

The log is append-only: rows are inserted with Core statements, and a flush that would
update or delete an ``AuditLog`` object raises ``AuditLogIsAppendOnly``.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from flask import g, has_request_context
from sqlalchemy import insert, inspect, update

from ...extensions import db
from ...models import (
    ApiToken,
    AuditLog,
    Event,
    LineOfEffort,
    Publication,
    Recommendation,
    StatusChange,
    TopicArea,
    User,
    utcnow,
)
from .. import clock
from ..queries.pages import paginate

TRACKED = (Recommendation, StatusChange, TopicArea, LineOfEffort, Event, Publication, User, ApiToken)
SECRET = frozenset({"password_hash", "token_hash"})
QUIET = frozenset({"updated_at", "version", "last_used_at", "created_at"})
DERIVED = {Recommendation: frozenset({"status", "status_since", "status_changed_at", "regressed",
                                      "open_since"}),
           StatusChange: frozenset({"previous_status"})}
ACTIONS = ("create", "update", "delete", "status_change", "retraction", "archive", "unarchive",
           "revoke", "login")
SYSTEM_ACTOR = "cli/system"

_via: ContextVar[str | None] = ContextVar("audit_via", default=None)


class AuditLogIsAppendOnly(RuntimeError):
    """Raised when a flush would change or delete an audit entry."""


@contextmanager
def via(label: str):
    """Label the entries written inside this block, e.g. ``via("import: recs.csv")``."""
    token = _via.set(label)
    try:
        yield
    finally:
        _via.reset(token)


def _jsonable(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)


def _actor() -> tuple[int | None, str]:
    user_id, name = None, SYSTEM_ACTOR
    if has_request_context():
        user = g.get("_login_user")
        if user is not None and getattr(user, "is_authenticated", False):
            user_id, name = user.id, f"{user.name} <{user.email}>"
        else:
            name = "anonymous"
    label = _via.get()
    return user_id, f"{name} via {label}" if label else name


def _columns(obj):
    return [attr.key for attr in inspect(obj).mapper.column_attrs]


def _snapshot(obj, *, full: bool = True) -> dict:
    """Column values (never secrets); ``full=False`` also leaves out bookkeeping and
    derived columns (a new recommendation's status is in its first status entry)."""
    skip = SECRET if full else SECRET | QUIET | DERIVED.get(type(obj), frozenset())
    data = {}
    for key in _columns(obj):
        if key in skip:
            continue
        data[key] = _jsonable(getattr(obj, key))
    if isinstance(obj, Recommendation):
        data["addressees"] = sorted(obj.addressees)
    return data


def _diff(obj) -> tuple[dict, dict]:
    """Changed columns of a dirty object: (before, after)."""
    state = inspect(obj)
    before, after = {}, {}
    for key in _columns(obj):
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if old == new and history.deleted:
            continue
        if key in SECRET:
            before["password" if key == "password_hash" else key] = "(hidden)"
            after["password" if key == "password_hash" else key] = "(changed)"
        else:
            before[key], after[key] = _jsonable(old), _jsonable(new)
    if isinstance(obj, Recommendation):
        rows = state.attrs["addressee_rows"].history
        if rows.added or rows.deleted:
            before["addressees"] = sorted(r.addressee for r in (*rows.unchanged, *rows.deleted))
            after["addressees"] = sorted(r.addressee for r in (*rows.unchanged, *rows.added))
    return before, after


def _repr(obj) -> str:
    if isinstance(obj, Recommendation):
        return f"{obj.reference} {obj.title}"[:300]
    if isinstance(obj, StatusChange):
        rec = obj.recommendation
        ref = rec.reference if rec is not None else f"#{obj.recommendation_id}"
        what = f"retracts entry {obj.retracts_id}" if obj.kind == "retraction" else f"→ {obj.to_status}"
        return f"{ref} {what} ({obj.effective_on})"[:300]
    if isinstance(obj, User):
        return f"{obj.name} <{obj.email}> ({obj.role})"[:300]
    if isinstance(obj, ApiToken):
        return f"{obj.partner} ({obj.prefix}…)"[:300]
    for attr in ("name_en", "title_en", "title_ja", "slug"):
        value = getattr(obj, attr, None)
        if value:
            return str(value)[:300]
    return f"{type(obj).__name__} #{getattr(obj, 'id', '?')}"


def _update_action(obj, before: dict, after: dict) -> str | None:
    keys = set(after) | set(before)
    significant = keys - QUIET - DERIVED.get(type(obj), frozenset())
    if not significant:
        return None
    if isinstance(obj, User) and significant == {"last_login_at"}:
        return "login"
    if isinstance(obj, Recommendation) and "archived_at" in significant:
        return "archive" if after.get("archived_at") else "unarchive"
    if isinstance(obj, ApiToken) and "revoked_at" in significant and after.get("revoked_at"):
        return "revoke"
    return "update"


def _status_before(change: StatusChange) -> dict | None:
    """The status of the entry's track before it (the overall status for an entry with no
    track), or None for a new recommendation."""
    rec = change.recommendation
    if rec is None or not inspect(rec).persistent:
        return None
    holder = rec.track(change.addressee) if change.addressee else None
    holder = holder if holder is not None and inspect(holder).persistent else rec
    history = inspect(holder).attrs["status"].history
    return {"status": history.deleted[0] if history.deleted else holder.status}


def _before_flush(session, _context, _instances):
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, AuditLog) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditLogIsAppendOnly("The audit log is append-only.")
    pending = session.info.setdefault("audit_pending", [])
    for obj in session.new:
        if isinstance(obj, TRACKED):
            action = "create"
            before = None
            if isinstance(obj, StatusChange):
                action = "retraction" if obj.kind == "retraction" else "status_change"
                before = _status_before(obj)
            pending.append({"obj": obj, "action": action, "before": before, "after": None})
    for obj in session.dirty:
        if isinstance(obj, TRACKED) and session.is_modified(obj):
            before, after = _diff(obj)
            action = _update_action(obj, before, after)
            if action:
                pending.append({"obj": obj, "action": action, "before": before, "after": after,
                                "repr": _repr(obj)})
    for obj in session.deleted:
        if isinstance(obj, TRACKED):
            pending.append({"obj": obj, "action": "delete", "before": _snapshot(obj), "after": None,
                            "repr": _repr(obj), "id": obj.id})


def _after_flush(session, _context):
    pending = session.info.pop("audit_pending", None)
    if not pending:
        return
    user_id, actor = _actor()
    request_id = g.get("request_id") if has_request_context() else None
    now = utcnow()
    rows = []
    for entry in pending:
        obj = entry["obj"]
        after = entry["after"]
        if after is None and entry["action"] != "delete":
            after = _snapshot(obj, full=False)  # a new row, now that defaults are set
        rows.append({
            "at": now,
            "user_id": user_id,
            "actor": actor[:300],
            "action": entry["action"],
            "object_type": type(obj).__name__,
            "object_id": entry.get("id", getattr(obj, "id", None)),
            "object_repr": entry.get("repr") or _repr(obj),
            "before": entry["before"],
            "after": after,
            "request_id": request_id,
        })
    connection = session.connection()
    written = session.info.setdefault("audit_written", {})
    others = [row for row in rows if row["action"] != "update"]
    if others:
        connection.execute(insert(AuditLog), others)
    for row in (row for row in rows if row["action"] == "update"):
        key = (row["object_type"], row["object_id"])
        if row["action"] == "update" and key in written:
            # The same object changed again in this (uncommitted) transaction, e.g. by an
            # autoflush halfway through one edit: one entry per edit, first "before" wins.
            entry_id, before, after = written[key]
            before = {**row["before"], **before}
            after = {**after, **row["after"]}
            connection.execute(update(AuditLog).where(AuditLog.id == entry_id)
                               .values(before=before, after=after))
            written[key] = (entry_id, before, after)
            continue
        entry_id = connection.execute(insert(AuditLog).returning(AuditLog.id), row).scalar_one()
        written[key] = (entry_id, row["before"], row["after"])


def _after_rollback(session, _previous_transaction):
    session.info.pop("audit_pending", None)
    session.info.pop("audit_written", None)


def _after_commit(session):
    session.info.pop("audit_written", None)


def _load_old_values(_target, value, _oldvalue, _initiator):
    """Registered (by ``tracker.listeners``) as an ``active_history`` "set" listener on
    every tracked column, so setting an expired column loads its old value first and
    "before" is known."""
    return value


def list_entries(*, object_type: str | None = None, action: str | None = None,
                 user_id: int | None = None, since: date | None = None, until: date | None = None,
                 page: int = 1, per_page: int = 50):
    """Audit entries, newest first, optionally filtered; a ``services.queries.pages.Page``.
    ``user_id``: that user's entries (``SYSTEM_USER`` for those with no user: the CLI,
    anonymous); ``since``/``until``: days in the app's time zone, both included."""
    query = db.select(AuditLog)
    if object_type:
        query = query.where(AuditLog.object_type == object_type)
    if action:
        query = query.where(AuditLog.action == action)
    if user_id == SYSTEM_USER:
        query = query.where(AuditLog.user_id.is_(None))
    elif user_id is not None:
        query = query.where(AuditLog.user_id == user_id)
    if since is not None:
        query = query.where(AuditLog.at >= datetime.combine(since, time.min, tzinfo=clock.zone()))
    if until is not None:
        query = query.where(AuditLog.at < datetime.combine(until + timedelta(days=1), time.min,
                                                           tzinfo=clock.zone()))
    return paginate(query, page, per_page, order_by=(AuditLog.id.desc(),))


SYSTEM_USER = 0  # list_entries(user_id=SYSTEM_USER): entries written by no user
OBJECT_TYPES = tuple(model.__name__ for model in TRACKED)
