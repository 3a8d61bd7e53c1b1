"""Partner tokens and rate limits for the API.

A request carries ``Authorization: Bearer <token>``; feeds also accept ``?token=`` since
most feed readers cannot send headers. Without a token a request is refused unless
``API_ALLOW_ANONYMOUS`` is on. A token's last use is written at most once a minute, in its
own short write transaction, so a read request never fails on a busy database.
"""

import logging
from datetime import timedelta

from flask import current_app, g, request
from flask_limiter import Limiter
from sqlalchemy import or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from ..database import write_lock
from ..extensions import db
from ..models import ApiToken, hash_token, utcnow
from .errors import ApiError

log = logging.getLogger(__name__)
LAST_USED_EVERY = timedelta(minutes=1)
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="NEXT Tracker API"'}


def presented_token(allow_query: bool = False) -> str | None:
    """The token the request presents, or None.

    :raise ApiError 401: for an Authorization header that is not ``Bearer <token>``.
    """
    header = request.headers.get("Authorization")
    if header is not None:
        scheme, _, value = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise ApiError(401, "invalid_token", "Send the token as 'Authorization: Bearer <token>'.",
                           headers=CHALLENGE)
        return value.strip()
    if allow_query and request.args.get("token"):
        return request.args["token"]
    return None


def authenticate(allow_query: bool = False) -> None:
    """Check the request's token and remember the partner in ``g.api_partner``.

    :raise ApiError 401: missing token (unless anonymous reads are allowed), or an unknown
        or revoked token.
    """
    token = presented_token(allow_query)
    g.api_partner = None
    if token is None:
        if current_app.config.get("API_ALLOW_ANONYMOUS"):
            return
        raise ApiError(401, "missing_token",
                       "This API needs a partner token: 'Authorization: Bearer <token>'.",
                       headers=CHALLENGE)
    # Its own short connection, before the request's session begins a transaction: on
    # SQLite a read transaction that began before the last-use write below commits could
    # not be upgraded to a write later in the same request.
    with db.engine.connect() as conn:
        row = conn.execute(
            select(ApiToken.id, ApiToken.partner, ApiToken.revoked_at, ApiToken.last_used_at)
            .where(ApiToken.token_hash == hash_token(token))
        ).first()
    if row is None or row.revoked_at is not None:
        raise ApiError(401, "invalid_token", "This token is unknown or has been revoked.",
                       headers=CHALLENGE)
    g.api_partner = row.partner
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_EVERY:
        record_last_use(row.id, now)


def record_last_use(token_id: int, now) -> None:
    """Set the token's ``last_used_at`` in a separate short transaction (taking SQLite's
    write lock up front), unless another worker did so in the last minute. A failure is
    logged, never shown to the partner."""
    try:
        with write_lock(), db.engine.begin() as conn:
            conn.execute(
                update(ApiToken)
                .where(ApiToken.id == token_id, or_(
                    ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - LAST_USED_EVERY
                ))
                .values(last_used_at=now)
            )
    except SQLAlchemyError:
        log.exception("could not record the last use of API token %s", token_id)


def rate_limit_key() -> str:
    """Rate limits count per token (hashed), or per client address without one."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.strip().partition(" ")
    token = value.strip() if scheme.lower() == "bearer" else request.args.get("token")
    if token:
        return "token:" + hash_token(token)[:32]
    return "addr:" + (request.remote_addr or "unknown")


def rate_limit_value() -> str:
    return current_app.config.get("API_RATE_LIMIT", "600 per minute")


limiter = Limiter(key_func=rate_limit_key, default_limits=[], headers_enabled=False)
