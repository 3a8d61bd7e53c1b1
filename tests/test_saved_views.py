"""Saved views (issue 18): a named filter of the staff list per user, saved from the list,
listed in the navigation, deletable; and "export this view" on the list."""

from sqlalchemy import select

from tests.conftest import csrf_token_from
from tests.support import factories
from tracker.extensions import db
from tracker.models import SavedView


def _views(user):
    return db.session.execute(select(SavedView).where(SavedView.user_id == user.id)
                              .order_by(SavedView.name)).scalars().all()


def test_a_user_saves_a_view_from_the_list_and_finds_it_in_the_navigation(client, auth):
    user = auth.login("leadership")  # reading only, but views are their own
    factories.RecommendationFactory(title_en="Visible one")
    page = client.get("/?status=proposed&priority=1&page=3&bogus=1")
    html = page.get_data(as_text=True)
    # The save form carries the canonical filter (no page, no unknown parameter).
    assert 'name="query" value="status=proposed&amp;priority=1"' in html
    token = csrf_token_from(page)
    answer = client.post("/views", data={"csrf_token": token, "name": "  Priority   proposals ",
                                          "query": "status=proposed&priority=1&page=3&bogus=1"})
    assert answer.status_code == 302 and answer.headers["Location"] == "/?status=proposed&priority=1"
    [view] = _views(user)
    assert (view.name, view.query) == ("Priority proposals", "status=proposed&priority=1")
    nav = client.get("/search").get_data(as_text=True)
    assert '<a href="/?status=proposed&amp;priority=1">Priority proposals</a>' in nav
    # Showing that view, its link in the navigation is marked as the current page.
    shown = client.get("/?status=proposed&priority=1").get_data(as_text=True)
    assert '<a href="/?status=proposed&amp;priority=1" aria-current="page">Priority proposals</a>' in shown
    # The same name again replaces the filter rather than adding a second view.
    client.post("/views", data={"csrf_token": token, "name": "Priority proposals", "query": "stale=1"})
    assert [(v.name, v.query) for v in _views(user)] == [("Priority proposals", "stale=1")]


def test_a_view_needs_a_name_and_belongs_to_its_owner(client, auth):
    owner = factories.UserFactory(role="researcher")
    theirs = SavedView(user_id=owner.id, name="Theirs", query="stale=1")
    db.session.add(theirs)
    db.session.commit()
    me = auth.login("researcher")
    token = csrf_token_from(client.get("/views"))
    answer = client.post("/views", data={"csrf_token": token, "name": "  ", "query": "stale=1"})
    assert answer.status_code == 400 and "Give the view a name." in answer.get_data(as_text=True)
    assert 'role="alert"' in answer.get_data(as_text=True)
    assert _views(me) == []
    # Someone else's view: not listed, not deletable.
    assert "Theirs" not in client.get("/views").get_data(as_text=True)
    assert client.post(f"/views/{theirs.id}/delete", data={"csrf_token": token}).status_code == 404
    assert _views(owner) != []
    client.post("/views", data={"csrf_token": token, "name": "My stale list", "query": ""})
    [mine] = _views(me)
    assert client.post(f"/views/{mine.id}/delete", data={"csrf_token": token}).status_code == 302
    assert _views(me) == []
    assert ">My stale list</a>" not in client.get("/views").get_data(as_text=True)


def test_the_list_links_to_an_export_of_exactly_this_view(client, auth):
    auth.login("researcher")
    wanted = factories.RecommendationFactory(title_en="Space cooperation", priority=True)
    other = factories.RecommendationFactory(title_en="Trade dialogue")
    html = client.get("/?q=space&priority=1").get_data(as_text=True)
    assert 'href="/export/recommendations.csv?q=space&amp;priority=1"' in html
    assert 'href="/export/recommendations.xlsx?q=space&amp;priority=1"' in html
    body = client.get("/export/recommendations.csv?priority=1&q=space").get_data(as_text=True)
    assert wanted.reference in body and other.reference not in body
    # An htmx filter change re-renders the results, and the link with them.
    partial = client.get("/?status=implemented", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'href="/export/recommendations.csv?status=implemented"' in partial


def test_pages_render_when_the_saved_views_cannot_be_read(client, auth, monkeypatch):
    """The navigation reads the views on every page, error pages included: a database
    error there leaves the menu without views instead of breaking the page."""
    from sqlalchemy.exc import OperationalError

    from tracker.services.accounts import saved_views

    auth.login("researcher")

    def broken(_user_id):
        raise OperationalError("SELECT", {}, Exception("database is locked"))

    monkeypatch.setattr(saved_views, "views_of", broken)
    missing = client.get("/recommendations/NEXT-1999-999")
    assert missing.status_code == 404 and "Manage saved views" in missing.get_data(as_text=True)
