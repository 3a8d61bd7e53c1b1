"""Saved views of the staff list: ``/views`` (list, save) and ``/views/<id>/delete``.
The blueprint is ``bp``; ``register`` also adds the ``saved_views()`` template global that
the navigation reads."""

from .routes import bp, register

__all__ = ["bp", "register"]
