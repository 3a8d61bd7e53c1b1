"""The interface language (English or Japanese) and bilingual content helpers.

Locale of a request, first match wins:

1. the JSON API (``/api/v1``) is always English (it returns content as ``{"en", "ja"}``);
   the public pages take it from their address: ``/ja/public/...`` Japanese, ``/public/...``
   English (never from a cookie: the pages are cached and shared by address);
2. the logged-in user's ``User.locale``;
3. the ``lang`` cookie (set by the language switch for anonymous pages);
4. the best match of ``Accept-Language`` among ``LANGUAGES``; English otherwise.

``POST /language`` (the switch in the header) stores the choice on the user and in the
cookie and redirects back. Templates get ``content(en, ja)`` (the reader's language first,
the other one second, and whether the reader's language is missing), localized statuses
and labels, and locale-aware ``date`` / ``number`` filters.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import Blueprint, Flask, has_request_context, redirect, request, url_for
from flask_babel import Babel, get_locale
from flask_babel import format_date as babel_format_date
from flask_babel import format_datetime as babel_format_datetime
from flask_babel import format_decimal as babel_format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from ..domain import statuses
from ..extensions import db
from ..models import ADDRESSEES, ADDRESSEES_JA, EVENT_KINDS, PUBLICATION_KINDS, ROLES
from ..services import clock

LANGUAGES = ("en", "ja")
LANGUAGE_NAMES = {"en": "English", "ja": "日本語"}
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600

babel = Babel()
# Nested in the auth blueprint (endpoint ``auth.i18n.switch``): like logging out, it is open
# to every role and to anonymous visitors.
bp = Blueprint("i18n", __name__)


def N_(message: str) -> str:
    """Mark ``message`` for extraction only; it is translated where it is shown."""
    return message


# Labels kept in English in the models (the API and exports use them); translated on show.
_LABELS = (
    N_("Roundtable"), N_("Workshop"), N_("Conference"), N_("Symposium"),
    N_("Policy-maker interview"), N_("Other"),
    N_("Roundtable report"), N_("Workshop report"), N_("Scholar article"),
    N_("Policy recommendations"), N_("Alliance Digest"),
    N_("Admin"), N_("Researcher"), N_("Leadership"),
    # boards (tracker/boards.py)
    N_("Overview"), N_("Movement"), N_("Column board"), N_("Trend"),
    # sorts of the staff list (services/filters.py)
    N_("Last change, newest first"), N_("Last change, oldest first"),
    N_("Reference, first to last"), N_("Reference, last to first"), N_("Status (lifecycle order)"),
    # import plans and results (services/importer.py, services/import_apply.py)
    N_("create"), N_("update"), N_("unchanged"), N_("created"), N_("updated"), N_("status changes"),
    N_("topic"),
    N_("The database is not reachable right now. Please try again in a moment."),  # operations.py
)


def select_locale() -> str:
    """The request's interface language; English outside a request (CLI, background work)."""
    if not has_request_context():
        return "en"
    if request.path.startswith("/api/v1"):
        return "en"
    if request.path.startswith("/ja/public"):
        return "ja"
    if request.path.startswith("/public"):
        return "en"
    user_locale = getattr(current_user, "locale", None) if current_user else None
    if user_locale in LANGUAGES:
        return user_locale
    cookie = request.cookies.get(COOKIE)
    if cookie in LANGUAGES:
        return cookie
    return request.accept_languages.best_match(LANGUAGES) or "en"


def lang() -> str:
    """The interface language of this request (``"en"`` outside a request). Worked out once
    per request and kept on it, as Flask-Babel keeps the locale (pages ask thousands of
    times: every bilingual field, status label and date)."""
    if not has_request_context():
        return _locale_language()
    current = request._get_current_object()
    language = getattr(current, "_tracker_language", None)
    if language is None:
        language = current._tracker_language = _locale_language()
    return language


def _locale_language() -> str:
    locale = get_locale()
    return locale.language if locale is not None and locale.language in LANGUAGES else "en"


def is_ja() -> bool:
    return lang() == "ja"


# --- statuses and labels ---------------------------------------------------------------

class LocalStatus:
    """A ``statuses.Status`` whose ``label`` and ``definition`` follow the interface
    language; every other attribute is the status's own."""

    __slots__ = ("_status",)

    def __init__(self, status: statuses.Status):
        self._status = status

    def __getattr__(self, name):
        return getattr(self._status, name)

    @property
    def label(self) -> str:
        return self._status.label_ja if is_ja() else self._status.label

    @property
    def definition(self) -> str:
        return self._status.definition_ja if is_ja() else self._status.definition


class LocalStatuses:
    """The ordered statuses, localized when iterated (a template global)."""

    def __iter__(self):
        return (LocalStatus(s) for s in statuses.STATUSES)

    def __len__(self) -> int:
        return len(statuses.STATUSES)


def status_info(key: str) -> LocalStatus:
    """The status ``key`` with labels in the interface language. :raise KeyError: unknown key."""
    return LocalStatus(statuses.get(key))


def status_label(key: str) -> str:
    return status_info(key).label if statuses.is_known(key) else key


def addressee_label(key: str) -> str:
    table = ADDRESSEES_JA if is_ja() else ADDRESSEES
    return table.get(key, key)


def addressee_items() -> list[tuple[str, str]]:
    return [(key, addressee_label(key)) for key in ADDRESSEES]


def event_kind_label(key: str) -> str:
    return _(EVENT_KINDS[key]) if key in EVENT_KINDS else key


def publication_kind_label(key: str) -> str:
    return _(PUBLICATION_KINDS[key]) if key in PUBLICATION_KINDS else key


TRANSLATION_KINDS = {
    "missing_ja": N_("Japanese missing"),
    "missing_en": N_("English missing"),
    "outdated_ja": N_("Japanese out of date"),
    "outdated_en": N_("English out of date"),
}


def translation_kind_label(key: str | None) -> str:
    return _(TRANSLATION_KINDS[key]) if key in TRANSLATION_KINDS else ""


AUDIT_ACTIONS = {
    "create": N_("create"), "update": N_("update"), "delete": N_("delete"),
    "status_change": N_("status change"), "retraction": N_("retraction"), "archive": N_("archive"),
    "unarchive": N_("unarchive"), "revoke": N_("revoke"), "login": N_("login"),
}


def audit_action_label(key: str) -> str:
    return _(AUDIT_ACTIONS[key]) if key in AUDIT_ACTIONS else key.replace("_", " ")


def role_label(key: str) -> str:
    return _(ROLES[key]) if key in ROLES else key


# --- bilingual content -------------------------------------------------------------------

@dataclass(frozen=True)
class Content:
    """A bilingual value as the reader should see it.

    ``text``/``lang``: shown first (the reader's language, or the other one when the
    reader's is missing: then ``missing`` is True). ``other``/``other_lang``: the second
    language, None when it is missing or is what ``text`` already shows.
    """

    text: str | None
    lang: str
    missing: bool
    other: str | None
    other_lang: str


def content(en: str | None, ja: str | None, reader: str | None = None) -> Content:
    reader = reader or lang()
    values = {"en": (en or "").strip() or None, "ja": (ja or "").strip() or None}
    second = "en" if reader == "ja" else "ja"
    if values[reader]:
        return Content(values[reader], reader, False, values[second], second)
    if values[second]:
        return Content(values[second], second, True, None, reader)
    return Content(None, reader, False, None, second)


def localized(obj, field: str) -> str:
    """``obj.<field>_ja`` in Japanese, ``obj.<field>_en`` in English, the other when
    missing (names of topics and lines of effort, short titles in menus)."""
    c = content(getattr(obj, f"{field}_en", None), getattr(obj, f"{field}_ja", None))
    return c.text or getattr(obj, "slug", "") or ""


def topic_path(topic) -> str:
    return " › ".join(localized(t, "name") for t in [*topic.ancestors, topic])


# --- dates and numbers ---------------------------------------------------------------------

def format_date(value: date | datetime | None) -> str:
    """ISO dates in English (the team's convention); 2024年3月1日 in Japanese."""
    if value is None:
        return ""
    if isinstance(value, datetime):  # a moment: shown in the app's one time zone, named
        local = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(clock.zone())
        if is_ja():
            return babel_format_datetime(local, "y年M月d日 HH:mm", rebase=False) + f" {local.tzname()}"
        return local.strftime("%Y-%m-%d %H:%M ") + local.tzname()
    if is_ja():
        return babel_format_date(value, "y年M月d日")
    return value.isoformat()


def format_number(value) -> str:
    return babel_format_decimal(value) if value is not None else ""


# --- the language switch -------------------------------------------------------------------

@bp.post("/language")
def switch():
    """Set the interface language (form field ``lang``) for this user, or for this browser
    when nobody is logged in, and go back to the page the switch was on."""
    from .rendering import is_safe_redirect

    chosen = request.form.get("lang")
    back = request.form.get("next")
    home = "recommendations.index" if current_user.is_authenticated else "auth.login"
    target = back if is_safe_redirect(back) else url_for(home)
    response = redirect(target)
    if chosen not in LANGUAGES:
        return response
    if current_user.is_authenticated:
        current_user.locale = chosen
        db.session.commit()
    response.set_cookie(COOKIE, chosen, max_age=COOKIE_MAX_AGE, samesite="Lax",
                        secure=request.is_secure, httponly=True)
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "en")
    babel.init_app(app, locale_selector=select_locale)


def register_template_helpers(app: Flask) -> None:
    """Globals and filters that follow the interface language (after ``templating``)."""
    app.jinja_env.filters.update(
        date=format_date,
        status_label=status_label,
        number=format_number,
        addressee_label=addressee_label,
        event_kind=event_kind_label,
        publication_kind=publication_kind_label,
        role_label=role_label,
        audit_action=audit_action_label,
        localized=localized,
    )
    app.jinja_env.globals.update(
        STATUSES=LocalStatuses(),
        status_info=status_info,
        content=content,
        localized=localized,
        topic_path=topic_path,
        addressee_items=addressee_items,
        translation_kind_label=translation_kind_label,
        interface_lang=lang,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
    )
