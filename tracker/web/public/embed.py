"""What the public pages offer other sites and robots: the SVG status badge of a
recommendation (its reference and each government's own status), the topic widget (the only page other origins may frame: CSP
``frame-ancestors`` lists ``PUBLIC_EMBED_ORIGINS``, ``'none'`` when empty; every other page
keeps ``'none'`` from ``web.security``), the sitemaps and ``/robots.txt``.
"""

from xml.sax.saxutils import escape

from flask import Blueprint, Response, current_app, url_for

from ...domain.tracks import JAPAN, US
from ...services.partner import public_api, public_pages
from ..i18n import is_ja, status_info
from ..security import CONTENT_SECURITY_POLICY
from .caching import cached, require_site
from .common import bp, endpoint, find, not_found, render, topic_context

site = Blueprint("public_site", __name__)  # /sitemap.xml and /robots.txt at the root

BADGE_COLOURS = {"proposed": "#4b5563", "under_consideration": "#92400e", "in_progress": "#1d4ed8",
                 "implemented": "#15803d", "not_adopted": "#b91c1c", "superseded": "#374151"}
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _width(text: str) -> int:
    """A part's width from its text length (wide CJK characters count twice; no font
    metrics needed)."""
    return 10 + 7 * len(text) + 7 * sum(ord(c) > 0x2E80 for c in text)


def _badge_svg(parts: list[tuple[str, str]]) -> str:
    """A flat badge of ``(text, colour)`` parts, left to right."""
    label = ", ".join(text for text, _ in parts)
    x, rects, texts = 0, [], []
    for text, colour in parts:
        w = _width(text)
        rects.append(f'<rect x="{x}" width="{w}" height="20" fill="{colour}"/>')
        texts.append(f'<text x="{x + w / 2}" y="14" text-anchor="middle">{escape(text)}</text>')
        x += w
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{x}" height="20" role="img" '
        f'aria-label="{escape(label)}"><title>{escape(label)}</title>{"".join(rects)}'
        f'<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">'
        f'{"".join(texts)}</g></svg>'
    )


# The governments' short names on the badge, (English, Japanese).
SHORT_NAMES = {US: ("US", "米国"), JAPAN: ("Japan", "日本")}


def badge_parts(row, tracks) -> list[tuple[str, str]]:
    """The reference, then each government's own status ("US: In progress", "Japan:
    Implemented") when it has government tracks, else the overall status."""
    parts = [(row.reference, "#374151")]
    governments = [t for t in tracks if t.addressee in SHORT_NAMES and t.status]
    for track in governments:
        name = SHORT_NAMES[track.addressee][1 if is_ja() else 0]
        parts.append((f"{name}: {status_info(track.status).label}",
                      BADGE_COLOURS.get(track.status, "#374151")))
    if not governments:
        parts.append((status_info(row.status).label, BADGE_COLOURS.get(row.status, "#374151")))
    return parts


@bp.get("/recommendations/<reference>/badge.svg")
def badge(reference: str):
    def build():
        found = find(reference)
        if found is None:
            return not_found()
        row = found.rows[0]
        svg = _badge_svg(badge_parts(row, found.tracks.get(row.id, [])))
        return Response(svg, mimetype="image/svg+xml")

    return cached(build)


@bp.get("/topics/<slug>/widget")
def widget(slug: str):
    def build():
        context = topic_context(slug, 5)
        return not_found() if context is None else render("public/widget.html", **context)

    response = cached(build)
    origins = " ".join(current_app.config.get("PUBLIC_EMBED_ORIGINS") or ()) or "'none'"
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
        "frame-ancestors 'none'", f"frame-ancestors {origins}")
    # Browsers obey frame-ancestors over X-Frame-Options; older ones get SAMEORIGIN at most.
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def _sitemap_xml() -> Response:
    urls = []
    for language in ("en", "ja"):
        for name in ("index", "topics", "changes"):
            urls.append((url_for(endpoint(name, language), _external=True), None))
        for t, _own, total in public_api.topics():
            if total:
                urls.append((url_for(endpoint("topic", language), slug=t.slug, _external=True), None))
        for reference, updated in public_pages.sitemap_entries():
            urls.append((url_for(endpoint("detail", language), reference=reference, _external=True),
                         updated))
    items = "".join(
        f"<url><loc>{escape(loc)}</loc>" + (f"<lastmod>{updated.date().isoformat()}</lastmod>" if updated else "")
        + "</url>" for loc, updated in urls)
    body = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}">{items}</urlset>\n'
    return Response(body, mimetype="application/xml")


@bp.get("/sitemap.xml")
def sitemap():
    return cached(_sitemap_xml)


@site.get("/sitemap.xml")
def root_sitemap():
    require_site()
    return cached(_sitemap_xml)


@site.get("/robots.txt")
def robots():
    """Robots may read the public pages when ``PUBLIC_SITE`` and ``PUBLIC_ROBOTS`` are on;
    nothing else, ever (staff pages need a login anyway)."""
    lines = ["User-agent: *"]
    if current_app.config.get("PUBLIC_SITE") and current_app.config.get("PUBLIC_ROBOTS", True):
        lines += ["Allow: /public/", "Allow: /ja/public/", "Disallow: /",
                  f"Sitemap: {url_for('public_site.root_sitemap', _external=True)}"]
    else:
        lines.append("Disallow: /")
    return Response("\n".join(lines) + "\n", mimetype="text/plain")
