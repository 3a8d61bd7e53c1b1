"""The audit log (tracker/services/accounts/audit.py) and its admin page (/admin/audit)."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import csrf_token_from
from tests.support import factories
from tracker.extensions import db
from tracker.models import ApiToken, AuditLog, utcnow
from tracker.services.accounts.audit import SYSTEM_ACTOR, AuditLogIsAppendOnly, via
from tracker.services.recommendations.status import record_status_change, retract_status_change


def entries(**where):
    query = select(AuditLog).order_by(AuditLog.id)
    for key, value in where.items():
        query = query.where(getattr(AuditLog, key) == value)
    return db.session.execute(query).scalars().all()


def test_creating_a_recommendation_is_recorded_with_its_first_status():
    rec = factories.RecommendationFactory(title_en="Space situational awareness")
    [created] = entries(object_type="Recommendation")
    assert created.action == "create" and created.object_id == rec.id
    assert created.actor == SYSTEM_ACTOR and created.user_id is None
    assert rec.reference in created.object_repr
    assert created.after["title_en"] == "Space situational awareness"
    assert created.after["addressees"] == ["government_of_japan", "us_government"]
    first_us, first_japan = entries(object_type="StatusChange")  # one entry per track
    assert first_us.action == first_japan.action == "status_change"
    assert first_us.after["to_status"] == first_japan.after["to_status"] == "proposed"


def test_status_change_and_retraction_are_recorded_with_before_and_after():
    rec = factories.RecommendationFactory(addressees=("us_government",))
    (change,) = record_status_change(rec, "in_progress", date(2024, 1, 10), "Steps taken.")
    db.session.commit()
    retract_status_change(change, "Entered by mistake.", user=factories.UserFactory(role="admin"))
    db.session.commit()
    status_entries = entries(object_type="StatusChange")
    moved, retraction = status_entries[-2], status_entries[-1]
    assert moved.action == "status_change"
    assert moved.before == {"status": "proposed"}
    assert moved.after["to_status"] == "in_progress"
    assert retraction.action == "retraction"
    assert retraction.after["retracts_id"] == change.id
    # The derived-field update of the recommendation is not a separate "update" entry.
    assert [e.action for e in entries(object_type="Recommendation")] == ["create"]


def test_edit_records_only_the_changed_columns():
    rec = factories.RecommendationFactory(title_en="Old title", priority=False)
    rec.title_en = "New title"
    rec.priority = True
    rec.addressees = ["us_government"]
    db.session.commit()
    [update] = entries(action="update")
    assert update.before == {"title_en": "Old title", "priority": False,
                             "addressees": ["government_of_japan", "us_government"]}
    assert update.after == {"title_en": "New title", "priority": True,
                            "addressees": ["us_government"]}


def test_archiving_is_an_archive_entry():
    rec = factories.RecommendationFactory()
    rec.archived_at = utcnow()
    db.session.commit()
    assert entries(object_type="Recommendation")[-1].action == "archive"


def test_a_rolled_back_write_leaves_no_entry():
    topic = factories.TopicAreaFactory()
    count = len(entries())
    topic.name_en = "Changed then abandoned"
    db.session.flush()
    db.session.rollback()
    assert len(entries()) == count


def test_users_and_tokens_never_leak_hashes(client, auth):
    admin = auth.login("admin")
    token = csrf_token_from(client.get("/admin/users/new"))
    response = client.post("/admin/users/new", data={
        "email": "new.researcher@example.org", "name": "New Researcher", "role": "researcher",
        "password": "a long enough password", "active": "y", "csrf_token": token})
    assert response.status_code == 302
    [created] = entries(object_type="User", action="create")[-1:]
    assert created.user_id == admin.id and admin.email in created.actor
    assert created.after["email"] == "new.researcher@example.org"
    token = csrf_token_from(client.get(f"/admin/users/{created.object_id}"))
    client.post(f"/admin/users/{created.object_id}", data={
        "email": "new.researcher@example.org", "name": "New Researcher", "role": "researcher",
        "password": "another long password", "active": "y", "csrf_token": token})
    [changed] = entries(object_type="User", action="update", object_id=created.object_id)
    assert changed.before == {"password": "(hidden)"} and changed.after == {"password": "(changed)"}
    api_token, plain = ApiToken.issue("Partner Institute")
    db.session.add(api_token)
    db.session.commit()
    api_token.revoked_at = utcnow()
    db.session.commit()
    assert [e.action for e in entries(object_type="ApiToken")] == ["create", "revoke"]
    everything = repr([(e.before, e.after) for e in entries()])
    assert "pbkdf2" not in everything and "scrypt" not in everything
    assert api_token.token_hash not in everything and plain not in everything


def test_login_is_recorded_as_login(client, auth):
    user = auth.login("leadership")
    [login] = entries(action="login")
    assert login.object_id == user.id and login.user_id == user.id
    assert login.request_id  # ties the entry to the request log line


def test_via_labels_a_block_of_work():
    with via("import: recommendations.csv"):
        factories.TopicAreaFactory()
    assert entries(object_type="TopicArea")[-1].actor == f"{SYSTEM_ACTOR} via import: recommendations.csv"


def test_deleting_keeps_what_was_deleted():
    topic = factories.TopicAreaFactory(name_en="Short-lived topic")
    db.session.delete(topic)
    db.session.commit()
    deleted = entries(action="delete")[-1]
    assert deleted.object_type == "TopicArea" and deleted.before["name_en"] == "Short-lived topic"


def test_audit_rows_cannot_be_changed_or_deleted_through_the_session():
    factories.TopicAreaFactory()
    entry = entries()[0]
    entry.action = "delete"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(entries()[0])
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()


# -- the admin page -------------------------------------------------------------------------

def test_audit_page_is_for_admins_only(client, auth):
    assert client.get("/admin/audit").status_code == 302
    auth.login("researcher")
    assert client.get("/admin/audit").status_code == 403


def test_admin_reads_and_filters_the_audit_log(client, auth, app):
    rec = factories.RecommendationFactory(title_en="Export control dialogue")
    auth.login("admin")
    page = client.get("/admin/audit").get_data(as_text=True)
    assert rec.reference in page and "status change" in page and "Export control dialogue" in page
    only_users = client.get("/admin/audit?type=User").get_data(as_text=True)
    assert rec.reference not in only_users
    partial = client.get("/admin/audit?action=create", headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "<html" not in partial.get_data(as_text=True) and rec.reference in partial.get_data(as_text=True)
    assert client.get("/admin/audit?type=Bogus&action=%3Cscript%3E&page=x").status_code == 200


def test_audit_page_paginates(client, auth):
    for n in range(3):
        factories.LineOfEffortFactory(name_en=f"Line {n}")
    auth.login("admin")
    from tracker.services.accounts import audit

    total = len(entries())
    page = audit.list_entries(page=1, per_page=2)
    assert page.total == total and len(page.items) == 2 and page.has_next


def test_no_route_modifies_audit_rows(client, auth, app):
    """Every route that accepts a writing method, called by an admin with a valid CSRF
    token: existing audit rows stay exactly as they were (new rows may be appended)."""
    factories.RecommendationFactory()
    auth.login("admin")
    snapshot = [(e.id, e.action, e.object_type, e.object_id, e.before, e.after) for e in entries()]
    token = csrf_token_from(client.get("/admin/users"))
    called = 0
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"GET", "HEAD", "OPTIONS"}):
            url = re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: str(snapshot[0][0]) if "id" in m.group(1) else "x", rule.rule)
            client.open(url, method=method, data={"csrf_token": token, "id": snapshot[0][0],
                                                   "action": "delete"},
                        headers={"X-CSRFToken": token})
            called += 1
            db.session.expire_all()
            if rule.endpoint == "auth.logout":
                auth.login("admin")
                token = csrf_token_from(client.get("/admin/users"))
    assert called >= 3
    after = {e.id: (e.id, e.action, e.object_type, e.object_id, e.before, e.after) for e in entries()}
    assert [after[row[0]] for row in snapshot] == snapshot
    audit_rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/admin/audit")]
    assert audit_rules and all(r.methods <= {"GET", "HEAD", "OPTIONS"} for r in audit_rules)
