"""The endpoints of ``/api/v1``: parse the query string, call a service, serialize.

Every data endpoint answers GET and HEAD; list envelopes are
``{"data": [...], "meta": {...}, "links": {...}}``; errors are ``errors.error_response``.
"""

import hashlib
import json
from datetime import datetime

from flask import current_app, g, make_response, render_template, request, url_for

from ..domain import partner_fields, statuses
from ..services import clock
from ..services.partner import cursors, data_version, public_api, public_changes, record_bodies
from ..services.queries.pages import page_count
from . import body_cache, params, serializers, stored_json
from .auth import rate_limited
from .errors import ApiError
from .openapi import spec

CHANGES_DEFAULT, CHANGES_MAX = 100, 500


def jsonify(body) -> "current_app.response_class":
    """A JSON response with UTF-8 text as is (Japanese stays readable and small); ``body``
    may be JSON text already."""
    text = body if isinstance(body, str) else serializers.dumps(body)
    return current_app.response_class(text, mimetype="application/json")


def _listed(filters, page: int, per_page: int, after=None):
    """``(result, data)``: a page of ``public_api.list_recommendations`` and the JSON text
    of its first ``per_page`` rows. In the default language and with today's status the
    items are read from the stored JSON (``stored_json``); ``?lang=`` and ``as_of`` are
    built and localized."""
    lang = params.language()
    stored = lang is None and filters.as_of is None
    result = public_api.list_recommendations(filters, page, per_page, after, keys_only=stored)
    if stored:
        return result, stored_json.items(result, per_page)
    data = serializers.page_of_recommendations(result)[:per_page]
    if lang:
        data = [serializers.localize(item, partner_fields.RECOMMENDATION, lang) for item in data]
    return result, serializers.dumps(data)


def register(bp) -> None:
    """Add the routes to ``bp`` (mounted at ``/api``)."""

    def data_route(rule, endpoint, view):
        bp.add_url_rule(rule, endpoint, rate_limited(view), methods=["GET"])

    bp.add_url_rule("", "index", index, methods=["GET"])
    bp.add_url_rule("/v1/openapi.json", "openapi", rate_limited(openapi_document), methods=["GET"])
    data_route("/v1/recommendations", "recommendations", list_recommendations)
    data_route("/v1/recommendations/<reference>", "recommendation", recommendation)
    data_route("/v1/recommendations/<reference>/history", "history", history)
    data_route("/v1/topics", "topics", topics)
    data_route("/v1/lines-of-effort", "lines_of_effort", lines_of_effort)
    data_route("/v1/events", "events", events)
    data_route("/v1/publications", "publications", publications)
    data_route("/v1/statuses", "statuses", status_list)
    data_route("/v1/changes", "changes", changes)
    data_route("/v1/stats", "stats", stats)


def index():
    """The human page: what the API offers, how to authenticate, examples. Its layout shows
    who is logged in, so it is personalised: ``private``, never kept by shared caches."""
    response = make_response(render_template("api/index.html", spec=spec()))
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Cookie")
    return response


def openapi_document():
    params.check_params(frozenset())
    return jsonify(spec())


def _link_header(links: dict) -> str:
    return ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)


_PAGE_MARK = "PAGENUMBER"


def _page_url(page: int, per_page: int) -> str:
    """This request's URL at ``page`` of ``per_page``: built once per request (``url_for``
    with a mark for the page), then only the page number changes. Only known parameters
    get this far (``params.check_params``), and only ``page`` ends in ``page=`` + a word."""
    templates = request.environ.setdefault("tracker.page_url_templates", {})
    template = templates.get(per_page)
    if template is None:
        args = {k: v for k, v in request.args.items() if k not in ("page", "per_page")}
        template = templates[per_page] = url_for(
            request.endpoint, **request.view_args, **args, page=_PAGE_MARK, per_page=per_page,
            _external=True)
    return template.replace(f"page={_PAGE_MARK}", f"page={page}", 1)


def _listing(data: list, shape=None):
    """A list envelope; with ``?lang=`` each item of ``shape`` gets single-language strings."""
    lang = params.language()
    if lang and shape is not None:
        data = [serializers.localize(item, shape, lang) for item in data]
    g.api_data = True
    return jsonify({"data": data, "meta": {"total": len(data)},
                    "links": {"self": request.url}})


def list_recommendations():
    """``GET /api/v1/recommendations``: filtered, sorted, paginated public recommendations.

    A page past the end is an empty page (200, ``data: []``).

    :raise 400: unknown parameter, bad value (``per_page`` above 100), or unknown slug.
    """
    filters = params.recommendation_filter()
    if params.CURSOR in request.args:
        return _keyset_page(filters)
    page, per_page = filters.page, filters.per_page
    result, data = _listed(filters, page, per_page)
    pages = page_count(result.total, per_page)
    links = {
        "self": _page_url(page, per_page),
        "first": _page_url(1, per_page),
        "last": _page_url(pages, per_page),
        "next": _page_url(page + 1, per_page) if page < pages else None,
        "prev": _page_url(min(page - 1, pages), per_page) if page > 1 else None,
    }
    g.api_data = True
    response = jsonify(stored_json.envelope(
        data,
        meta={"total": result.total, "page": page, "per_page": per_page, "pages": pages},
        links=links,
    ))
    response.headers["Link"] = _link_header(links)
    return response


def _filter_fingerprint() -> str:
    """What a keyset cursor is bound to: the filter and sort (not the page size or lang)."""
    args = sorted((k, v) for k, v in request.args.items(multi=True)
                  if k not in ("cursor", "page", "per_page", "lang"))
    return hashlib.sha256(json.dumps(args).encode()).hexdigest()[:16]


def _keyset_page(filters):
    """``GET /api/v1/recommendations?cursor=``: keyset pagination. ``cursor=`` (empty) starts
    a walk; ``meta.next_cursor`` (signed, bound to the filter and sort) continues it.

    :raise 400: ``cursor`` with ``page``, given twice, or a cursor this API did not sign
        for this filter and sort."""
    if len(request.args.getlist(params.CURSOR)) > 1:
        raise params.invalid(params.CURSOR, "Give 'cursor' once.")
    if "page" in request.args:
        raise params.invalid("page", "Use either 'page' or 'cursor', not both.")
    raw, fingerprint, after = request.args[params.CURSOR], _filter_fingerprint(), ()
    if raw:
        value = cursors.unsign("list", raw, params.CURSOR, "start again with 'cursor='.")
        try:
            sort, bound, key, rec_id = value
            key = datetime.fromisoformat(key) if sort != "reference" else str(key)
            after = (key, int(rec_id))
        except (ValueError, TypeError):
            raise params.invalid(params.CURSOR, "Not a cursor from this API.") from None
        if sort != filters.sort or bound != fingerprint:
            raise params.invalid(params.CURSOR, "This cursor belongs to another filter or sort; "
                                                "start again with 'cursor='.")
    per_page = filters.per_page
    result, data = _listed(filters, 1, per_page, after)
    has_more = len(result.rows) > per_page
    rows = result.rows[:per_page]
    next_cursor = None
    if has_more:
        last = rows[-1]
        key = public_api.sort_key(filters.sort, last)
        next_cursor = cursors.sign("list", [filters.sort, fingerprint,
                                            key if isinstance(key, str) else key.isoformat(), last.id])
    args = {k: v for k, v in request.args.items() if k != params.CURSOR}
    links = {"self": request.url, "next": url_for(request.endpoint, **args, cursor=next_cursor,
                                                  _external=True) if next_cursor else None}
    g.api_data = True
    response = jsonify(stored_json.envelope(
        data,
        meta={"total": result.total, "per_page": per_page, "next_cursor": next_cursor,
              "has_more": has_more},
        links=links,
    ))
    if has_more:
        response.headers["Link"] = _link_header({"next": links["next"]})
    return response


def _one(reference: str):
    result = public_api.get_recommendation(reference)
    if result is None:
        raise ApiError(404, "not_found", f"No public recommendation {reference!r}.",
                       {"reference": reference})
    return result


def recommendation(reference: str):
    """``GET /api/v1/recommendations/<reference>``: one recommendation with its public
    history. :raise 404: unknown, draft, archived or unpublished alike.

    The finished body is reused while the data version is unchanged (``body_cache``)."""
    params.check_params(params.DATA)
    # Everything the body depends on besides the data: links are absolute (the URL root).
    lang = params.language()
    today = clock.today()
    key = (reference, lang, today, serializers.url_root())
    version = data_version.current()  # first: the body read below is at least this new
    entry = body_cache.get(key, version)
    if entry is None:
        found = record_bodies.one(reference, today) if lang is None else None  # one statement
        text = stored_json.detail(found) if found is not None else None
        if text is not None:
            modified = public_api.last_modified(version=version, today=today)
        else:  # built: ``?lang=``, no stored JSON, or it supersedes another
            result = _one(reference)
            body = serializers.details(result)[0]
            if lang:
                serializers.localize(body, partner_fields.RECOMMENDATION_DETAIL, lang)
            text = serializers.dumps(body)
            modified = public_api.last_modified(result.connection)
        entry = body_cache.put(key, version, stored_json.envelope(text).encode(), modified)
    response = current_app.response_class(entry.body, content_type="application/json")
    add = response.headers.add  # a new response has neither: no scan for them
    add("ETag", entry.etag_header)
    add("Last-Modified", entry.last_modified_header)
    response.gzipped = entry.gzipped  # http.finish compresses with this, once per entry
    return response


def history(reference: str):
    params.check_params(params.DATA)
    result = _one(reference)
    entries = [serializers.history_entry(h) for h in result.histories.get(result.rows[0].id, ())]
    return _listing(entries)


def topics():
    params.check_params(params.DATA)
    return _listing([serializers.topic(*row) for row in public_api.topics()], partner_fields.TOPIC)


def lines_of_effort():
    params.check_params(params.DATA)
    return _listing([serializers.line_of_effort(*row) for row in public_api.lines_of_effort()],
                    partner_fields.LINE_OF_EFFORT)


def events():
    params.check_params(params.DATA)
    return _listing([serializers.event(*row) for row in public_api.events()], partner_fields.EVENT)


def publications():
    params.check_params(params.DATA)
    return _listing([serializers.publication(*row) for row in public_api.publications()],
                    partner_fields.PUBLICATION)


def status_list():
    params.check_params(params.DATA)
    return _listing([serializers.status(s) for s in statuses.STATUSES if s.key != statuses.DRAFT],
                    partner_fields.STATUS)


def changes():
    """``GET /api/v1/changes?since=CURSOR``: public status events in recorded order.

    :raise 400: a cursor this API did not hand out, or a bad ``limit``.
    """
    params.check_params(params.DATA | {"since", "limit"})
    cursor = public_changes.Cursor.decode(request.args.get("since"))
    limit = params.integer("limit", CHANGES_DEFAULT, 1, CHANGES_MAX)
    page = public_changes.changes_since(cursor, limit)
    next_cursor = page.cursor.encode()
    links = {
        "self": request.url,
        "next": url_for("api.changes", since=next_cursor, limit=limit, _external=True),
    }
    g.api_data = True
    response = jsonify({
        "data": [serializers.change_event(row) for row in page.events],
        "meta": {"next_cursor": next_cursor, "has_more": page.has_more, "count": len(page.events)},
        "links": links,
    })
    if page.has_more:  # the last page has no Link: next (poll ``links.next`` later instead)
        response.headers["Link"] = _link_header({"next": links["next"]})
    return response


def stats():
    params.check_params(params.DATA)
    g.api_data = True
    return jsonify({"data": public_api.stats()})
