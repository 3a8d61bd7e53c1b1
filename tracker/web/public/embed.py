"""What the public pages offer other sites and robots: the SVG status badge of a
recommendation, the topic widget (the only page other origins may frame: CSP
``frame-ancestors`` lists ``PUBLIC_EMBED_ORIGINS``, ``'none'`` when empty; every other page
keeps ``'none'`` from ``web.security``), the sitemaps and ``/robots.txt``.
"""

from xml.sax.saxutils import escape

from flask import Blueprint, Response, current_app, url_for

from ...services.partner import public_api, public_pages
from ..i18n import status_info
from ..security import CONTENT_SECURITY_POLICY
from .caching import cached, require_site
from .common import bp, endpoint, find, not_found, render, topic_context

site = Blueprint("public_site", __name__)  # /sitemap.xml and /robots.txt at the root

BADGE_COLOURS = {"proposed": "#4b5563", "under_consideration": "#92400e", "in_progress": "#1d4ed8",
                 "implemented": "#15803d", "not_adopted": "#b91c1c", "superseded": "#374151"}
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _badge_svg(left: str, right: str, colour: str) -> str:
    """A flat two-part badge; widths from the text length (no font metrics needed)."""
    lw, rw = 8 + 7 * len(left), 10 + 7 * len(right) + (7 * sum(ord(c) > 0x2E80 for c in right))
    width = lw + rw
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" '
        f'aria-label="{escape(left)}: {escape(right)}"><title>{escape(left)}: {escape(right)}</title>'
        f'<rect width="{lw}" height="20" fill="#374151"/><rect x="{lw}" width="{rw}" height="20" '
        f'fill="{colour}"/><g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" '
        f'font-size="11"><text x="{lw / 2}" y="14" text-anchor="middle">{escape(left)}</text>'
        f'<text x="{lw + rw / 2}" y="14" text-anchor="middle">{escape(right)}</text></g></svg>'
    )


@bp.get("/recommendations/<reference>/badge.svg")
def badge(reference: str):
    def build():
        found = find(reference)
        if found is None:
            return not_found()
        row = found.rows[0]
        info = status_info(row.status)
        svg = _badge_svg(row.reference, info.label, BADGE_COLOURS.get(row.status, "#374151"))
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
