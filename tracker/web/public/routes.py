"""The public, bilingual pages: no login, public data only.

One blueprint ``bp`` registered twice (``register``): ``public`` at ``/public`` (English)
and ``public_ja`` at ``/ja/public`` (Japanese); the language comes from the address
(``web.i18n.select_locale``), never from a cookie. Pages:

- ``/`` the list: filters ``status`` (repeatable), ``topic`` (with sub-topics), ``line``,
  ``addressee`` (government; with ``status``, that government's own status: the same
  track), ``year`` (publication year), words ``q`` (public fields only),
  ``sort`` (``-updated_at`` default, ``reference``), ``page`` -- the one filter
  (``services.queries.filters.parse`` with the partners' vocabulary);
- ``/recommendations/<reference>`` the permalink (``badge.svg`` beside it): the overall
  status, then each addressee's track (status, since, agency, public history);
- ``/topics/``, ``/topics/<slug>`` (and ``/widget``), ``/changes``, ``/sitemap.xml``.

Data comes from ``services.partner.public_api`` (the API's queries and declared columns) and
``services.partner.public_pages``. An unknown reference, a draft, an archived and a not yet
published recommendation all get the same 404 page.
"""

from dataclasses import replace
from typing import NamedTuple

from flask import g, request

from ...domain import filters as filter_rule
from ...services import clock
from ...services.errors import RuleViolation
from ...services.partner import public_api, public_changes, public_pages
from ...services.queries import filters as filters_service
from ...services.queries.pages import page_count
from ..i18n import N_
from .caching import cached
from .common import bp, find, not_found, purl, render, topic_context

PER_PAGE = 20
SORTS = {"-updated_at": N_("Recently changed"), "reference": N_("Reference")}
FILTER_PARAMS = ("status", "topic", "line", "addressee", "year", "q", "page")
CHANGES_SHOWN = 50


def _filter():
    args = {name: request.args.getlist(name) for name in FILTER_PARAMS if request.args.getlist(name)}
    vocabulary = filters_service.SqlVocabulary(public_on=clock.today())
    parsed = filters_service.parse(args, filter_rule.STAFF, vocabulary)
    sort = request.args.get("sort")
    return replace(parsed, sort=sort if sort in SORTS else "-updated_at")


class _Named(NamedTuple):  # a line or topic as the filter form needs it (``localized``)
    slug: str
    name_en: str
    name_ja: str | None


_OPTIONS: dict[str, dict] = {}  # per process, for the current data version only


def _options() -> dict:
    """The filter form's choices with their counts: three counting scans at 10k, so kept
    per process for the data version the ETag was computed from (``g.public_version``)."""
    version = g.get("public_version")
    if (known := _OPTIONS.get(version)) is not None:
        return known
    options = {
        "lines": [(_Named(line.slug, line.name_en, line.name_ja), n)
                  for line, n in public_api.lines_of_effort()],
        "topics": [(_Named(t.slug, t.name_en, t.name_ja), own, total)
                   for t, own, total in public_api.topics() if total],
        "statuses": public_api.PUBLIC_STATUSES,
        "years": public_pages.years(),
        "sorts": SORTS,
    }
    _OPTIONS.clear()
    _OPTIONS[version] = options
    return options


def _listing(filters) -> dict:
    """One page of public recommendations for ``filters`` (an unparseable ``q`` is shown as
    a message with no results, never an error)."""
    error = None
    try:
        page = public_api.list_recommendations(filters, filters.page, PER_PAGE)
    except RuleViolation as exc:
        page, error = public_api.RecommendationPage([]), str(exc)
    return {"page": page, "pages": page_count(page.total, PER_PAGE), "search_error": error}


@bp.get("/")
def index():
    def build():
        filters = _filter()

        def page_url(number: int) -> str:
            args = {**filters.to_args(page=number), "sort": filters.sort}
            return purl("index", **args)

        return render("public/index.html", filters=filters, options=_options(),
                      page_url=page_url, **_listing(filters))

    return cached(build)


@bp.get("/recommendations/<reference>")
def detail(reference: str):
    def build():
        found = find(reference)
        if found is None:
            return not_found()
        row = found.rows[0]
        return render("public/detail.html", rec=row, addressees=found.addressees.get(row.id, []),
                      supersedes=found.supersedes.get(row.id), tracks=found.tracks.get(row.id, []),
                      history=found.histories.get(row.id, []))

    return cached(build)


@bp.get("/topics/")
def topics():
    def build():
        return render("public/topics.html", lines=public_api.lines_of_effort(),
                      topics=public_api.topics())

    return cached(build)


@bp.get("/topics/<slug>")
def topic(slug: str):
    def build():
        context = topic_context(slug, PER_PAGE)
        return not_found() if context is None else render("public/topic.html", **context)

    return cached(build)


@bp.get("/changes")
def changes():
    def build():
        events = public_changes.latest_events(CHANGES_SHOWN)
        titles = public_pages.titles([e.reference for e in events])
        return render("public/changes.html", events=events, titles=titles)

    return cached(build)

