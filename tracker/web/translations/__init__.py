"""The translation-status page. The blueprint is ``bp``; ``register(app)`` registers it
with its template global (both defined in ``routes``)."""

from .routes import bp, register

__all__ = ["bp", "register"]
