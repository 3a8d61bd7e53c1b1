"""The OpenAPI 3.1 document of ``/api/v1``, built in code from the same constants the views
use; the component schema of every partner-visible shape is derived from its declaration
in ``tracker.domain.partner_fields``. Tests validate it with openapi-spec-validator, check
every test response against it, and run schemathesis on it.
"""

from functools import cache

from ..domain import partner_fields, statuses
from ..domain.tracks import GOVERNMENTS
from ..models import ADDRESSEES, EVENT_KINDS, PUBLICATION_KINDS
from .auth import DEFAULT_RATE_LIMIT
from .openapi_examples import ATOM_EXAMPLE, SNAPSHOT_EXAMPLE, examples

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
        "by_government": _obj({key: _ref("StatusCounts") for key in GOVERNMENTS}),
    }),
    "SyncEvent": _obj({
        "seq": INT, "op": {"enum": ["upsert", "delete"]}, "reference": STR, "at": DATETIME,
        "recommendation": _nullable(_ref("RecommendationDetail")),
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


def _header(description: str, schema: dict = STR) -> dict:
    return {"description": description, "schema": schema}


RATE_HEADERS = {
    "RateLimit-Limit": _header("Requests allowed in the current window for this token and "
                               "endpoint (the tightest limit).", INT),
    "RateLimit-Remaining": _header("Requests left in the window.", INT),
    "RateLimit-Reset": _header("Seconds until the window resets.", INT),
}
CACHE_HEADERS = {
    "ETag": _header("Weak validator of this body; send it back as `If-None-Match`."),
    "Last-Modified": _header("When the data this answer depends on (catalog included) last "
                             "changed; send it back as `If-Modified-Since`."),
}
LINK_HEADER = {"Link": _header("`rel=\"next\"` (and first/last/prev on lists) when there is more.")}
RETRY = {"Retry-After": _header("Seconds to wait before trying again.", INT)}


def _error(description: str, headers: dict | None = None) -> dict:
    return {"description": description, "headers": {**RATE_HEADERS, **(headers or {})},
            "content": {"application/json": {"schema": _ref("Error")}}}


ERRORS = {
    "400": _error("Bad input: unknown parameter, malformed value, unknown slug, a cursor this "
                  "API did not sign, `per_page` above the maximum."),
    "401": _error("Missing, unknown or revoked token."),
    "404": _error("Not found."),
    "429": _error("Rate limit reached; wait `Retry-After` seconds.", RETRY),
    "503": _error("The database is not reachable just now; try again after `Retry-After`.", RETRY),
}
NOT_MODIFIED = {"304": {"description": "Not modified (If-None-Match / If-Modified-Since).",
                        "headers": {**CACHE_HEADERS, **RATE_HEADERS}}}
RATE_NOTE = (f"Rate limit: {DEFAULT_RATE_LIMIT} per token for this endpoint, counted apart from "
             "the other endpoints (a deployment may set another one: `RateLimit-Limit` says the "
             "limit in force). Over it: 429 with `Retry-After`.")


def _get(op_id: str, summary: str, schema: dict | None, parameters=(), tag="data",
         media: str = "application/json", description: str = "", example=None,
         link: bool = False) -> dict:
    """A GET operation and its HEAD twin (same headers, no body)."""
    if tag == "data":
        parameters = [*parameters, LANG]
    headers = {**CACHE_HEADERS, **RATE_HEADERS, **(LINK_HEADER if link else {})}
    ok = {"description": "OK", "headers": headers}
    if schema is not None:
        ok["content"] = {media: {"schema": schema}}
        if example is not None:
            ok["content"][media]["example"] = example
    text = f"{description or summary}\n\n{RATE_NOTE}"
    get = {"operationId": op_id, "summary": summary, "description": text, "tags": [tag],
           "parameters": list(parameters), "responses": {"200": ok, **NOT_MODIFIED, **ERRORS},
           "x-rate-limit": DEFAULT_RATE_LIMIT}
    head_ok = {"description": "OK: the headers of the GET, no body.", "headers": headers}
    head = {**get, "operationId": op_id + "Head", "summary": f"{summary} (headers only)",
            "responses": {"200": head_ok, **NOT_MODIFIED,
                          **{k: {**v, "content": {}} for k, v in ERRORS.items()}}}
    head["responses"] = {k: {key: val for key, val in v.items() if key != "content" or val}
                         for k, v in head["responses"].items()}
    return {"get": get, "head": head}


REC_PARAMS = [
    _param("status", "Comma-separated statuses: the overall status, or with `addressee` "
                     "that track's status.",
           {"type": "string", "pattern": f"^{STATUS_LIST}(,{STATUS_LIST})*$"}),
    _param("topic", "Topic slug; includes its sub-topics.", STR),
    _param("line_of_effort", "Line-of-effort slug.", STR),
    _param("addressee", "Addressee key: recommendations with that track. With `status`, "
                        "the status is that track's (`addressee=government_of_japan&"
                        "status=implemented`: Japan implemented it, whatever the US did), "
                        "also with `as_of`. Another value (e.g. the retired "
                        "`both_governments`) is a 400.", {"enum": list(ADDRESSEES)}),
    _param("publication", "Publication slug.", STR),
    _param("event", "Event slug.", STR),
    _param("priority", "Only priority (true) or non-priority (false) recommendations.",
           {"type": "string", "enum": ["true", "false"]}),
    _param("updated_since", "Only recommendations updated at or after this ISO 8601 time.", DATETIME),
    _param("as_of", "Each recommendation's status, and each track's status and history, on "
                    "this day (not after today); only recommendations public by then.", DATE),
    _param("q", "Words that must all occur in the reference, title or text.", STR),
    _param("sort", "Order.", {"enum": ["reference", "updated_at", "-updated_at"]}),
    _param("page", "Page number (from 1; past the end is an empty page).", {"type": "integer", "minimum": 1, "maximum": 1_000_000}),
    _param("per_page", "Page size.", {"type": "integer", "minimum": 1, "maximum": 100}),
    _param("cursor", "Keyset pagination instead of `page`: empty to start, then "
                     "`meta.next_cursor`. Rows written during the walk never shift it: a "
                     "recommendation that does not change meanwhile comes exactly once. "
                     "The cursor is signed and bound to the filter and sort.", STR),
]
REFERENCE = _param("reference", "Recommendation reference, e.g. NEXT-2024-017.", STR, "path")


@cache
def spec() -> dict:
    rec_page = {"anyOf": [_obj({
        "data": {"type": "array", "items": _ref("Recommendation")},
        "meta": _obj({"total": INT, "page": INT, "per_page": INT, "pages": INT}),
        "links": _ref("PageLinks"),
    }), _obj({  # with ?cursor=
        "data": {"type": "array", "items": _ref("Recommendation")},
        "meta": _obj({"total": INT, "per_page": INT, "next_cursor": NSTR, "has_more": BOOL}),
        "links": _obj({"self": URL, "next": _nullable(URL)}),
    })]}
    changes = _obj({
        "data": {"type": "array", "items": _ref("ChangeEvent")},
        "meta": _obj({"next_cursor": STR, "has_more": BOOL, "count": INT}),
        "links": _obj({"self": URL, "next": URL}),
    })
    atom = {"type": "string"}
    ex = examples()
    token = _param("token", "Partner token (for feed readers).", STR)
    paths = {
        "/recommendations": _get(
            "listRecommendations", "Public recommendations, filtered and paginated.", rec_page,
            REC_PARAMS, example=ex["/recommendations"], link=True, description=(
                "Public recommendations matching every filter given, `per_page` (at most 100) "
                "a page. A page past the end is an empty page (`data: []`).")),
        "/recommendations/{reference}": _get(
            "getRecommendation", "One public recommendation with its public status history.",
            _obj({"data": _ref("RecommendationDetail")}), [REFERENCE],
            example=ex["/recommendations/{reference}"], description=(
                "One public recommendation and its public status history. Drafts, archived "
                "and unpublished recommendations are a 404, like unknown ones.")),
        "/recommendations/{reference}/history": _get(
            "getHistory", "The public status history of one recommendation.",
            _list_of("HistoryEntry"), [REFERENCE], example=ex["/recommendations/{reference}/history"],
            description="Its status entries in force, oldest effective first (retracted and "
                        "draft entries left out)."),
        "/topics": _get("listTopics", "Topic areas with counts of public recommendations.",
                        _list_of("Topic"), example=ex["/topics"],
                        description="Every topic area, its parent and line of effort, and how many "
                                    "public recommendations it has (with and without sub-topics)."),
        "/lines-of-effort": _get("listLinesOfEffort", "Lines of effort with counts.",
                                 _list_of("LineOfEffort"), example=ex["/lines-of-effort"],
                                 description="Every line of effort with its count of public "
                                             "recommendations."),
        "/events": _get("listEvents", "Events with public recommendations or publications.",
                        _list_of("Event"), example=ex["/events"],
                        description="Events that have a public recommendation or a published "
                                    "publication, oldest first."),
        "/publications": _get("listPublications", "Published publications with counts.",
                              _list_of("Publication"), example=ex["/publications"],
                              description="Publications out by today, oldest first, with their "
                                          "count of public recommendations."),
        "/statuses": _get("listStatuses", "The status lifecycle, in order, with definitions.",
                          _list_of("Status"), example=ex["/statuses"],
                          description="The public statuses in lifecycle order, open or closed, "
                                      "with labels and definitions in both languages."),
        "/changes": _get(
            "listChanges", "Public status events in recorded order; follow `meta.next_cursor`.",
            changes, [_param("since", "Cursor from a previous call (omit to start); opaque and "
                                      "signed: a changed one is a 400.", STR),
                      _param("limit", "Events per call.", {"type": "integer", "minimum": 1, "maximum": 500})],
            example=ex["/changes"], link=True, description=(
                "Every public status entry in force and every retraction, once each, in the "
                "order they were recorded. Store `meta.next_cursor` and call again with "
                "`since=` it; `Link: next` is sent only while `has_more` is true.")),
        "/sync": _get(
            "sync", "The replication log: upserts and deletes in commit order; follow "
                    "`meta.next_cursor`.",
            _obj({"data": {"type": "array", "items": _ref("SyncEvent")},
                  "meta": _obj({"next_cursor": STR, "has_more": BOOL})}),
            [_param("cursor", "`meta.next_cursor` of the previous call, or the snapshot's "
                              "`Sync-Cursor`; empty or omitted: from the start. Opaque and "
                              "signed: a changed one is a 400.", STR),
             _param("limit", "Events per call.", {"type": "integer", "minimum": 1, "maximum": 1000})],
            example=ex["/sync"], description=(
                "Every change partners can see, in commit order: `upsert` with the record as "
                "`/recommendations/{reference}` returns it now, whenever anything in it changes "
                "(status entries, retractions, edits, addressees, catalog renames) or it "
                "becomes public (its publication date arriving included); `delete` when it "
                "stops being public. A record appears once per page, at its latest change. "
                "Apply the events in order (upsert: store, delete: drop) from an empty "
                "cursor or from `/snapshot`, and the copy equals a full crawl. Call again "
                "with `cursor=meta.next_cursor` until `has_more` is false; later, poll.")),
        "/snapshot": _get(
            "snapshot", "Every public recommendation as NDJSON, with the cursor to follow "
                        "`/sync` from.",
            {"type": "string"}, media="application/x-ndjson", example=SNAPSHOT_EXAMPLE,
            description=(
                "One line per public recommendation (the body of "
                "`/recommendations/{reference}`), in id order, then a last line "
                "`{\"next_cursor\": ...}`, the same cursor as the `Sync-Cursor` header: "
                "`/sync` from it brings the copy up to date. Streamed; gzip with "
                "`Accept-Encoding: gzip`.")),
        "/stats": _get("getStats", "Counts by status, topic x status, line of effort x status, "
                                   "and per government.",
                       _obj({"data": _ref("Stats")}), example=ex["/stats"],
                       description="The overview board's numbers, public recommendations only: "
                                   "by overall status, by topic and by line of effort, and "
                                   "`by_government`: each government's tracks by their own "
                                   "status (tracks without a public entry yet not counted)."),
        "/feeds/changes.atom": _get("feedChanges", "Atom feed of the latest public status changes.",
                                    atom, [token], "feeds", "application/atom+xml",
                                    example=ATOM_EXAMPLE, description=(
                                        "The newest 50 events of `/changes` as Atom; ids are "
                                        "host-independent `tag:` URIs.")),
        "/feeds/topics/{slug}.atom": _get(
            "feedTopic", "Atom feed of the latest public status changes in a topic (and sub-topics).",
            atom, [_param("slug", "Topic slug.", STR, "path"), token],
            "feeds", "application/atom+xml", example=ATOM_EXAMPLE,
            description="The same feed for one topic and its sub-topics; an unknown topic is a 404."),
    }
    for operation in paths["/snapshot"].values():
        operation["responses"]["200"]["headers"] = {
            **operation["responses"]["200"]["headers"],
            "Sync-Cursor": _header("The cursor `/sync` continues from after this snapshot.")}
    openapi_doc = _get("getOpenApi", "This document.", {"type": "object"}, tag="meta",
                       description="This OpenAPI 3.1 document (no token needed).")
    for operation in openapi_doc.values():
        operation["security"] = []
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
