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


def test_token_revoked_elsewhere_stops_working_when_its_cache_entry_expires(client, app, monkeypatch):
    """The per-process token cache: a revocation this process does not see (another
    worker's raw SQL) takes effect once the entry's time is up."""
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
    later = time.monotonic() + auth.TOKEN_CACHE_SECONDS - 1
    monkeypatch.setattr(auth, "_now", lambda: later)
    assert client.get("/api/v1/statuses", headers=headers).status_code == 200  # still cached
    later += 2
    assert client.get("/api/v1/statuses", headers=headers).status_code == 401


def _partner_headers():
    token, plain = ApiToken.issue("Headers partner")
    db.session.add(token)
    db.session.commit()
    return {"Authorization": f"Bearer {plain}"}


def test_every_api_response_carries_rate_limit_headers(client, app, monkeypatch):
    headers = _partner_headers()
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "3 per minute")
    try:
        seen = []
        for _ in range(3):
            response = client.get("/api/v1/statuses", headers=headers)
            assert response.status_code == 200
            assert response.headers["RateLimit-Limit"] == "3"
            assert 0 < int(response.headers["RateLimit-Reset"]) <= 61
            seen.append(int(response.headers["RateLimit-Remaining"]))
        assert seen == [2, 1, 0]
        refused = client.get("/api/v1/statuses", headers=headers)
        assert refused.status_code == 429
        assert refused.get_json()["error"]["code"] == "rate_limited"
        assert refused.headers["RateLimit-Remaining"] == "0"
        assert 0 < int(refused.headers["Retry-After"]) <= 61
        # Counted per endpoint: another endpoint has its own window.
        other = client.get("/api/v1/topics", headers=headers)
        assert other.status_code == 200 and other.headers["RateLimit-Remaining"] == "2"
        # Responses that are not counted still say where the caller stands.
        for path, status in (("/api/v1/nothing-here", 404), ("/api/v1/openapi.json", 200)):
            response = client.get(path, headers=headers)
            assert response.status_code == status
            assert response.headers["RateLimit-Limit"] == "3", path
            assert "RateLimit-Remaining" in response.headers and "RateLimit-Reset" in response.headers
        anonymous = client.get("/api/v1/statuses")
        assert anonymous.status_code == 401 and "RateLimit-Limit" in anonymous.headers
        assert "RateLimit-Remaining" in other.headers["Access-Control-Expose-Headers"]
    finally:
        limiter.reset()


def test_one_endpoint_can_have_its_own_limit(client, app, monkeypatch):
    headers = _partner_headers()
    monkeypatch.setitem(app.config, "API_RATE_LIMITS", {"api.changes": "1 per minute"})
    try:
        assert client.get("/api/v1/changes", headers=headers).headers["RateLimit-Limit"] == "1"
        assert client.get("/api/v1/changes", headers=headers).status_code == 429
        assert client.get("/api/v1/statuses", headers=headers).status_code == 200
    finally:
        limiter.reset()
