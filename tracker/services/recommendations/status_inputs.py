"""Checks of what a person typed into a status entry: its notes, evidence links and
agency. Each returns the cleaned value or raises ``RuleViolation`` naming the field;
``services.recommendations.status`` calls them before anything is written."""

from collections.abc import Iterable
from urllib.parse import urlparse

from flask_babel import get_locale
from flask_babel import gettext as _

from ...domain import limits, statuses
from ...domain import tracks as track_rule
from ..errors import RuleViolation

MAX_NOTE_LENGTH = limits.MAX_NOTE
MAX_URL_LENGTH = limits.MAX_URL
MAX_EVIDENCE_URLS = limits.MAX_EVIDENCE_URLS


def status_label(key: str) -> str:
    """The status's own label (``statuses``) in the language messages are translated to."""
    locale = get_locale()
    status = statuses.get(key)
    return status.label_ja if locale is not None and locale.language == "ja" else status.label


def clean_note(note: str | None, field: str, required: bool) -> str | None:
    note = (note or "").strip()
    if required and not note:
        raise RuleViolation(_("A public note is required: say what happened."), field)
    if len(note) > MAX_NOTE_LENGTH:
        raise RuleViolation(_("Keep the note under %(n)d characters.", n=MAX_NOTE_LENGTH), field)
    return note or None


def clean_evidence_urls(urls: Iterable[str] | str | None) -> list[str]:
    """Evidence URLs, stripped and de-duplicated; one per line when given as text.

    :raise RuleViolation: for anything that is not an absolute http(s) URL.
    """
    if isinstance(urls, str):
        urls = urls.splitlines()
    cleaned = []
    for url in urls or ():
        url = url.strip()
        if not url:
            continue
        parsed = urlparse(url)
        if (
            parsed.scheme not in ("http", "https")
            or not parsed.netloc
            or len(url) > MAX_URL_LENGTH
            or any(ch.isspace() for ch in url)
        ):
            raise RuleViolation(_("Not a valid http(s) link: %(url)s", url=url[:80]), "evidence_urls")
        if url not in cleaned:
            cleaned.append(url)
    if len(cleaned) > MAX_EVIDENCE_URLS:
        raise RuleViolation(_("At most %(n)d evidence links.", n=MAX_EVIDENCE_URLS), "evidence_urls")
    return cleaned


def clean_agency(agency: str | None) -> str | None:
    """A track's agency, stripped (None when blank).

    :raise RuleViolation: (``agency``) over ``track_rule.MAX_AGENCY`` characters.
    """
    agency = (agency or "").strip()
    if len(agency) > track_rule.MAX_AGENCY:
        raise RuleViolation(_("Keep the agency under %(n)d characters.", n=track_rule.MAX_AGENCY), "agency")
    if limits.has_control_characters(agency):
        raise RuleViolation(_("The agency contains control characters."), "agency")
    return agency or None
