"""Security headers (tracker/web/security.py) and the templates they rely on."""

import re
from pathlib import Path

import pytest

import config
from tracker import create_app

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def test_every_response_has_the_security_headers(client):
    for response in (client.get("/login"), client.get("/no-such-page"), client.get("/healthz")):
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["X-Frame-Options"] == "DENY"


def test_no_hsts_outside_production(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers


def test_production_sends_hsts_and_secure_cookies(tmp_path):
    class Production(config.ProductionConfig):
        SECRET_KEY = "a-real-secret-for-this-test"
        SERVER_NAME = "localhost"
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'prod.sqlite3'}"
        SEARCH_INDEX_DIR = str(tmp_path / "index")

    app = create_app(Production)
    client = app.test_client()
    response = client.get("/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    cookie = response.headers.get("Set-Cookie", "")
    assert "Secure" in cookie and "HttpOnly" in cookie


@pytest.mark.parametrize("secret", [config.DEFAULT_SECRET_KEY, "", None])
def test_production_refuses_the_default_secret_key(tmp_path, secret):
    class Production(config.ProductionConfig):
        SECRET_KEY = secret
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'prod.sqlite3'}"
        SEARCH_INDEX_DIR = str(tmp_path / "index")

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Production)


def test_trusted_proxies_make_the_client_address_the_forwarded_one(tmp_path):
    class Behind(config.TestConfig):
        TRUSTED_PROXIES = 1
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'proxy.sqlite3'}"
        SEARCH_INDEX_DIR = str(tmp_path / "index")

    app = create_app(Behind)
    seen = {}

    @app.get("/_addr_probe")
    def _probe():
        from flask import request
        seen["addr"] = request.remote_addr
        return "ok"

    app.test_client().get("/_addr_probe", headers={"X-Forwarded-For": "203.0.113.7"},
                          environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert seen["addr"] == "203.0.113.7"


INLINE_PATTERNS = {
    "inline <script> (no src)": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "style= attribute": re.compile(r"\sstyle\s*=", re.I),
    "<style> element": re.compile(r"<style[\s>]", re.I),
    "on*= event handler": re.compile(r"\son[a-z]+\s*=", re.I),
    "hx-on (evaluates code)": re.compile(r"\shx-on", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def test_templates_have_no_inline_script_style_or_handlers():
    problems = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        for what, pattern in INLINE_PATTERNS.items():
            for match in pattern.finditer(source):
                line = source.count("\n", 0, match.start()) + 1
                problems.append(f"{path.relative_to(TEMPLATES)}:{line}: {what}")
    assert not problems, "CSP forbids these:\n" + "\n".join(problems)


def test_the_template_scan_catches_what_it_should():
    samples = ['<script>alert(1)</script>', '<p style="color:red">', '<a onclick="x()">',
               '<div hx-on::after-request="x">', '<style>p{}</style>']
    for sample in samples:
        assert any(p.search(sample) for p in INLINE_PATTERNS.values()), sample
    assert not any(p.search('<script src="/static/js/app.js" defer></script>')
                   for p in INLINE_PATTERNS.values())


def test_htmx_is_configured_not_to_inject_styles():
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    assert '"includeIndicatorStyles": false' in base


def test_hardening_config_keys_are_documented():
    readme = (TEMPLATES.parent / "README.md").read_text(encoding="utf-8")
    for key in ("SESSION_IDLE_MINUTES", "LOGIN_THROTTLE_MINUTES", "LOGIN_MAX_FAILURES_PER_ACCOUNT",
                "LOGIN_MAX_FAILURES_PER_ADDRESS", "HSTS_SECONDS", "TRUSTED_PROXIES", "REQUEST_LOG"):
        assert hasattr(config.Config, key)
        assert f"| `{key}` |" in readme, key


def test_json_answers_of_the_api_get_the_api_set_and_its_page_the_full_one(client):
    from tests.support.api import issue_token

    token = issue_token()
    answer = client.get("/api/v1/topics", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    assert answer.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert "Referrer-Policy" not in answer.headers
    refused = client.get("/api/v1/topics")  # a JSON error too
    assert refused.status_code == 401
    assert refused.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    page = client.get("/api")
    assert page.mimetype == "text/html"
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["Referrer-Policy"] == "same-origin"
