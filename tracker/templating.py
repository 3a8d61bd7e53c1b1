"""Jinja filters and globals shared by all templates."""

from datetime import date, datetime

from flask import Flask

from . import statuses
from .markdown import render_markdown
from .models import ADDRESSEES, EVENT_KINDS, PUBLICATION_KINDS, ROLES
from .services import clock
from .services.status import is_stale


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


def days_since(value: date | None) -> int | None:
    if value is None:
        return None
    return (clock.today() - value).days


def register(app: Flask) -> None:
    app.jinja_env.filters.update(
        markdown=render_markdown,
        date=format_date,
        days_since=days_since,
        addressee_label=lambda key: ADDRESSEES.get(key, key),
    )

    # Globals (not a context processor) so imported macros see them too.
    app.jinja_env.globals.update(
        STATUSES=statuses.STATUSES,
        status_info=statuses.get,
        ADDRESSEES=ADDRESSEES,
        EVENT_KINDS=EVENT_KINDS,
        PUBLICATION_KINDS=PUBLICATION_KINDS,
        ROLES=ROLES,
        is_stale=is_stale,
        today=clock.today,
    )
