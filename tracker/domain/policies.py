"""Who may do what (DESIGN.md "Users and what they do", "Visibility"), by role.

The one place for the permission rules. Views (``tracker.access``: ``guard_staff``,
``guard_admin``, ``editor_required``), services (retracting an entry) and templates (Jinja
globals ``can_edit(current_user)`` ...) all ask these functions.

A *user* is anything with ``role`` and ``id`` (a ``User`` row); None and an anonymous user
(``is_authenticated`` false, e.g. Flask-Login's ``AnonymousUserMixin``) may do nothing
here. Inactive users never get this far (Flask-Login refuses to log them in).

| role       | staff pages | edit, import | retract an entry        | admin (users, audit, tokens) |
|------------|-------------|--------------|-------------------------|------------------------------|
| admin      | yes         | yes          | any                     | yes                          |
| researcher | yes         | yes          | the ones they recorded  | no                           |
| leadership | yes (read)  | no           | no                      | no                           |
"""

from typing import Any

ADMIN = "admin"
RESEARCHER = "researcher"
LEADERSHIP = "leadership"
STAFF_ROLES = (ADMIN, RESEARCHER, LEADERSHIP)
EDITOR_ROLES = (ADMIN, RESEARCHER)


def role_of(user: Any) -> str | None:
    """The role of a signed-in ``user``; None for None or an anonymous user."""
    if user is None or not getattr(user, "is_authenticated", True):
        return None
    return getattr(user, "role", None)


def can_view_staff(user: Any) -> bool:
    """Staff pages (lists, boards, search, catalog; read-only for leadership)."""
    return role_of(user) in STAFF_ROLES


def can_edit(user: Any) -> bool:
    """Any request that writes: recommendations, status changes, catalog, translations."""
    return role_of(user) in EDITOR_ROLES


def can_admin(user: Any) -> bool:
    """The admin pages: users and roles, the audit log."""
    return role_of(user) == ADMIN


def can_manage_users(user: Any) -> bool:
    return can_admin(user)


def can_manage_tokens(user: Any) -> bool:
    """Partner API tokens (issued from the shell today; admin work)."""
    return can_admin(user)


def can_import(user: Any) -> bool:
    """Preview and run a spreadsheet import."""
    return can_edit(user)


def can_export(user: Any) -> bool:
    """Staff exports (CSV, XLSX, backups of the filtered list)."""
    return can_view_staff(user)


def can_see_import_job(user: Any, owner_id: int | None) -> bool:
    """A previewed or running import: the user who started it, or an admin."""
    return can_admin(user) or (can_view_staff(user) and owner_id is not None and owner_id == user.id)


def can_retract(user: Any, entry: Any = None) -> bool:
    """Retracting a status entry: an admin, or the editor who recorded it. Without
    ``entry``: whether ``user`` may retract anything at all."""
    if not can_edit(user):
        return False
    if can_admin(user) or entry is None:
        return True
    recorded_by = getattr(entry, "recorded_by_id", None)
    return recorded_by is not None and recorded_by == user.id


def may_change_own_account(actor: Any, target: Any, role: str, active: bool) -> bool:
    """An admin may not remove their own admin rights or deactivate themselves."""
    if getattr(actor, "id", None) != getattr(target, "id", None):
        return True
    return role == ADMIN and active


#: The checks templates may call (registered as Jinja globals).
TEMPLATE_GLOBALS = {
    "can_view_staff": can_view_staff,
    "can_edit": can_edit,
    "can_admin": can_admin,
    "can_import": can_import,
    "can_retract": can_retract,
    "can_manage_users": can_manage_users,
    "can_manage_tokens": can_manage_tokens,
}
