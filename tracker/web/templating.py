"""Jinja filters and globals that do not depend on the interface language.

Labels, dates and numbers that follow the reader's language (``date``, ``status_label``,
``STATUSES``, ``status_info``...) are registered by ``tracker.i18n``.
"""

from datetime import date

from flask import Flask

from ..domain import policies
from ..models import ADDRESSEES, EVENT_KINDS, PUBLICATION_KINDS, ROLES
from ..services import clock
from ..services.recommendations.status import is_stale
from .markdown import render_markdown


def days_since(value: date | None) -> int | None:
    if value is None:
        return None
    return (clock.today() - value).days


def register(app: Flask) -> None:
    app.jinja_env.filters.update(
        markdown=render_markdown,
        days_since=days_since,
    )

    # Globals (not a context processor) so imported macros see them too.
    app.jinja_env.globals.update(
        ADDRESSEES=ADDRESSEES,
        EVENT_KINDS=EVENT_KINDS,
        PUBLICATION_KINDS=PUBLICATION_KINDS,
        ROLES=ROLES,
        is_stale=is_stale,
        today=clock.today,
        **policies.TEMPLATE_GLOBALS,
    )
