"""Saved views: each staff member's named filters of the staff list.

A view is a name and the list's canonical query string; the caller makes it canonical
(``RecommendationFilter.to_args``), so opening a view is just ``/?<query>``. Names are
unique per user: saving under an existing name replaces that view's filter. A user has
at most ``MAX_VIEWS`` views.
"""

from sqlalchemy import select

from ...extensions import db
from ...models import SavedView

MAX_VIEWS = 30
MAX_NAME = 80
MAX_QUERY = 2000


class TooManyViews(ValueError):
    """The user already has ``MAX_VIEWS`` views."""


def views_of(user_id: int) -> list[SavedView]:
    """The user's views, by name."""
    return list(db.session.execute(
        select(SavedView).where(SavedView.user_id == user_id).order_by(SavedView.name, SavedView.id)
    ).scalars())


def save(user_id: int, name: str, query: str) -> SavedView:
    """Save (or, for a name the user already has, replace) a view, and commit. ``name`` is
    stripped and must be non-empty; raises ``TooManyViews`` past ``MAX_VIEWS``."""
    name = " ".join(name.split())[:MAX_NAME]
    if not name:
        raise ValueError("A saved view needs a name.")
    query = query[:MAX_QUERY]
    view = db.session.execute(
        select(SavedView).where(SavedView.user_id == user_id, SavedView.name == name)
    ).scalar_one_or_none()
    if view is None:
        if len(views_of(user_id)) >= MAX_VIEWS:
            raise TooManyViews(name)
        view = SavedView(user_id=user_id, name=name, query=query)
        db.session.add(view)
    else:
        view.query = query
    db.session.commit()
    return view


def delete(user_id: int, view_id: int) -> bool:
    """Delete the user's view ``view_id``; False if there is none (or it is someone else's)."""
    view = db.session.get(SavedView, view_id)
    if view is None or view.user_id != user_id:
        return False
    db.session.delete(view)
    db.session.commit()
    return True
