"""NEXT Tracker: the policy-recommendation tracker of the US-Japan NEXT Alliance Initiative."""

from collections.abc import Mapping
from pathlib import Path

from flask import Flask, Response

import config as config_module

from . import database, listeners, search
from .extensions import csrf, db, htmx, login_manager, migrate
from .web import i18n, public, security, translations
from .web import views as saved_views

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS_DIR = ROOT / "migrations"


class TrackerResponse(Response):
    """Flask's response. One whose headers a hook has marked final (``headers_final``:
    status 200, Content-Length set, no Location or Content-Location, so werkzeug's
    ``get_wsgi_headers`` would change nothing) hands them to the server as they are,
    without werkzeug's copy of every header (``api.http.finish`` marks the API's answers)."""

    headers_final = False

    def get_wsgi_headers(self, environ):
        if self.headers_final and self.status_code == 200:
            return self.headers
        return super().get_wsgi_headers(environ)


class TrackerFlask(Flask):
    """Flask, with ``ensure_sync`` answered from a memo per function: Flask asks it for
    every hook and view of every request (about 16 times for an API answer) and each time
    inspects the function's code flags again, a tenth of a cached API answer's time."""

    response_class = TrackerResponse
    _sync_memo: dict

    def ensure_sync(self, func):
        memo = self.__dict__.setdefault("_sync_memo", {})
        try:
            return memo[func]
        except KeyError:
            pass
        except TypeError:  # unhashable: ask Flask every time
            return super().ensure_sync(func)
        if len(memo) > 1024:  # functions made per call would otherwise pile up
            memo.clear()
        memo[func] = found = super().ensure_sync(func)
        return found


def create_app(config: type | Mapping | None = None) -> Flask:
    """Build the app.

    :param config: a config class from ``config.py``, or a mapping of overrides applied on
        top of the class named by ``TRACKER_ENV`` (tests pass their temp paths this way).
    :raise RuntimeError: in production with the default ``SECRET_KEY``.
    """
    app = TrackerFlask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(config_module.INSTANCE_DIR),
        instance_relative_config=False,
    )
    register_config(app, config)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    security.register(app)  # headers, /healthz, request logs, 503s, audit log
    return app


def register_config(app: Flask, config) -> None:
    if config is None or isinstance(config, Mapping):
        app.config.from_object(config_module.config_from_env())
        if config:
            app.config.update(config)
    else:
        app.config.from_object(config)
    if app.config.get("ENV_NAME") == "production" and (
        app.config.get("SECRET_KEY") in (None, "", config_module.DEFAULT_SECRET_KEY)
    ):
        raise RuntimeError("Refusing to start in production with the default SECRET_KEY.")
    if app.config.get("ENV_NAME") == "production" and not app.config.get("SERVER_NAME"):
        raise RuntimeError("Set SERVER_NAME (the public host name, e.g. tracker.example.org): "
                           "absolute links are built from it, never from a request's Host.")
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and ":memory:" not in uri:
        Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    Path(app.config["SEARCH_INDEX_DIR"]).parent.mkdir(parents=True, exist_ok=True)


def register_extensions(app: Flask) -> None:
    from .web import auth  # noqa: F401  (registers the user loader)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR))
    login_manager.init_app(app)
    csrf.init_app(app)
    security.check_csrf_by_method(app, csrf)  # right after Flask-WTF's own hook
    htmx.init_app(app)
    database.init_database(app, db)
    listeners.install(app)  # every SQLAlchemy listener, in a documented order
    search.init_app(app)
    i18n.init_app(app)


def register_blueprints(app: Flask) -> None:
    from .web.rendering import DatabaseIntConverter

    app.url_map.converters["int"] = DatabaseIntConverter
    from .api import bp as api_bp
    from .web.admin import bp as admin_bp
    from .web.auth import bp as auth_bp
    from .web.boards import bp as boards_bp
    from .web.catalog import bp as catalog_bp
    from .web.dataio import bp as dataio_bp
    from .web.recommendations import bp as recommendations_bp
    from .web.search import bp as search_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(recommendations_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(catalog_bp)
    app.register_blueprint(dataio_bp)
    app.register_blueprint(boards_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(api_bp)
    translations.register(app)
    saved_views.register(app)
    public.register(app)


def register_errorhandlers(app: Flask) -> None:
    from .web.errors import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from .web.templating import register

    register(app)
    i18n.register_template_helpers(app)


def register_commands(app: Flask) -> None:
    from .cli import register

    register(app)
