"""JSON shapes of the partner API, built field by field from an allow-list.

The keys of every shape, and their order, are those declared in
``tracker.domain.partner_fields`` (as are the OpenAPI schemas); this module only says where
each declared value comes from: an expression per field name, from which ``_build`` makes
the function that returns the shape as one dict literal (as fast as writing it out; the API
serializes thousands of these per second). Only declared fields are emitted, and a declared
field without an expression fails at import. Nothing here serializes a model wholesale, and
the services select only public columns. Dates are ISO 8601; timestamps are UTC with a
``Z`` suffix.
"""

import json
import re
from datetime import UTC, date, datetime

from flask import current_app, has_request_context, request, url_for

from ..domain import partner_fields as pf
from ..domain import statuses  # noqa: F401  (used by the generated ``status``)


def ts(value: datetime | None) -> str | None:
    if value is None:
        return None
    zone = value.tzinfo
    if zone is UTC:  # what the database gives (models.types.UTCDateTime): "...+00:00"
        return value.isoformat(timespec="seconds")[:-6] + "Z"
    if zone is not None:  # naive values are UTC already
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(timespec="seconds") + "Z"


def day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def bilingual(en, ja) -> dict:
    return {"en": en or None, "ja": ja or None}


# A reference made of these characters only is written into a URL as it is (no quoting).
_PLAIN_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")
_MARKER = "REFERENCE"


_URL_ROOTS_KEPT = 64


def url_root() -> tuple:
    """This request's URL root as the WSGI server gave it (scheme, Host header, server
    name and port, script root): all an external ``url_for`` depends on, as a key. Two
    spellings of one root are two keys, never one key for two roots."""
    environ = request.environ
    return (environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST"), environ.get("SERVER_NAME"),
            environ.get("SERVER_PORT"), environ.get("SCRIPT_NAME"))


def _url_root_links() -> dict:
    """What is known of the links under this request's URL root (``url_root``), kept per
    app across requests (at most ``_URL_ROOTS_KEPT`` roots: the Host header is the
    client's to choose) and at hand in the request (a page asks once per link)."""
    environ = request.environ
    found = environ.get("tracker.url_root_links")
    if found is None:
        roots = current_app.extensions.setdefault("tracker.url_root_links", {})
        key = url_root()
        found = roots.get(key)
        if found is None:
            if len(roots) >= _URL_ROOTS_KEPT:
                roots.clear()
            found = roots[key] = {}
        environ["tracker.url_root_links"] = found
    return found


def _by_reference(endpoint: str, reference: str) -> str:
    """``url_for(endpoint, reference=reference, _external=True)``. A page lists up to 100
    records with two such links each, so the URL in front of the reference is built once
    per URL root and endpoint (``_url_root_links``); a reference that would need quoting
    still goes through ``url_for``."""
    if has_request_context() and _PLAIN_SEGMENT.fullmatch(reference):
        prefixes = _url_root_links()
        prefix = prefixes.get(endpoint)
        if prefix is None:
            url = url_for(endpoint, reference=_MARKER, _external=True)
            prefix = prefixes[endpoint] = url[:-len(_MARKER)] if url.endswith("/" + _MARKER) else ""
        if prefix:
            return prefix + reference
    return url_for(endpoint, reference=reference, _external=True)


def recommendation_url(reference: str) -> str:
    return _by_reference("api.recommendation", reference)


def public_url(reference: str) -> str:
    """The recommendation's public page (``/public/recommendations/<reference>``): the
    permalink of ``html_url`` and of the Atom entry links."""
    return _by_reference("public.detail", reference)


def _build(shape: pf.Shape, params: str, values: dict[str, str]):
    """A function of ``params`` returning ``{field: value}`` for every field ``shape``
    declares, in its order, each value being the expression ``values[field]`` (evaluated
    in this module)."""
    missing = [name for name in shape.names if name not in values]
    if missing:
        raise RuntimeError(f"{shape.name}: no value for declared field(s) {missing}")
    items = ", ".join(f"{name!r}: {values[name]}" for name in shape.names)
    name = f"_{shape.name.lower()}"
    namespace: dict = {}
    exec(f"def {name}({params}):\n    return {{{items}}}\n", globals(), namespace)
    function = namespace[name]
    function.__doc__ = f"The ``{shape.name}`` shape (tracker.domain.partner_fields)."
    return function


# Where each declared value comes from (row labels of ``services.public_api``).
_line_ref = _build(pf.LINE_OF_EFFORT_REF, "row", {
    "slug": "row.line_slug",
    "name": "bilingual(row.line_name_en, row.line_name_ja)",
})
_topic_ref = _build(pf.TOPIC_REF, "row", {
    "slug": "row.topic_slug",
    "name": "bilingual(row.topic_name_en, row.topic_name_ja)",
    "line_of_effort": "_line_ref(row)",
})
_event_ref = _build(pf.EVENT_REF, "row", {
    "slug": "row.event_slug",
    "kind": "row.event_kind",
    "title": "bilingual(row.event_title_en, row.event_title_ja)",
    "starts_on": "day(row.event_starts_on)",
})
_publication_ref = _build(pf.PUBLICATION_REF, "row", {
    "slug": "row.publication_slug",
    "kind": "row.publication_kind",
    "title": "bilingual(row.publication_title_en, row.publication_title_ja)",
    "published_on": "day(row.publication_published_on)",
    "url": "row.publication_url or None",
})
history_entry = _build(pf.HISTORY_ENTRY, "row", {
    "id": "row.id",
    "addressee": "row.addressee",
    "status": "row.to_status",
    "effective_on": "day(row.effective_on)",
    "note": "row.public_note",
    "evidence_urls": "list(row.evidence_urls or [])",
    "recorded_at": "ts(row.recorded_at)",
})
track = _build(pf.TRACK, "view", {  # a ``services.partner.public_api.TrackView``
    "addressee": "view.addressee",
    "agency": "view.agency",
    "status": "view.status",
    "status_since": "day(view.status_since)",
    "history": "[history_entry(h) for h in view.history]",
})
_RECOMMENDATION_VALUES = {
    "reference": "row.reference",
    "title": "bilingual(row.title_en, row.title_ja)",
    "text": "bilingual(row.text_en, row.text_ja)",
    "status": "row.status",
    "status_since": "day(row.status_since)",
    "addressees": "list(addressees)",
    "tracks": "[track(t) for t in tracks]",
    "priority": "bool(row.priority)",
    "topic": "_topic_ref(row)",
    "event": "_event_ref(row) if row.event_slug else None",
    "publication": "_publication_ref(row)",
    "supersedes": "supersedes",
    "created_at": "ts(row.created_at)",
    "updated_at": "ts(row.updated_at)",
    "url": "recommendation_url(row.reference)",
    "html_url": "public_url(row.reference)",
}
recommendation = _build(pf.RECOMMENDATION, "row, addressees, supersedes, tracks", _RECOMMENDATION_VALUES)
#: The last two fields of ``Recommendation``: absolute links, appended to a stored body.
LINKS = ("url", "html_url")
if pf.RECOMMENDATION.names[-len(LINKS):] != LINKS:
    raise RuntimeError(f"Recommendation must end with {LINKS}: stored bodies append them")
_unlinked = _build(pf.RECOMMENDATION, "row, addressees, supersedes, tracks",
                   {**_RECOMMENDATION_VALUES, **dict.fromkeys(LINKS, "None")})
_retraction = "row.kind == 'retraction'"
change_event = _build(pf.CHANGE_EVENT, "row", {  # a row of ``services.public_changes``
    "id": "row.id",
    "kind": "row.kind",
    "recommendation": "row.reference",
    "addressee": "row.addressee",
    "status": f"None if {_retraction} else row.to_status",
    "effective_on": "day(row.effective_on)",
    "note": "row.public_note",
    "evidence_urls": f"[] if {_retraction} else list(row.evidence_urls or [])",
    "retracts": f"row.retracts_id if {_retraction} else None",
    "recorded_at": "ts(row.recorded_at)",
    "recommendation_url": "recommendation_url(row.reference)",
})
line_of_effort = _build(pf.LINE_OF_EFFORT, "line, count", {
    "slug": "line.slug",
    "name": "bilingual(line.name_en, line.name_ja)",
    "description": "bilingual(line.description_en, line.description_ja)",
    "recommendation_count": "count",
})
topic = _build(pf.TOPIC, "topic, count, count_with_subtopics", {
    "slug": "topic.slug",
    "name": "bilingual(topic.name_en, topic.name_ja)",
    "description": "bilingual(topic.description_en, topic.description_ja)",
    "parent": "topic.parent.slug if topic.parent else None",
    "line_of_effort": "topic.line_of_effort.slug",
    "recommendation_count": "count",
    "recommendation_count_with_subtopics": "count_with_subtopics",
})
event = _build(pf.EVENT, "event, count", {
    "slug": "event.slug",
    "kind": "event.kind",
    "title": "bilingual(event.title_en, event.title_ja)",
    "starts_on": "day(event.starts_on)",
    "ends_on": "day(event.ends_on)",
    "location": "event.location or None",
    "line_of_effort": "event.line_of_effort.slug if event.line_of_effort else None",
    "recommendation_count": "count",
})
publication = _build(pf.PUBLICATION, "pub, count", {
    "slug": "pub.slug",
    "kind": "pub.kind",
    "title": "bilingual(pub.title_en, pub.title_ja)",
    "published_on": "day(pub.published_on)",
    "url": "pub.url or None",
    "authors": "pub.authors or None",
    "event": "pub.event.slug if pub.event else None",
    "recommendation_count": "count",
})
status = _build(pf.STATUS, "info", {  # a ``statuses.Status``
    "key": "info.key",
    "order": "statuses.order(info.key)",
    "state": "info.state",
    "label": "bilingual(info.label, info.label_ja)",
    "definition": "bilingual(info.definition, info.definition_ja)",
})


def page_of_recommendations(page) -> list[dict]:
    """The ``Recommendation`` shape of each row of ``page`` (a ``public_api.RecommendationPage``)."""
    return [
        recommendation(row, page.addressees.get(row.id, []), page.supersedes.get(row.id),
                       page.tracks.get(row.id, ()))
        for row in page.rows
    ]


def details(page) -> list[dict]:
    """The ``RecommendationDetail`` shape of each row of ``page``: the body of
    ``/recommendations/{ref}``, also each record of ``/sync`` and ``/snapshot``."""
    bodies = page_of_recommendations(page)
    for row, body in zip(page.rows, bodies, strict=True):
        body["history"] = [history_entry(h) for h in page.histories.get(row.id, ())]
    return bodies


def dumps(value) -> str:
    """JSON text as every API answer writes it (UTF-8 as is, no spaces)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def stored_parts(page) -> list[tuple[str, str]]:
    """``(item, history)`` of each row of ``page``: what ``services.partner.record_bodies``
    keeps, the ``Recommendation`` shape's text without its links and closing brace, and
    the public history's text. ``linked_item`` and ``linked_detail`` finish them."""
    parts = []
    for row in page.rows:
        body = _unlinked(row, page.addressees.get(row.id, []), page.supersedes.get(row.id),
                         page.tracks.get(row.id, ()))
        for name in LINKS:
            del body[name]
        parts.append((dumps(body)[:-1],
                       dumps([history_entry(h) for h in page.histories.get(row.id, ())])))
    return parts


def linked_item(item: str, reference: str, tail: str = "") -> str:
    """A stored ``item`` with its links (and ``tail``, more fields' text) closed: the text
    of ``recommendation(...)``. A plain reference (every one the app hands out) needs no
    quoting in a URL nor escaping in JSON, so it follows its links' JSON prefixes as is
    (built once per URL root)."""
    prefixes = _json_prefixes() if _PLAIN_SEGMENT.fullmatch(reference) else None
    if prefixes:
        return (f'{item},"url":{prefixes[0]}{reference}","html_url":{prefixes[1]}{reference}"'
                f'{tail}}}')
    return (f'{item},"url":{dumps(recommendation_url(reference))},'
            f'"html_url":{dumps(public_url(reference))}{tail}}}')


def _json_prefixes() -> tuple[str, str] | None:
    """This request's two link prefixes as the start of a JSON string (None outside a
    request, or when a link does not end with the reference); once per URL root."""
    if not has_request_context():
        return None
    known = _url_root_links()
    held = known.get("json prefixes", False)
    if held is False:
        texts = [dumps(url(_MARKER)) for url in (recommendation_url, public_url)]
        tail = f'/{_MARKER}"'
        held = tuple(t[:-len(tail) + 1] for t in texts) if all(t.endswith(tail) for t in texts) else None
        known["json prefixes"] = held
    return held


def linked_detail(item: str, history: str, reference: str) -> str:
    """A stored ``item`` and ``history`` as the text of ``details(...)[0]``."""
    return linked_item(item, reference, f',"history":{history}')


def _other(lang: str) -> str:
    return "ja" if lang == "en" else "en"


def localize(value: dict, shape: pf.Shape, lang: str) -> dict:
    """``value`` (a ``shape``) with every bilingual field (``Field.bilingual``, also in nested
    shapes) replaced by its ``lang`` string, or the other language's when ``lang``'s is
    missing (null only when both are): the JSON of ``?lang=en|ja``. In place; returned."""
    for f in shape.fields:
        item = value.get(f.name)
        if item is None:
            continue
        if f.bilingual:
            value[f.name] = item.get(lang) or item.get(_other(lang))
        elif f.type in pf.SHAPES:
            nested = pf.SHAPES[f.type]
            for one in (item if f.many else (item,)):
                localize(one, nested, lang)
    return value
