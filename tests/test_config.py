"""Configuration from the environment (config.py) and the app factory's checks."""

import importlib

import pytest

import config
from tracker import create_app


@pytest.fixture
def reload_config(monkeypatch):
    """Re-read config.py after the test has set environment variables; restore afterwards."""
    yield lambda: importlib.reload(config)
    monkeypatch.undo()
    importlib.reload(config)


def _settings(tmp_path, **extra):
    return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "SEARCH_INDEX_DIR": str(tmp_path / "idx"), **extra}


@pytest.mark.parametrize("secret", [config.DEFAULT_SECRET_KEY, "", None])
def test_production_refuses_default_secret_key(tmp_path, secret):
    settings = _settings(tmp_path, SECRET_KEY=secret)
    production = type("Prod", (config.ProductionConfig,), settings)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(production)


def test_production_refuses_default_secret_key_from_environment(tmp_path, monkeypatch, reload_config):
    monkeypatch.setenv("TRACKER_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    reload_config()
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(_settings(tmp_path))


def test_production_starts_with_a_real_secret_key(tmp_path, monkeypatch, reload_config):
    monkeypatch.setenv("TRACKER_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-from-the-environment")
    monkeypatch.setenv("SERVER_NAME", "tracker.example.org")
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    reload_config()
    app = create_app(_settings(tmp_path))
    assert app.config["ENV_NAME"] == "production"
    assert app.config["SECRET_KEY"] == "a-real-secret-from-the-environment"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert not app.testing


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db.example:5432/tracker", "postgresql+psycopg://u:p@db.example:5432/tracker"),
        ("postgresql://u@localhost/tracker", "postgresql+psycopg://u@localhost/tracker"),
        ("postgresql+psycopg://u@localhost/tracker", "postgresql+psycopg://u@localhost/tracker"),
        ("sqlite:////var/lib/tracker.sqlite3", "sqlite:////var/lib/tracker.sqlite3"),
    ],
)
def test_database_url_normalisation(monkeypatch, reload_config, given, expected):
    monkeypatch.setenv("DATABASE_URL", given)
    reload_config()
    assert config._database_url() == expected
    assert config.Config.SQLALCHEMY_DATABASE_URI == expected


def test_default_database_is_sqlite_under_instance(monkeypatch, reload_config, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("TRACKER_INSTANCE_DIR", str(tmp_path / "inst"))
    reload_config()
    assert config.Config.SQLALCHEMY_DATABASE_URI == f"sqlite:///{tmp_path / 'inst' / 'tracker.sqlite3'}"
    assert config.Config.SEARCH_INDEX_DIR == str(tmp_path / "inst" / "search-index")


def test_environment_variables_are_read(monkeypatch, reload_config):
    monkeypatch.setenv("STALE_AFTER_DAYS", "90")
    monkeypatch.setenv("REFERENCE_PREFIX", "NXT")
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "yes")
    reload_config()
    assert config.Config.STALE_AFTER_DAYS == 90
    assert config.Config.REFERENCE_PREFIX == "NXT"
    assert config.Config.SESSION_COOKIE_SECURE is True


@pytest.mark.parametrize("name", ["staging", "prod", "Production"])
def test_unknown_tracker_env_raises(monkeypatch, tmp_path, name):
    monkeypatch.setenv("TRACKER_ENV", name)
    with pytest.raises(RuntimeError, match="TRACKER_ENV"):
        config.config_from_env()
    with pytest.raises(RuntimeError, match="TRACKER_ENV"):
        create_app(_settings(tmp_path))


@pytest.mark.parametrize(("name", "cls"), [("development", "Config"), ("production", "ProductionConfig"),
                                           ("test", "TestConfig")])
def test_known_tracker_env(monkeypatch, name, cls):
    monkeypatch.setenv("TRACKER_ENV", name)
    assert config.config_from_env().__name__ == cls


def test_factory_applies_overrides_and_creates_folders(monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_ENV", "test")
    app = create_app(_settings(tmp_path / "nested", PER_PAGE=7))
    assert app.config["PER_PAGE"] == 7
    assert app.testing
    assert (tmp_path / "nested").is_dir()
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert {"auth", "recommendations", "admin"} <= set(app.blueprints)


def test_production_refuses_to_start_without_server_name(tmp_path, monkeypatch, reload_config):
    monkeypatch.setenv("TRACKER_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-from-the-environment")
    monkeypatch.delenv("SERVER_NAME", raising=False)
    reload_config()
    with pytest.raises(RuntimeError, match="SERVER_NAME"):
        create_app(_settings(tmp_path))
