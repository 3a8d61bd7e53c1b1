"""Query-string parsing for the API: strict, with a 400 that names the parameter.

The recommendation filter is the shared one (``domain.filters``, ``API`` mode); the
helpers below parse the other endpoints' few parameters.

Unknown or repeated parameters are refused rather than ignored, so a partner's typo
(``?topics=space``) is an error instead of an unfiltered list.
"""

from datetime import UTC, date, datetime

from flask import request

from ..domain.filters import API, RecommendationFilter
from ..services import filters as filters_service
from .errors import ApiError


def invalid(name: str, message: str) -> ApiError:
    return ApiError(400, "invalid_parameter", message, {"parameter": name})


def recommendation_filter() -> RecommendationFilter:
    """The request's recommendation filter, parsed by the shared parser in strict mode.

    :raise ApiError 400: the first problem (unknown or repeated parameter, bad value,
        unknown slug), naming the parameter.
    """
    filters = filters_service.parse(request.args, API)
    if filters.problems:
        problem = filters.problems[0]
        raise ApiError(400, problem.code, problem.message, problem.details)
    return filters


def check_params(allowed: set[str] | frozenset[str]) -> None:
    """:raise ApiError 400: for a parameter not in ``allowed`` or given more than once."""
    for name in request.args:
        if name not in allowed:
            raise ApiError(
                400, "unknown_parameter", f"Unknown parameter {name!r}.",
                {"parameter": name, "allowed": sorted(allowed)},
            )
        if len(request.args.getlist(name)) > 1:
            raise invalid(name, f"Give {name!r} once (lists are comma-separated).")


def text(name: str, max_length: int = 200) -> str | None:
    value = request.args.get(name)
    if value is None:
        return None
    value = value.strip()
    if not value:
        raise invalid(name, f"{name!r} is empty; leave it out instead.")
    if len(value) > max_length or "\x00" in value:
        raise invalid(name, f"{name!r} is too long (at most {max_length} characters).")
    return value


def integer(name: str, default: int, minimum: int, maximum: int | None = None) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise invalid(name, f"{name!r} must be a whole number.") from None
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f"from {minimum} to {maximum}" if maximum is not None else f"at least {minimum}"
        raise invalid(name, f"{name!r} must be {bounds}.")
    return value


def boolean(name: str) -> bool | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    value = raw.strip().lower()
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    raise invalid(name, f"{name!r} must be true or false.")


def choice(name: str, choices, default: str | None = None) -> str | None:
    raw = request.args.get(name)
    if raw is None:
        return default
    if raw not in choices:
        raise invalid(name, f"{name!r} must be one of: {', '.join(choices)}.")
    return raw


def choices(name: str, allowed) -> tuple[str, ...]:
    """A comma-separated list, each item one of ``allowed``."""
    raw = request.args.get(name)
    if raw is None:
        return ()
    items = tuple(dict.fromkeys(item.strip() for item in raw.split(",")))
    unknown = [item for item in items if item not in allowed]
    if not items or unknown:
        raise invalid(name, f"Unknown {name} {', '.join(map(repr, unknown)) or repr(raw)}; "
                            f"use {', '.join(allowed)}.")
    return items


def day(name: str, not_after: date | None = None) -> date | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    try:
        value = date.fromisoformat(raw.strip())
    except ValueError:
        raise invalid(name, f"{name!r} must be a date like 2024-05-31.") from None
    if not_after is not None and value > not_after:
        raise invalid(name, f"{name!r} cannot be after today ({not_after.isoformat()}).")
    return value


def timestamp(name: str) -> datetime | None:
    """An ISO 8601 date or date-time; without an offset it is taken as UTC."""
    raw = request.args.get(name)
    if raw is None:
        return None
    try:
        value = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise invalid(name, f"{name!r} must be an ISO 8601 date-time like 2024-05-31T09:00:00Z.") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except (OverflowError, ValueError):
        raise invalid(name, f"{name!r} is out of range.") from None
