"""Atom feeds of public status changes: all of them, and per topic (with sub-topics).

Same events and visibility as ``/api/v1/changes`` (newest 50). Feed readers rarely send
headers, so besides ``Authorization`` a feed accepts the token as ``?token=``.

Ids are ``tag:`` URIs (RFC 4151) that do not depend on the host a feed was fetched from:
``tag:AUTHORITY,2024:feeds/changes``, ``tag:AUTHORITY,2024:feeds/topics/<slug>`` and
``tag:AUTHORITY,2024:changes/<event id>``, with AUTHORITY the ``ATOM_TAG_AUTHORITY``
setting (default ``next-tracker``); an entry keeps its id in every feed it appears in.

Each entry names its track: the title reads ``NEXT-2024-017 · US government: In progress
(2024-09-30)``, and a second ``category`` (scheme ``tag:AUTHORITY,2024:addressee``) carries
the addressee key, so a reader can filter one government's entries.
"""

from xml.etree import ElementTree as ET

from flask import Response, current_app, g, request, url_for

from ..domain import statuses
from ..models import ADDRESSEES
from ..services.errors import RuleViolation
from ..services.partner import public_api, public_changes
from . import params
from .auth import rate_limited
from .errors import ApiError
from .serializers import public_url, ts

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50
TAG_AUTHORITY = "next-tracker"
TAG_DATE = "2024"


def tag(specific: str) -> str:
    """The ``tag:`` URI of ``specific`` (host-independent, stable)."""
    authority = current_app.config.get("ATOM_TAG_AUTHORITY") or TAG_AUTHORITY
    return f"tag:{authority},{TAG_DATE}:{specific}"


def register(bp) -> None:
    bp.add_url_rule("/v1/feeds/changes.atom", "feed_changes", rate_limited(feed_all), methods=["GET"])
    bp.add_url_rule("/v1/feeds/topics/<slug>.atom", "feed_topic", rate_limited(feed_topic),
                    methods=["GET"])


def feed_all():
    params.check_params(frozenset({"token"}))
    return _feed("NEXT Tracker: status changes", "feeds/changes",
                 public_changes.latest_events(FEED_SIZE))


def feed_topic(slug: str):
    """:raise 404: unknown topic."""
    params.check_params(frozenset({"token"}))
    try:
        topic_ids = public_api.topic_ids_with_descendants(slug)
    except RuleViolation:
        raise ApiError(404, "not_found", f"No topic {slug!r}.", {"topic": slug}) from None
    return _feed(f"NEXT Tracker: status changes in {slug}", f"feeds/topics/{slug}",
                 public_changes.latest_events(FEED_SIZE, topic_ids))


def _text(parent, tag: str, value: str, **attrs) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = value
    return element


def _feed(title: str, feed_id: str, events: list) -> Response:
    ET.register_namespace("", ATOM)
    self_url = url_for(request.endpoint, **request.view_args, _external=True)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", tag(feed_id))
    _text(feed, "title", title)
    _text(feed, "updated", ts(events[0].recorded_at) if events else ts(public_api.last_modified()))
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": self_url})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "US-Japan NEXT Alliance Initiative")
    for event in events:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", tag(f"changes/{event.id}"))
        track = ADDRESSEES.get(event.addressee, event.addressee)
        if event.kind == "retraction":
            heading = f"{event.reference} · {track}: entry {event.retracts_id} retracted"
        else:
            heading = (f"{event.reference} · {track}: {statuses.get(event.to_status).label} "
                       f"({event.effective_on.isoformat()})")
        _text(entry, "title", heading)
        _text(entry, "updated", ts(event.recorded_at))
        # The entry's link is the recommendation's public page (HTML, no token needed).
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html",
                                                 "href": public_url(event.reference)})
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": event.topic_slug})
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": event.addressee, "label": track,
                                                     "scheme": tag("addressee")})
        _text(entry, "content", event.public_note, type="text")
    g.api_data = True
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return Response(body, mimetype="application/atom+xml")
