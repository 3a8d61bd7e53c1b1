"""The one place that says what "today" is.

Dates in the domain (effective dates, publication dates) are calendar dates. "Today" is the
date in ``APP_TIMEZONE`` (default Asia/Tokyo, the earliest of the initiative's time zones,
so a change made on a Tokyo morning is never refused as "in the future").
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_TIMEZONE = "Asia/Tokyo"


def today() -> date:
    name = DEFAULT_TIMEZONE
    if has_app_context():
        name = current_app.config.get("APP_TIMEZONE", DEFAULT_TIMEZONE)
    return datetime.now(ZoneInfo(name)).date()


def zone() -> ZoneInfo:
    """``APP_TIMEZONE`` as a time zone: every page shows its times in it."""
    return ZoneInfo(timezone_name())


def timezone_name() -> str:
    """The name of ``APP_TIMEZONE``, the one time zone every page shows its times in."""
    if has_app_context():
        return current_app.config.get("APP_TIMEZONE", DEFAULT_TIMEZONE)
    return DEFAULT_TIMEZONE
