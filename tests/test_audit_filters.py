"""The audit log page (issue 18): a table filtered by who, object, action and date
range, and pages that keep the filters."""

from datetime import UTC, datetime

from sqlalchemy import insert

from tests.support import factories
from tracker.extensions import db
from tracker.models import AuditLog


def _entry(at, user=None, action="update", object_type="Event", repr_="x"):
    db.session.execute(insert(AuditLog), {
        "at": at, "user_id": user.id if user else None,
        "actor": f"{user.name} <{user.email}>" if user else "cli/system", "action": action,
        "object_type": object_type, "object_id": 1, "object_repr": repr_, "before": {"a": 1},
        "after": {"a": 2}})
    db.session.commit()


def test_the_audit_log_filters_by_who_and_by_date_range(client, auth):
    admin = auth.login("admin")
    alice = factories.UserFactory(name="Alice Researcher")
    # 23:59 and midnight in Tokyo (APP_TIMEZONE), the app's one time zone.
    _entry(datetime(2026, 3, 1, 14, 59, tzinfo=UTC), alice, repr_="alice-march")
    _entry(datetime(2026, 3, 1, 15, 0, tzinfo=UTC), alice, repr_="alice-second")
    _entry(datetime(2026, 4, 1, 12, 0, tzinfo=UTC), None, repr_="system-april")

    def shown(query):
        html = client.get(f"/admin/audit?{query}").get_data(as_text=True)
        return {name for name in ("alice-march", "alice-second", "system-april") if name in html}

    assert shown("") == {"alice-march", "alice-second", "system-april"}
    assert shown(f"who={alice.id}") == {"alice-march", "alice-second"}
    assert shown("who=0") == {"system-april"}  # entries with no user
    assert shown(f"who={admin.id}&type=Event") == set()
    # Both ends included, whole days in the app's time zone.
    assert shown("since=2026-03-02") == {"alice-second", "system-april"}
    assert shown("until=2026-03-01") == {"alice-march"}
    assert shown("since=2026-03-01&until=2026-03-02") == {"alice-march", "alice-second"}
    # Nonsense is ignored, not an error.
    assert shown("who=abc&since=yesterday&until=2026-99-01") == {"alice-march", "alice-second",
                                                                   "system-april"}
    page = client.get(f"/admin/audit?who={alice.id}").get_data(as_text=True)
    assert f'<option value="{alice.id}" selected>' in page
    assert 'id="audit-since"' in page and 'data-label="Who"' in page


def test_audit_pages_keep_the_filters(client, auth, app):
    auth.login("admin")
    for n in range(55):
        _entry(datetime(2026, 5, 1, 0, n, tzinfo=UTC), None, repr_=f"row-{n}")
    html = client.get("/admin/audit?who=0&since=2026-05-01").get_data(as_text=True)
    assert "page 1 of 2" in html
    assert "/admin/audit?page=2&amp;who=0&amp;since=2026-05-01" in html


def test_times_are_shown_in_the_apps_time_zone(client, auth):
    """Issue 18: one time zone per page, the app's, and named: the audit log shows recorded
    times in APP_TIMEZONE (Asia/Tokyo: JST), not UTC."""
    auth.login("admin")
    _entry(datetime(2026, 3, 1, 15, 30, tzinfo=UTC), repr_="tz-probe")
    html = client.get("/admin/audit").get_data(as_text=True)
    assert "2026-03-02 00:30 JST" in html and "UTC" not in html
