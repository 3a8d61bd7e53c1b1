"""Query-string parsing for the API: strict, with a 400 that names the parameter.

The recommendation filter is the shared one (``domain.filters``, ``API`` mode); the
helpers below parse the other endpoints' few parameters.

Unknown or repeated parameters are refused rather than ignored, so a partner's typo
(``?topics=space``) is an error instead of an unfiltered list.
"""

from flask import request
from werkzeug.datastructures import MultiDict

from ..domain.filters import API, RecommendationFilter
from ..services.queries import filters as filters_service
from .errors import ApiError

LANGUAGES = ("en", "ja")
LANG = "lang"
CURSOR = "cursor"
OWN = frozenset({LANG, CURSOR})  # parameters of the list besides the shared filter's
DATA = frozenset({LANG})  # what every JSON data endpoint takes


def invalid(name: str, message: str) -> ApiError:
    return ApiError(400, "invalid_parameter", message, {"parameter": name})


def recommendation_filter() -> RecommendationFilter:
    """The request's recommendation filter, parsed by the shared parser in strict mode.

    :raise ApiError 400: the first problem (unknown or repeated parameter, bad value,
        unknown slug), naming the parameter.
    """
    args = request.args
    if any(name in args for name in OWN):
        args = MultiDict([(k, v) for k, v in args.items(multi=True) if k not in OWN])
    filters = filters_service.parse(args, API)
    if filters.problems:
        problem = filters.problems[0]
        raise ApiError(400, problem.code, problem.message, problem.details)
    return filters


def language() -> str | None:
    """``?lang=en|ja`` (single-language strings), or None (the ``{"en", "ja"}`` objects).

    :raise ApiError 400: another value, or given twice."""
    if not request.environ.get("QUERY_STRING"):
        return None  # no parameters at all (nothing to parse)
    raw = request.args.getlist(LANG)
    if not raw:
        return None
    if len(raw) > 1:
        raise invalid(LANG, "Give 'lang' once.")
    if raw[0] not in LANGUAGES:
        raise invalid(LANG, f"'lang' must be one of: {', '.join(LANGUAGES)}.")
    return raw[0]


def check_params(allowed: set[str] | frozenset[str]) -> None:
    """:raise ApiError 400: for a parameter not in ``allowed`` or given more than once."""
    req = request._get_current_object()  # one context lookup
    if not req.environ.get("QUERY_STRING"):
        return  # no parameters at all (nothing to parse)
    args = req.args
    for name in args:
        if name not in allowed:
            raise ApiError(
                400, "unknown_parameter", f"Unknown parameter {name!r}.",
                {"parameter": name, "allowed": sorted(allowed)},
            )
        if len(args.getlist(name)) > 1:
            raise invalid(name, f"Give {name!r} once (lists are comma-separated).")


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
