"""``/api/v1/sync`` (the replication log) and ``/api/v1/snapshot`` (all public records as
NDJSON, with the cursor the log continues from): a partner's mirror.

A mirror starts from the snapshot (or from ``/sync`` with an empty cursor), then applies
``/sync`` pages in order: ``upsert`` stores ``recommendation`` under ``reference``,
``delete`` drops it. Applied that way it always ends on exactly what a full crawl of
``/api/v1/recommendations/{reference}`` returns. How sequence numbers follow commit order
is in ``services.partner.sync_log``; how pages are read in ``services.partner.sync_feed``.
Every ``recommendation`` is built by the same serializers as the single-record endpoint
(``serializers.details``, ``?lang=`` by
``serializers.localize``).
"""

import hashlib
import json
import zlib

from flask import current_app, g, request, stream_with_context

from ..domain import partner_fields
from ..services import clock
from ..services.partner import cursors, sync_feed
from . import params, serializers
from .auth import rate_limited

SYNC_DEFAULT, SYNC_MAX = 500, 1000
SNAPSHOT_BATCH = 500
CURSOR_HEADER = "Sync-Cursor"
NDJSON = "application/x-ndjson"


def register(bp) -> None:
    bp.add_url_rule("/v1/sync", "sync", rate_limited(sync), methods=["GET"])
    bp.add_url_rule("/v1/snapshot", "snapshot", rate_limited(snapshot), methods=["GET"])


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def details(rendered: sync_feed.Rendered, lang: str | None) -> dict[int, dict]:
    """Recommendation id -> the body of ``/api/v1/recommendations/{ref}`` (its ``data``)."""
    bodies = {}
    page = rendered.page
    for row, body in zip(page.rows, serializers.details(page), strict=True):
        if lang:
            serializers.localize(body, partner_fields.RECOMMENDATION_DETAIL, lang)
        bodies[row.id] = body
    return bodies


def _cursor() -> int:
    """The sequence number in ``?cursor=`` (absent or empty: 0, the start).

    :raise RuleViolation 400: a cursor this API did not sign."""
    raw = request.args.get(params.CURSOR, "")
    if not raw:
        return 0
    value = cursors.unsign("sync", raw, params.CURSOR, "start again from /api/v1/snapshot "
                                                       "or with an empty cursor.")
    if type(value) is not int or value < 0:
        raise params.invalid(params.CURSOR, "Not a cursor from this API.")
    return value


def sync():
    """``GET /api/v1/sync?cursor=C&limit=N``: the changes after cursor ``C``, oldest first.

    :raise 400: a tampered or foreign cursor, a bad ``limit`` or ``lang``."""
    params.check_params(params.DATA | {params.CURSOR, "limit"})
    lang = params.language()
    limit = params.integer("limit", SYNC_DEFAULT, 1, SYNC_MAX)
    after = _cursor()
    sync_feed.start()
    rows, has_more = sync_feed.log_rows(after, limit)
    bodies = details(sync_feed.render([r.recommendation_id for r in rows]), lang)
    data = [{"seq": r.seq, "op": "upsert" if r.recommendation_id in bodies else "delete",
             "reference": r.reference, "at": serializers.ts(r.at),
             "recommendation": bodies.get(r.recommendation_id)} for r in rows]
    next_cursor = cursors.sign("sync", rows[-1].seq if rows else after)
    g.api_data = True
    response = current_app.response_class(
        _dumps({"data": data, "meta": {"next_cursor": next_cursor, "has_more": has_more}}),
        mimetype="application/json")
    response.headers["Cache-Control"] = "private, no-cache"  # a log: always ask again
    return response


def snapshot():
    """``GET /api/v1/snapshot``: every public recommendation, one JSON line each (the body
    of ``/recommendations/{ref}``), in id order, then ``{"next_cursor": ...}``; the same
    cursor in the ``Sync-Cursor`` header. Streamed in batches; gzip when accepted."""
    params.check_params(params.DATA)
    lang = params.language()
    today = clock.today()
    seq = sync_feed.start()  # read first: every later change has a higher number
    cursor = cursors.sign("sync", seq)
    gzipped = bool(request.environ.get("HTTP_ACCEPT_ENCODING")) and request.accept_encodings["gzip"] > 0

    def lines():
        after = 0
        while True:
            ids = sync_feed.public_ids(after, SNAPSHOT_BATCH, today)
            if not ids:
                break
            bodies = details(sync_feed.render(ids, today), lang)
            yield "".join(_dumps(bodies[i]) + "\n" for i in ids if i in bodies).encode()
            after = ids[-1]
        yield (_dumps({"next_cursor": cursor}) + "\n").encode()

    def compressed(chunks):
        packer = zlib.compressobj(5, zlib.DEFLATED, 31)  # wbits 31: a gzip stream
        for chunk in chunks:
            out = packer.compress(chunk)
            if out:
                yield out
        yield packer.flush()

    body = lines()
    response = current_app.response_class(
        stream_with_context(compressed(body) if gzipped else body), mimetype=NDJSON)
    response.headers[CURSOR_HEADER] = cursor
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Vary"] = "Authorization, Accept-Encoding"
    if gzipped:
        response.headers["Content-Encoding"] = "gzip"
    # The body follows from the log position, the day, the language, the links' root and
    # the encoding: a weak validator without reading the stream.
    tag = hashlib.sha256(_dumps([seq, today.isoformat(), lang, request.host_url,
                                 gzipped]).encode()).hexdigest()[:32]
    response.set_etag(tag, weak=True)
    return response
