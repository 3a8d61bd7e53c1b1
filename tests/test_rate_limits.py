"""Rate limits of the partner API (tracker/api/auth.py) use Flask-Limiter's public interface
only, with ``limits`` pinned exactly because ``LazyExpiryMemoryStorage`` relies on it."""

import re
import threading
from importlib.metadata import version
from pathlib import Path

from limits.storage import MemoryStorage, storage_from_string

from tracker.api.auth import LazyExpiryMemoryStorage, limiter
from tracker.extensions import db
from tracker.models import ApiToken

ROOT = Path(__file__).resolve().parent.parent


def test_limits_is_pinned_to_the_installed_version():
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert f'"limits=={version("limits")}"' in pyproject


def test_lazy_storage_still_overrides_what_memory_storage_has():
    # Were these renamed upstream, the override would silently do nothing.
    assert hasattr(MemoryStorage, "_MemoryStorage__schedule_expiry")
    assert hasattr(MemoryStorage, "_MemoryStorage__expire_events")
    storage = storage_from_string("tracker-memory://")
    assert isinstance(storage, LazyExpiryMemoryStorage)
    before = threading.active_count()
    for n in range(50):
        storage.incr(f"key{n}", 60)
    assert threading.active_count() <= before  # no timer thread per hit


def test_no_private_flask_limiter_attribute_is_used():
    for path in (ROOT / "tracker").rglob("*.py"):
        text = path.read_text()
        assert not re.search(r"\blimiter\._", text), path
        assert "._storage" not in text and "._limiter" not in text, path


def test_flask_limiter_per_request_hook_is_not_installed(app):
    hooks = app.before_request_funcs.get(None, [])
    assert not [h for h in hooks if getattr(h, "__self__", None) is limiter]


def test_key_prefix_setting_separates_the_counters(client, app, monkeypatch):
    token, plain = ApiToken.issue("Prefixed partner")
    db.session.add(token)
    db.session.commit()
    headers = {"Authorization": f"Bearer {plain}"}
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "1 per minute")
    try:
        monkeypatch.setitem(app.config, "RATELIMIT_KEY_PREFIX", "one")
        assert client.get("/api/v1/statuses", headers=headers).status_code == 200
        assert client.get("/api/v1/statuses", headers=headers).status_code == 429
        monkeypatch.setitem(app.config, "RATELIMIT_KEY_PREFIX", "two")
        assert client.get("/api/v1/statuses", headers=headers).status_code == 200
    finally:
        limiter.reset()


def test_token_revoked_elsewhere_stops_working_when_its_cache_entry_expires(client, app):
    """The per-process token cache (a TTL cache): a revocation this process does not see
    (another worker's raw SQL) takes effect once the entry's time is up."""
    import time

    from sqlalchemy import update

    from tracker.api import auth
    from tracker.models import utcnow

    token, plain = ApiToken.issue("Cached partner")
    db.session.add(token)
    db.session.commit()
    headers = {"Authorization": f"Bearer {plain}"}
    assert client.get("/api/v1/statuses", headers=headers).status_code == 200
    with db.engine.begin() as conn:  # not through the ORM: no listener forgets the cache
        conn.execute(update(ApiToken).values(revoked_at=utcnow()))
    assert client.get("/api/v1/statuses", headers=headers).status_code == 200  # cached
    with auth._tokens_lock:
        auth._tokens.expire(time.monotonic() + auth.TOKEN_CACHE_SECONDS + 1)
    assert client.get("/api/v1/statuses", headers=headers).status_code == 401
