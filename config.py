"""Configuration, read from environment variables.

Every key below is documented in README.md (a test checks that). ``create_app`` takes one
of these classes, or a mapping of overrides for tests.
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("TRACKER_INSTANCE_DIR", BASE_DIR / "instance"))

DEFAULT_SECRET_KEY = "dev-only-not-secret"


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'tracker.sqlite3'}")
    # Heroku-style and bare postgres URLs mean psycopg 3 here.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    """Embedded default: SQLite file and Whoosh index under ``instance/``."""

    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SEARCH_INDEX_DIR = os.environ.get("SEARCH_INDEX_DIR", str(INSTANCE_DIR / "search-index"))
    # Search index consistency (see tracker/search/sync.py).
    SEARCH_LOCK_TIMEOUT = float(os.environ.get("SEARCH_LOCK_TIMEOUT", "30"))
    SEARCH_SYNC_INTERVAL = float(os.environ.get("SEARCH_SYNC_INTERVAL", "2"))
    SEARCH_CATCHUP_MARGIN = float(os.environ.get("SEARCH_CATCHUP_MARGIN", "300"))
    SEARCH_SYNC_ON_START = _bool("SEARCH_SYNC_ON_START", True)
    # Rebuild and query through tracker/search/fast/ (Whoosh internals; same results).
    SEARCH_FAST_PATHS = _bool("SEARCH_FAST_PATHS", True)
    STALE_AFTER_DAYS = int(os.environ.get("STALE_AFTER_DAYS", "180"))
    REFERENCE_PREFIX = os.environ.get("REFERENCE_PREFIX", "NEXT")
    PER_PAGE = int(os.environ.get("PER_PAGE", "25"))
    # Werkzeug hash method for passwords; tests use a cheaper one.
    PASSWORD_HASH_METHOD = os.environ.get("PASSWORD_HASH_METHOD", "scrypt")
    # SQLite: seconds a writer waits for the lock before giving up.
    SQLITE_BUSY_TIMEOUT = float(os.environ.get("SQLITE_BUSY_TIMEOUT", "30"))
    # Calendar "today" for effective dates (see tracker/services/clock.py).
    APP_TIMEZONE = os.environ.get("APP_TIMEZONE", "Asia/Tokyo")
    # Spreadsheet import: largest accepted file, and row count above which the web import
    # runs in a background thread; uploads wait for confirmation in IMPORT_WORK_DIR.
    IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
    IMPORT_BACKGROUND_ROWS = int(os.environ.get("IMPORT_BACKGROUND_ROWS", "500"))
    IMPORT_WORK_DIR = os.environ.get("IMPORT_WORK_DIR", str(INSTANCE_DIR / "imports"))
    # Background imports run in a process of their own ("process") or a thread ("thread").
    IMPORT_RUNNER = os.environ.get("IMPORT_RUNNER", "process")
    # Imports commit this many recommendations per transaction (all or nothing still), or
    # fewer: a transaction takes no new row once it has held the write lock this long.
    IMPORT_BATCH_ROWS = int(os.environ.get("IMPORT_BATCH_ROWS", "50"))
    IMPORT_BATCH_SECONDS = float(os.environ.get("IMPORT_BATCH_SECONDS", "0.1"))
    # A running import whose state has not moved this long lost its worker (stalled).
    IMPORT_STALL_SECONDS = int(os.environ.get("IMPORT_STALL_SECONDS", "120"))
    # Unconfirmed uploads and finished jobs are deleted after this many hours.
    IMPORT_UPLOAD_TTL_HOURS = int(os.environ.get("IMPORT_UPLOAD_TTL_HOURS", "24"))
    # Partner API: anonymous reads, per-token rate limit, Flask-Limiter storage (Redis URL).
    API_ALLOW_ANONYMOUS = _bool("API_ALLOW_ANONYMOUS", False)
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "600 per minute")
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    # CSRF is checked by tracker/web/security.py (check_csrf_by_method), not by Flask-WTF's
    # own hook: the same check, for POST, PUT, PATCH and DELETE only.
    WTF_CSRF_CHECK_DEFAULT = False
    # Hardening (tracker/security.py, tracker/auth.py, tracker/operations.py).
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "120"))
    LOGIN_THROTTLE_MINUTES = int(os.environ.get("LOGIN_THROTTLE_MINUTES", "15"))
    LOGIN_MAX_FAILURES_PER_ACCOUNT = int(os.environ.get("LOGIN_MAX_FAILURES_PER_ACCOUNT", "5"))
    LOGIN_MAX_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_MAX_FAILURES_PER_ADDRESS", "20"))
    HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "0"))
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    REQUEST_LOG = _bool("REQUEST_LOG", True)
    # Absolute URLs (API links, feeds) use these, never the request's Host header.
    SERVER_NAME = os.environ.get("SERVER_NAME") or "127.0.0.1:5000"
    # The public, bilingual pages (/public/, /ja/public/; README "Public pages"): on in
    # development and the demo, off in production unless asked for (off: every one is 404).
    PUBLIC_SITE = _bool("PUBLIC_SITE", True)
    # Let search engines index the public pages (meta robots and /robots.txt).
    PUBLIC_ROBOTS = _bool("PUBLIC_ROBOTS", True)
    # Origins (space-separated) that may frame the topic widget (CSP frame-ancestors).
    PUBLIC_EMBED_ORIGINS = os.environ.get("PUBLIC_EMBED_ORIGINS", "").split()
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")


class ProductionConfig(Config):
    """``gunicorn wsgi:app`` with PostgreSQL; refuses a default secret key (see create_app)."""

    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", str(365 * 24 * 3600)))
    SERVER_NAME = os.environ.get("SERVER_NAME")  # required: create_app refuses to start without
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "https")
    PUBLIC_SITE = _bool("PUBLIC_SITE", False)


class TestConfig(Config):
    """Used by the test suite; the fixtures point the database and index at a temp dir."""

    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret"
    SERVER_NAME = "localhost"  # the test client's host
    IMPORT_RUNNER = "thread"  # the test app's configuration exists only in the test process
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    SEARCH_SYNC_INTERVAL = 0.0
    SEARCH_SYNC_ON_START = False


CONFIGS = {"development": Config, "production": ProductionConfig, "test": TestConfig}


def config_from_env() -> type[Config]:
    """The config class named by ``TRACKER_ENV`` (development, production, test)."""
    name = os.environ.get("TRACKER_ENV", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"TRACKER_ENV must be one of {sorted(CONFIGS)}, not {name!r}") from None
