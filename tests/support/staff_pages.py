"""Every staff page of the URL map that renders HTML, with data behind it, for the browser
tests of issue 18 (phones, accessibility). ``staff_pages(app)`` fails when a GET page is
added to the app and not here (or deliberately skipped), so no page escapes the checks."""

from datetime import date

from tests.support import factories as f
from tests.support.routes import PUBLIC_BLUEPRINTS
from tracker.extensions import db
from tracker.services.dataio import import_jobs
from tracker.services.recommendations.status import record_status_change

# GET endpoints that are not HTML pages (files, probes, the partner API). The public site
# (PUBLIC_BLUEPRINTS) is not staff pages: tests/browser/test_public_browser.py covers it.
NOT_PAGES = {"static", "operations.healthz", "auth.login", "dataio.export_staff", "dataio.export_public"}
NOT_PAGE_SUFFIXES = ("_csv",)


def make_world(admin) -> dict:
    """Recommendations with a history, an event, a user and an import upload; committed."""
    topic = f.TopicAreaFactory(name_en="Space and cyber", name_ja="宇宙とサイバー")
    rec = f.RecommendationFactory(
        title_en="Joint space situational awareness with a rather long title that must wrap on phones",
        title_ja="宇宙状況監視の共同実施についての長めの題名", topic=topic, priority=True)
    record_status_change(rec, "under_consideration", date(2024, 5, 1), "Acknowledged by both sides.", user=admin)
    record_status_change(rec, "in_progress", date(2025, 2, 1), "Working group formed.", user=admin)
    others = [f.RecommendationFactory(topic=topic) for _ in range(3)]
    record_status_change(others[0], "implemented", date(2025, 3, 1), "Done.", user=admin)
    db.session.commit()
    token = import_jobs.save_upload(b"reference,title_en\n", "rows.csv", admin.id, False)
    import_jobs.write_state(token, {**import_jobs.read_state(token), "state": "done", "summary": {"created": 0}})
    return {"rec": rec, "event": f.EventFactory(), "user": f.UserFactory(role="researcher"),
            "token": token}


def staff_pages(app, world) -> dict[str, str]:
    """name -> path of every staff HTML page (GET), built from ``world``."""
    paths = {
        "recommendations.index": "/",
        "recommendations.detail": f"/recommendations/{world['rec'].reference}",
        "recommendations.edit": f"/recommendations/{world['rec'].reference}/edit",
        "recommendations.new_status": f"/recommendations/{world['rec'].reference}/status/new",
        "recommendations.new": "/recommendations/new",
        "catalog.index": "/events",
        "catalog.edit": f"/events/{world['event'].id}",
        "catalog.new": "/events/new",
        "admin.audit": "/admin/audit",
        "admin.users": "/admin/users",
        "admin.edit_user": f"/admin/users/{world['user'].id}",
        "admin.new_user": "/admin/users/new",
        "dataio.export_page": "/export",
        "dataio.import_form": "/import",
        "dataio.progress": f"/import/{world['token']}",
        "search.index": "/search?q=space",
        "translations.index": "/translations",
        "saved_views.index": "/views",
    }
    for rule in app.url_map.iter_rules():
        name = rule.endpoint
        if "GET" not in rule.methods or name in NOT_PAGES or name.endswith(NOT_PAGE_SUFFIXES) \
                or name.startswith(("api.", *PUBLIC_BLUEPRINTS)) or name in paths:
            continue
        if rule.arguments:
            raise AssertionError(f"a new staff page with arguments is not in staff_pages: {name}")
        paths[name] = rule.rule  # boards and any new page without arguments
    return paths
