"""The OpenAPI 3.1 document of ``/api/v1``, built in code from the same constants the views
use; the component schema of every partner-visible shape is derived from its declaration
in ``tracker.domain.partner_fields``. Tests validate it with openapi-spec-validator, check
every test response against it, and run schemathesis on it.
"""

from functools import cache

from ..domain import partner_fields, statuses
from ..models import ADDRESSEES, EVENT_KINDS, PUBLICATION_KINDS

PUBLIC_STATUSES = [k for k in statuses.KEYS if k != statuses.DRAFT]
STATUS_LIST = "(" + "|".join(PUBLIC_STATUSES) + ")"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def _obj(properties: dict, required: list | None = None) -> dict:
    return {"type": "object", "properties": properties,
            "required": list(properties) if required is None else required,
            "additionalProperties": False}


STR, INT, BOOL = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
URL = {"type": "string", "format": "uri"}
NSTR = _nullable(STR)

VOCABULARIES = {
    **partner_fields.VOCABULARIES,
    "status": PUBLIC_STATUSES,
    "addressee": list(ADDRESSEES),
    "event_kind": list(EVENT_KINDS),
    "publication_kind": list(PUBLICATION_KINDS),
}
SCALARS = {"string": STR, "integer": INT, "boolean": BOOL, "date": DATE, "datetime": DATETIME,
           "url": URL}


def field_schema(field: partner_fields.Field) -> dict:
    """The JSON Schema of one declared field (``tracker.domain.partner_fields``)."""
    if field.type == "enum":
        schema = {"enum": list(VOCABULARIES[field.enum])}
    elif field.type in SCALARS:
        schema = SCALARS[field.type]
    elif field.bilingual:  # {"en", "ja"}; one string (or null) with ?lang=
        schema = {"anyOf": [_ref("Bilingual"), NSTR]}
    else:
        schema = _ref(partner_fields.SHAPES[field.type].name)
    if field.many:
        schema = {"type": "array", "items": schema}
    return _nullable(schema) if field.nullable else schema


def shape_schema(shape: partner_fields.Shape) -> dict:
    """A closed object schema with every declared field, all required."""
    return _obj({f.name: field_schema(f) for f in shape.fields})


_DERIVED = {name: shape_schema(shape) for name, shape in partner_fields.SHAPES.items()}
SCHEMAS = {
    "Bilingual": _DERIVED.pop("Bilingual"),
    "Error": _obj({"error": _obj({
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "code": STR, "message": STR, "details": {"type": "object"},
    })}),
    **_DERIVED,
    "StatusCounts": _obj({k: INT for k in PUBLIC_STATUSES}),
    "Stats": _obj({
        "total": INT, "by_status": _ref("StatusCounts"),
        "by_topic": {"type": "object", "additionalProperties": _ref("StatusCounts")},
        "by_line_of_effort": {"type": "object", "additionalProperties": _ref("StatusCounts")},
    }),
    "PageLinks": _obj({"self": URL, "first": URL, "last": URL, "next": _nullable(URL),
                       "prev": _nullable(URL)}),
}


def _list_of(item: str) -> dict:
    return _obj({"data": {"type": "array", "items": _ref(item)},
                 "meta": _obj({"total": INT}), "links": _obj({"self": URL})})


def _param(name: str, description: str, schema: dict, where: str = "query") -> dict:
    return {"name": name, "in": where, "required": where == "path",
            "description": description, "schema": schema}


LANG = _param("lang", "`en` or `ja`: every `{\"en\", \"ja\"}` text becomes one string in that "
                       "language (the other language's when it has none; null when neither). "
                       "Default: both.", {"enum": ["en", "ja"]})


def _error(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": _ref("Error")}}}


ERRORS = {
    "400": _error("Bad input: unknown parameter, malformed value, unknown slug."),
    "401": _error("Missing, unknown or revoked token."),
    "404": _error("Not found."),
    "429": {**_error("Rate limit reached; see Retry-After."),
            "headers": {"Retry-After": {"schema": INT}}},
}
NOT_MODIFIED = {"304": {"description": "Not modified (If-None-Match / If-Modified-Since)."}}


def _get(op_id: str, summary: str, schema: dict | None, parameters=(), tag="data",
         media: str = "application/json") -> dict:
    ok = {"description": "OK"}
    if schema is not None:
        ok["content"] = {media: {"schema": schema}}
    if tag == "data":
        parameters = [*parameters, LANG]
    return {"get": {"operationId": op_id, "summary": summary, "tags": [tag],
                    "parameters": list(parameters),
                    "responses": {"200": ok, **NOT_MODIFIED, **ERRORS}}}


REC_PARAMS = [
    _param("status", "Comma-separated statuses.",
           {"type": "string", "pattern": f"^{STATUS_LIST}(,{STATUS_LIST})*$"}),
    _param("topic", "Topic slug; includes its sub-topics.", STR),
    _param("line_of_effort", "Line-of-effort slug.", STR),
    _param("addressee", "Addressee key.", {"enum": list(ADDRESSEES)}),
    _param("publication", "Publication slug.", STR),
    _param("event", "Event slug.", STR),
    _param("priority", "Only priority (true) or non-priority (false) recommendations.",
           {"type": "string", "enum": ["true", "false"]}),
    _param("updated_since", "Only recommendations updated at or after this ISO 8601 time.", DATETIME),
    _param("as_of", "Each recommendation's status on this day (not after today); only "
                    "recommendations public by then.", DATE),
    _param("q", "Words that must all occur in the reference, title or text.", STR),
    _param("sort", "Order.", {"enum": ["reference", "updated_at", "-updated_at"]}),
    _param("page", "Page number (from 1; past the end is a 400).", {"type": "integer", "minimum": 1, "maximum": 1_000_000}),
    _param("per_page", "Page size.", {"type": "integer", "minimum": 1, "maximum": 100}),
]
REFERENCE = _param("reference", "Recommendation reference, e.g. NEXT-2024-017.", STR, "path")


@cache
def spec() -> dict:
    rec_page = _obj({
        "data": {"type": "array", "items": _ref("Recommendation")},
        "meta": _obj({"total": INT, "page": INT, "per_page": INT, "pages": INT}),
        "links": _ref("PageLinks"),
    })
    changes = _obj({
        "data": {"type": "array", "items": _ref("ChangeEvent")},
        "meta": _obj({"next_cursor": STR, "has_more": BOOL, "count": INT}),
        "links": _obj({"self": URL, "next": URL}),
    })
    atom = {"type": "string"}
    paths = {
        "/recommendations": _get("listRecommendations", "Public recommendations, filtered and paginated.",
                                 rec_page, REC_PARAMS),
        "/recommendations/{reference}": _get(
            "getRecommendation", "One public recommendation with its public status history.",
            _obj({"data": _ref("RecommendationDetail")}), [REFERENCE]),
        "/recommendations/{reference}/history": _get(
            "getHistory", "The public status history of one recommendation.",
            _list_of("HistoryEntry"), [REFERENCE]),
        "/topics": _get("listTopics", "Topic areas with counts of public recommendations.", _list_of("Topic")),
        "/lines-of-effort": _get("listLinesOfEffort", "Lines of effort with counts.", _list_of("LineOfEffort")),
        "/events": _get("listEvents", "Events with public recommendations or publications.", _list_of("Event")),
        "/publications": _get("listPublications", "Published publications with counts.", _list_of("Publication")),
        "/statuses": _get("listStatuses", "The status lifecycle, in order, with definitions.", _list_of("Status")),
        "/changes": _get("listChanges", "Public status events in recorded order; follow `meta.next_cursor`.",
                         changes, [_param("since", "Cursor from a previous call (omit to start).", STR),
                                   _param("limit", "Events per call.",
                                          {"type": "integer", "minimum": 1, "maximum": 500})]),
        "/stats": _get("getStats", "Counts by status, topic x status, line of effort x status.",
                       _obj({"data": _ref("Stats")})),
        "/feeds/changes.atom": _get("feedChanges", "Atom feed of the latest public status changes.",
                                    atom, [_param("token", "Partner token (for feed readers).", STR)],
                                    "feeds", "application/atom+xml"),
        "/feeds/topics/{slug}.atom": _get(
            "feedTopic", "Atom feed of the latest public status changes in a topic (and sub-topics).",
            atom, [_param("slug", "Topic slug.", STR, "path"),
                   _param("token", "Partner token (for feed readers).", STR)],
            "feeds", "application/atom+xml"),
    }
    openapi_doc = _get("getOpenApi", "This document.", {"type": "object"}, tag="meta")
    openapi_doc["get"]["security"] = []
    paths["/openapi.json"] = openapi_doc
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "NEXT Tracker partner API",
            "version": "1.0.0",
            "description": (
                "Read-only access to the public policy recommendations of the US-Japan NEXT "
                "Alliance Initiative and their status history. GET and HEAD only. Send "
                "`Authorization: Bearer <token>`. Errors have one shape: "
                "`{\"error\": {\"status\", \"code\", \"message\", \"details\"}}`."
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "tags": [{"name": "data"}, {"name": "feeds"}, {"name": "meta"}],
        "paths": paths,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
