"""Exceptions raised by services when a request breaks a rule."""


class ServiceError(Exception):
    """Base class: the request was refused and nothing was written."""


class RuleViolation(ServiceError):
    """Input breaks a domain rule. ``field`` names the offending input (or None)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class PermissionDenied(ServiceError):
    """The user may not do this (the views answer 403)."""
