"""Login and logout (Flask-Login, email and password), hardened.

- Guessing is throttled per account and per client address (services/login_throttle.py);
  a locked-out user gets 429 and the time to retry.
- Every login starts a new session: the old session is cleared (no fixation) and a
  server-side ``user_session`` row is created whose random id rides in the signed cookie.
  A request is logged in only while that row is open and the user active, so logging out
  (or deactivating the user) ends the session even for a copy of the old cookie.
- A session ends after ``SESSION_IDLE_MINUTES`` without a request (last activity is kept
  in the signed session cookie, so checking it writes nothing to the database). "Keep me
  logged in" keeps the cookie across browser restarts; the idle limit still applies.
"""

import secrets
import time
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select, update
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from ...extensions import db, login_manager
from ...models import User, UserSession, hash_token, utcnow
from ...services.accounts import login_throttle
from ..i18n import N_
from ..i18n import bp as i18n_bp
from ..rendering import is_safe_redirect

bp = Blueprint("auth", __name__)
bp.register_blueprint(i18n_bp)  # the language switch: POST /language (auth.i18n.switch)

login_manager.login_view = "auth.login"
login_manager.login_message = N_("Please log in to see this page.")
login_manager.localize_callback = _  # flashed in the reader's language
login_manager.login_message_category = "info"

WRONG_LOGIN = N_("Email or password is incorrect.")  # shown translated
SESSION_ID_KEY = "_sid"
LAST_SEEN_KEY = "_seen"
# Rewrite the cookie's activity stamp at most this often (seconds).
LAST_SEEN_RESOLUTION = 60


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The user of this session, if its server-side session is open and the user active."""
    sid = session.get(SESSION_ID_KEY)
    if not isinstance(sid, str) or not sid:
        return None
    try:
        uid = int(user_id)
    except (TypeError, ValueError):
        return None
    return db.session.execute(
        select(User)
        .join(UserSession, UserSession.user_id == User.id)
        .where(
            User.id == uid,
            User.active.is_(True),
            UserSession.id_hash == hash_token(sid),
            UserSession.ended_at.is_(None),
        )
    ).scalar_one_or_none()


def _forget_request_caches() -> None:
    """Drop the user and CSRF token cached in ``g``. ``g`` is per request in a server, but
    outlives requests when an outer app context is shared (tests, scripts); the user and
    token must always come from this request's cookie."""
    request_globals = g._get_current_object()  # one context lookup
    request_globals.pop("_login_user", None)
    request_globals.pop("csrf_token", None)


@bp.before_app_request
def _expire_idle_session():
    """End a logged-in session idle for longer than ``SESSION_IDLE_MINUTES``."""
    _forget_request_caches()
    if SESSION_ID_KEY not in session:
        return
    now = int(time.time())
    seen = session.get(LAST_SEEN_KEY)
    idle_limit = current_app.config["SESSION_IDLE_MINUTES"] * 60
    if not isinstance(seen, int) or now - seen > idle_limit:
        logout_user()
        session.clear()
        flash(_("Your session expired after a period without activity. Please log in again."), "info")
        return
    if now - seen >= LAST_SEEN_RESOLUTION:
        session[LAST_SEEN_KEY] = now


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=500)])
    remember = BooleanField(_l("Keep me logged in"))


def find_user_by_email(email: str) -> User | None:
    return db.session.execute(
        select(User).where(func.lower(User.email) == email.strip().lower())
    ).scalar_one_or_none()


@lru_cache(maxsize=4)
def _dummy_hash(method: str) -> str:
    return generate_password_hash(secrets.token_hex(16), method=method)


def password_matches(user: User | None, password: str) -> bool:
    """Whether ``password`` is ``user``'s, doing one password hash either way.

    For an unknown email (``user`` is None) or an account without a password it checks a
    dummy hash made with the configured method, so a wrong password and an unknown email
    cost the same time.
    """
    if user is None or not user.password_hash:
        check_password_hash(_dummy_hash(current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")),
                            password)
        return False
    return user.check_password(password)


def end_user_sessions(user: User) -> None:
    """End every open session of ``user`` except this request's own (after a password
    reset): each of their other browsers must log in again. The caller commits."""
    query = update(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    own = session.get(SESSION_ID_KEY)
    if own:
        query = query.where(UserSession.id_hash != hash_token(own))
    db.session.execute(query.values(ended_at=utcnow()))


def client_address() -> str:
    """The client's address (the proxy's, unless ``TRUSTED_PROXIES`` is set)."""
    return (request.remote_addr or "unknown")[:64]


def start_session(user: User, remember: bool = False) -> None:
    """Log ``user`` in on a brand-new session (nothing of the previous one survives)."""
    session.clear()
    g.pop("csrf_token", None)  # it belonged to the cleared session
    sid = secrets.token_urlsafe(32)
    db.session.add(UserSession(id_hash=hash_token(sid), user_id=user.id, address=client_address()))
    login_user(user, remember=False)
    session[SESSION_ID_KEY] = sid
    session[LAST_SEEN_KEY] = int(time.time())
    session.permanent = bool(remember)
    user.last_login_at = utcnow()


def end_session() -> None:
    """Close the server-side session and clear the cookie session. Caller commits."""
    sid = session.get(SESSION_ID_KEY)
    if isinstance(sid, str) and sid:
        db.session.execute(
            update(UserSession)
            .where(UserSession.id_hash == hash_token(sid), UserSession.ended_at.is_(None))
            .values(ended_at=utcnow())
        )
    logout_user()
    session.clear()
    g.pop("csrf_token", None)


def locked_message(until: datetime) -> str:
    zone = current_app.config.get("APP_TIMEZONE", "UTC")
    local = until.astimezone(ZoneInfo(zone))
    minutes = max(1, -(-int((until - utcnow()).total_seconds()) // 60))
    return ngettext(
        "Too many failed login attempts. Try again after %(time)s (%(zone)s), in about %(num)d minute.",
        "Too many failed login attempts. Try again after %(time)s (%(zone)s), in about %(num)d minutes.",
        minutes, time=f"{local:%H:%M}", zone=zone,
    )


def _locked_response(form, next_url, until: datetime):
    page = render_template("auth/login.html", form=form, error=locked_message(until), next=next_url)
    retry_after = max(1, int((until - utcnow()).total_seconds()) + 1)
    return page, 429, {"Retry-After": str(retry_after)}


@bp.route("/login", methods=["GET", "POST"])
def login():
    next_url = request.args.get("next")
    if current_user.is_authenticated:
        return redirect(next_url if is_safe_redirect(next_url) else url_for("recommendations.index"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        email, address = form.email.data, client_address()
        until = login_throttle.locked_until(email, address)
        if until is not None:
            return _locked_response(form, next_url, until)
        user = find_user_by_email(email)
        # Same message, and the same hashing work, whether the email is unknown, the
        # password wrong or the user disabled: neither the answer nor its timing tells
        # which emails have accounts.
        password_ok = password_matches(user, form.password.data)
        if user is None or not user.active or not password_ok:
            login_throttle.record_failure(email, address)
            db.session.commit()
            until = login_throttle.locked_until(email, address)
            if until is not None:
                return _locked_response(form, next_url, until)
            error = _(WRONG_LOGIN)
        else:
            login_throttle.clear_account(email)
            start_session(user, remember=form.remember.data)
            db.session.commit()
            return redirect(next_url if is_safe_redirect(next_url) else url_for("recommendations.index"))
    elif request.method == "POST":
        error = _(WRONG_LOGIN) if not form.errors.get("csrf_token") else (
            _("Your session expired. Please try again.")
        )
    status = 200 if error is None else 400
    return render_template("auth/login.html", form=form, error=error, next=next_url), status


@bp.route("/logout", methods=["POST"])
def logout():
    end_session()
    db.session.commit()
    flash(_("You have been logged out."), "info")
    return redirect(url_for("auth.login"))
