"""One PostgreSQL database per pytest-xdist worker (a pytest plugin, loaded in addopts).

``make test`` runs the suite on several workers (``pytest -n``). On SQLite each worker has
its own temp folder, so its own database files. On PostgreSQL every test resets the schema
of DATABASE_URL's database, so two workers on one database would empty each other's tables.
``use_worker_database`` gives each worker a database of its own, named after the run's
database and the worker (``tracker_test_…_gw0``), by rewriting ``DATABASE_URL`` before
anything reads it. ``drop_worker_database`` drops it at the end of the worker's session;
``.ci/with-postgres`` also drops every database named after the run's, in case a worker died.
"""

import os

import pytest

_ADMIN_DATABASE = "postgres"


def run_as_admin(url, *statements: str) -> None:
    """Run ``statements`` (CREATE/DROP DATABASE) outside a transaction, on the admin
    database of the server ``url`` (a string or SQLAlchemy URL) names. Also used by
    ``live_gunicorn`` for each live deployment's database."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    admin = make_url(url).set(database=_ADMIN_DATABASE)
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)
    engine.dispose()


def _worker_url():
    """The worker's database URL, or None outside xdist or on SQLite."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    url = os.environ.get("DATABASE_URL")
    if not (worker and url) or url.startswith("sqlite"):
        return None
    from sqlalchemy.engine import make_url

    for prefix in ("postgres://", "postgresql://"):  # as config._database_url reads them
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix):]
    base = make_url(url)
    if base.database.endswith(f"_{worker}"):
        return base
    return base.set(database=f"{base.database}_{worker}")


def use_worker_database() -> None:
    """Create this worker's database (empty) and point DATABASE_URL at it."""
    url = _worker_url()
    if url is not None:
        run_as_admin(url, f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)',
                      f'CREATE DATABASE "{url.database}"')
        os.environ["DATABASE_URL"] = url.render_as_string(hide_password=False)


def drop_worker_database() -> None:
    """Drop this worker's database (called once its tests are done)."""
    url = _worker_url()
    if url is not None:
        run_as_admin(url, f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    """Loaded with ``-p`` (pyproject's addopts), so this runs before conftest imports config."""
    use_worker_database()


def pytest_sessionfinish(session, exitstatus):
    drop_worker_database()
