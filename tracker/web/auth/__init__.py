"""Signing in and out (also registers the Flask-Login user loader). The blueprint is ``bp`` (defined in ``routes``)."""

from .routes import bp

__all__ = ["bp"]
