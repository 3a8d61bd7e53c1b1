"""WSGI entry point: ``gunicorn wsgi:app`` and ``flask --app wsgi ...``.

The config class comes from ``TRACKER_ENV`` (development by default; production for
deployments) and its values from environment variables (see README.md).
"""

from tracker import create_app

app = create_app()
