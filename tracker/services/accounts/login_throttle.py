"""Login throttling against password guessing, shared by every worker through the database.

An account is locked after ``LOGIN_MAX_FAILURES_PER_ACCOUNT`` failures within
``LOGIN_THROTTLE_MINUTES``; a client address after ``LOGIN_MAX_FAILURES_PER_ADDRESS``. The
lock lifts by itself when the oldest of those failures leaves the window. Unknown emails
count like known ones, so the answer never tells whether an account exists. While locked,
no password is checked and nothing is recorded (a locked attacker cannot extend the lock
or grow the table).
"""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select

from ...extensions import db
from ...models import LoginAttempt, utcnow


def _window() -> timedelta:
    return timedelta(minutes=current_app.config["LOGIN_THROTTLE_MINUTES"])


def normalize_email(email: str | None) -> str:
    return (email or "").strip().lower()[:254]


def locked_until(email: str, address: str, now: datetime | None = None) -> datetime | None:
    """When the lock on this account or address lifts (UTC), or None when not locked."""
    now = now or utcnow()
    window = _window()
    limits = (
        (LoginAttempt.email, normalize_email(email), current_app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]),
        (LoginAttempt.address, address[:64], current_app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"]),
    )
    until = None
    for column, value, limit in limits:
        if limit <= 0:
            continue
        times = db.session.execute(
            select(LoginAttempt.attempted_at)
            .where(column == value, LoginAttempt.attempted_at > now - window)
            .order_by(LoginAttempt.attempted_at.desc())
            .limit(limit)
        ).scalars().all()
        if len(times) >= limit:
            candidate = min(times) + window
            until = candidate if until is None else max(until, candidate)
    return until


def record_failure(email: str, address: str) -> None:
    """Count one failed login and drop failures older than the window. Caller commits."""
    now = utcnow()
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at <= now - _window()))
    db.session.add(LoginAttempt(email=normalize_email(email), address=address[:64], attempted_at=now))


def clear_account(email: str) -> None:
    """Forget the account's failures after a successful login (not the address's: one
    valid account must not reset a guessing run against others). Caller commits."""
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == normalize_email(email)))
