"""Partner tokens and rate limits for the API.

A request carries ``Authorization: Bearer <token>``; feeds also accept ``?token=`` since
most feed readers cannot send headers. Without a token a request is refused unless
``API_ALLOW_ANONYMOUS`` is on. A token's last use is written at most once a minute, in its
own short write transaction, so a read request never fails on a busy database.

Valid tokens are remembered in each process for ``TOKEN_CACHE_SECONDS``, at most
``TOKEN_CACHE_SIZE`` of them (a lookup per request would be most of the cost of a small
answer). Any change to a token through the
ORM in this process (``tokens revoke``, the admin pages, tests) forgets the cache at once;
a token revoked by another process stops working here within ``TOKEN_CACHE_SECONDS``.
Unknown tokens are never cached. A request's token is hashed once (``_token_hash``), for
the lookup and for its rate-limit key alike.

Rate limits (``API_RATE_LIMIT``, or ``API_RATE_LIMITS[endpoint]`` for one endpoint) count
per token and endpoint; every API response says where its caller stands in
``RateLimit-Limit``, ``RateLimit-Remaining`` and ``RateLimit-Reset`` (``rate_limit_headers``)
and a 429 adds ``Retry-After``. They count with Flask-Limiter's rate
limiter: its strategy and storage (``RATELIMIT_STORAGE_URI``, ``RATELIMIT_STRATEGY``,
``RATELIMIT_KEY_PREFIX``, ``RATELIMIT_ENABLED``), the same keys (token, endpoint) its
decorator used. ``rate_limited`` checks them directly, a few dictionary lookups and one
storage hit, instead of through the decorator, whose generic resolution of limits cost
more than a cached answer; the app has no default or application-wide limits, so
Flask-Limiter's own before-request hook is not installed either (``install``). With the
fixed-window strategy (the default) a check is one ``incr`` of the counter and one read of
its expiry, through the ``limits`` storage interface, which is what that strategy's
``hit`` and ``get_window_stats`` do between them; other strategies are asked through
their own ``hit`` and ``get_window_stats``.

Only Flask-Limiter's public interface is used: ``init_app``, ``enabled``, ``limiter`` (the
strategy), ``reset``, ``current_limit`` and the ``RATELIMIT_*`` settings.

Rate-limit counters kept in memory (the default) use ``LazyExpiryMemoryStorage``: the same
counters as the ``limits`` memory storage, but expired ones are swept inline at most once
a second instead of by a timer thread started every 10 ms, which cost more than the answer.
It overrides two private methods of ``limits.storage.MemoryStorage``, so ``limits`` is
pinned exactly in pyproject.toml (a test checks the overridden methods still exist).
"""

import logging
import threading
import time
from datetime import timedelta
from functools import lru_cache, wraps

from flask import current_app, g, request
from flask_limiter import Limiter
from limits import parse_many
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter
from limits.util import WindowStats
from sqlalchemy import or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from ..database import write_lock
from ..extensions import db
from ..models import ApiToken, hash_token, utcnow
from .errors import MESSAGES, ApiError

log = logging.getLogger(__name__)
LAST_USED_EVERY = timedelta(minutes=1)
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="NEXT Tracker API"'}
TOKEN_CACHE_SECONDS = 5.0
TOKEN_CACHE_SIZE = 1000
MEMORY_STORAGE_URI = "memory://"
LAZY_MEMORY_STORAGE_URI = "tracker-memory://"

# token hash -> ([token id, partner, last_used_at], expires) of an active token, for
# TOKEN_CACHE_SECONDS; past TOKEN_CACHE_SIZE entries it starts again empty. Reads are one
# dict lookup (atomic under the GIL); writes hold ``_tokens_lock``.
_tokens: dict[str, tuple[list, float]] = {}
_tokens_lock = threading.Lock()
_now = time.monotonic  # replaced in tests


def forget_tokens() -> None:
    """Drop every cached token (called whenever a token changes in this process)."""
    with _tokens_lock:
        _tokens.clear()


def _token_changed(_mapper, _connection, _target) -> None:
    """An ``ApiToken`` was written (mapper listener, registered by ``tracker.listeners``)."""
    forget_tokens()


def _lookup(token_hash: str) -> list | None:
    """``[id, partner, last_used_at]`` of an active token, or None."""
    cached = _tokens.get(token_hash)
    if cached is not None and cached[1] > _now():
        return cached[0]
    # Its own short connection, before the request's session begins a transaction: on
    # SQLite a read transaction that began before the last-use write commits could not
    # be upgraded to a write later in the same request.
    with db.engine.connect() as conn:
        row = conn.execute(
            select(ApiToken.id, ApiToken.partner, ApiToken.revoked_at, ApiToken.last_used_at)
            .where(ApiToken.token_hash == token_hash)
        ).first()
    if row is None or row.revoked_at is not None:
        return None
    entry = [row.id, row.partner, row.last_used_at]
    with _tokens_lock:
        if len(_tokens) >= TOKEN_CACHE_SIZE:
            _tokens.clear()
        _tokens[token_hash] = (entry, _now() + TOKEN_CACHE_SECONDS)
    return entry


def _token_hash(token: str, environ: dict) -> str:
    """``hash_token(token)``, computed once per request (``environ``: the request's; the
    authentication and the rate-limit key both need it)."""
    held = environ.get("tracker.token_hash")
    if held is not None and held[0] == token:
        return held[1]
    hashed = hash_token(token)
    environ["tracker.token_hash"] = (token, hashed)
    return hashed


def presented_token(allow_query: bool = False) -> str | None:
    """The token the request presents, or None.

    :raise ApiError 401: for an Authorization header that is not ``Bearer <token>``.
    """
    req = request._get_current_object()  # one context lookup
    header = req.environ.get("HTTP_AUTHORIZATION")  # = req.headers.get("Authorization")
    if header is not None:
        scheme, _, value = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise ApiError(401, "invalid_token", "Send the token as 'Authorization: Bearer <token>'.",
                           headers=CHALLENGE)
        return value.strip()
    if allow_query and req.args.get("token"):
        return req.args["token"]
    return None


def authenticate(allow_query: bool = False) -> None:
    """Check the request's token and remember the partner in ``g.api_partner``.

    :raise ApiError 401: missing token (unless anonymous reads are allowed), or an unknown
        or revoked token.
    """
    token = presented_token(allow_query)
    request_globals = g._get_current_object()  # one context lookup
    request_globals.api_partner = None
    if token is None:
        if current_app.config.get("API_ALLOW_ANONYMOUS"):
            return
        raise ApiError(401, "missing_token",
                       "This API needs a partner token: 'Authorization: Bearer <token>'.",
                       headers=CHALLENGE)
    entry = _lookup(_token_hash(token, request.environ))
    if entry is None:
        raise ApiError(401, "invalid_token", "This token is unknown or has been revoked.",
                       headers=CHALLENGE)
    token_id, partner, last_used_at = entry
    request_globals.api_partner = partner
    now = utcnow()
    if last_used_at is None or now - last_used_at >= LAST_USED_EVERY:
        record_last_use(token_id, now)
        entry[2] = now


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
    req = request._get_current_object()  # one context lookup
    environ = req.environ
    scheme, _, value = environ.get("HTTP_AUTHORIZATION", "").strip().partition(" ")
    token = value.strip() if scheme.lower() == "bearer" else req.args.get("token")
    if token:
        return "token:" + _token_hash(token, environ)[:32]
    return "addr:" + (req.remote_addr or "unknown")


DEFAULT_RATE_LIMIT = "600 per minute"


def rate_limit_value(endpoint: str | None = None, config=None) -> str:
    """The limits of ``endpoint`` (``api.changes``...): ``API_RATE_LIMITS[endpoint]`` when
    configured, else ``API_RATE_LIMIT`` (default ``DEFAULT_RATE_LIMIT``), counted per token
    and endpoint. ``config``: the app's, when the caller has it."""
    config = current_app.config if config is None else config
    per_endpoint = config.get("API_RATE_LIMITS") or {}
    return per_endpoint.get(endpoint) or config.get("API_RATE_LIMIT", DEFAULT_RATE_LIMIT)


@lru_cache(maxsize=16)
def _limits(value: str) -> list:
    """The limits of an ``API_RATE_LIMIT`` string, shortest window first (parsed once)."""
    return sorted(parse_many(value))


def _keys(endpoint: str | None, config) -> list:
    args = [rate_limit_key(), endpoint or ""]
    prefix = config.get("RATELIMIT_KEY_PREFIX")  # what init_app reads for its keys
    if prefix:
        args.insert(0, prefix)
    return args


def _remember(item, stats, request_globals) -> None:
    """Keep the tightest limit's numbers for the ``RateLimit-*`` headers (in the request's
    ``g``, given as ``request_globals``)."""
    remaining = max(0, stats.remaining)
    reset = max(0, int(stats.reset_time - time.time()) + 1)
    held = request_globals.get("rate_limit")
    if held is None or remaining < held[1]:
        request_globals.rate_limit = (item.amount, remaining, reset)


def check_rate_limit() -> None:
    """Count this request against every limit of its endpoint (``rate_limit_value``) for
    its token (or address, see ``rate_limit_key``); the tightest one's numbers go into the
    ``RateLimit-*`` headers (``rate_limit_headers``).

    :raise ApiError 429: a limit is used up; ``Retry-After`` says when its window resets.
    """
    if not limiter.enabled:
        return
    strategy = limiter.limiter  # Flask-Limiter's public property: the configured strategy
    config, endpoint, request_globals = current_app.config, request.endpoint, g._get_current_object()
    args = _keys(endpoint, config)
    fixed_window = type(strategy) is FixedWindowRateLimiter
    for item in _limits(rate_limit_value(endpoint, config)):
        if fixed_window:  # the strategy's own hit and window stats, with one key and one count
            key = item.key_for(*args)
            count = strategy.storage.incr(key, item.get_expiry())
            allowed = count <= item.amount
            stats = WindowStats(strategy.storage.get_expiry(key), max(0, item.amount - count))
        else:
            allowed = strategy.hit(item, *args)
            stats = strategy.get_window_stats(item, *args)
        _remember(item, stats, request_globals)
        if not allowed:
            retry_after = max(1, int(stats.reset_time - time.time()) + 1)
            raise ApiError(429, "rate_limited", MESSAGES[429],
                           headers={"Retry-After": str(retry_after)})


def rate_limit_headers(response):
    """``after_request`` of the app for ``/api/`` paths: ``RateLimit-Limit``,
    ``RateLimit-Remaining`` and ``RateLimit-Reset`` (seconds until the window resets) on
    every API response. A request that was not counted (an error before the check, the
    ``/api`` page, the OpenAPI document) reports its endpoint's current window without
    counting it."""
    request_globals = g._get_current_object()  # one context lookup
    held = request_globals.get("rate_limit")
    if held is None:
        path = request.path
        if not (path == "/api" or path.startswith("/api/")) or not limiter.enabled:
            return response
        try:
            config, endpoint = current_app.config, request.endpoint
            strategy, args = limiter.limiter, _keys(endpoint, config)
            for item in _limits(rate_limit_value(endpoint, config)):
                _remember(item, strategy.get_window_stats(item, *args), request_globals)
        except Exception:  # noqa: BLE001 (storage down: the answer itself still goes out)
            log.warning("rate-limit storage unavailable for the RateLimit headers")
            return response
        held = request_globals.get("rate_limit")
        if held is None:
            return response
    limit, remaining, reset = held
    add = response.headers.add  # set by nothing else: add, without the scan of __setitem__
    add("RateLimit-Limit", str(limit))
    add("RateLimit-Remaining", str(remaining))
    add("RateLimit-Reset", str(reset))
    return response


def rate_limited(view):
    """``view`` behind ``check_rate_limit``."""

    @wraps(view)
    def limited(*args, **kwargs):
        check_rate_limit()
        return view(*args, **kwargs)

    return limited


def install(app) -> None:
    """Initialise Flask-Limiter (storage and strategy) for ``app`` without its per-request
    hooks: the before-request hook would only look for default or application limits the
    app does not have, and the after-request and teardown hooks only serve limits checked
    by its decorator or that hook (its headers are off; ``rate_limit_headers`` writes
    ours). ``app.config["RATELIMIT_STORAGE_URI"]`` is left as configured."""
    configured = app.config.setdefault("RATELIMIT_STORAGE_URI", MEMORY_STORAGE_URI)
    app.config["RATELIMIT_STORAGE_URI"] = storage_uri(app)  # what init_app reads
    hooks = [list(funcs.get(None, [])) for funcs in (
        app.before_request_funcs, app.after_request_funcs, app.teardown_request_funcs)]
    limiter.init_app(app)
    # without the hooks init_app added (see above)
    app.before_request_funcs[None], app.after_request_funcs[None], app.teardown_request_funcs[None] = hooks
    app.after_request(rate_limit_headers)
    app.config["RATELIMIT_STORAGE_URI"] = configured


class LazyExpiryMemoryStorage(MemoryStorage):
    """``memory://`` counters whose expired keys are swept inline at most once a second
    (reads already ignore expired counters), with no timer thread per request."""

    STORAGE_SCHEME = ["tracker-memory"]
    SWEEP_EVERY = 1.0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._swept = time.monotonic()

    def _MemoryStorage__schedule_expiry(self) -> None:  # replaces the timer thread
        now = time.monotonic()
        if now - self._swept >= self.SWEEP_EVERY:
            self._swept = now
            self._MemoryStorage__expire_events()


def storage_uri(app) -> str:
    """The limiter's storage: ``RATELIMIT_STORAGE_URI``, with ``memory://`` served by
    ``LazyExpiryMemoryStorage``."""
    uri = app.config.get("RATELIMIT_STORAGE_URI") or MEMORY_STORAGE_URI
    return LAZY_MEMORY_STORAGE_URI if uri == MEMORY_STORAGE_URI else uri


limiter = Limiter(key_func=rate_limit_key, default_limits=[], headers_enabled=False)
