"""WTForms form classes for the staff pages, one module per area.

Forms check the shape of the input (required, lengths, choices); domain rules live in the
services, whose ``RuleViolation`` the views attach to the named field with ``add_error``.
"""

from wtforms import Field


def add_error(form, field_name: str | None, message: str) -> None:
    """Attach ``message`` to ``form.<field_name>``, or to the form as a whole when the form
    has no such field (shown above the fields)."""
    field: Field | None = getattr(form, field_name, None) if field_name else None
    if isinstance(field, Field):
        field.errors = [*list(field.errors or []), message]
    else:
        form.form_errors.append(message)


def has_errors(form) -> bool:
    return bool(form.form_errors) or any(f.errors for f in form)


def strip_filter(value):
    """Strip surrounding whitespace from text input (None stays None)."""
    return value.strip() if isinstance(value, str) else value
