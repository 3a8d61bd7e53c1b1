"""The staff list and the search page run a fixed number of SQL queries, however many
rows the page shows (no query per row)."""

import pytest

from tests.support import factories
from tests.support.queries import count_queries


def _warm_up(client, url) -> None:
    """The search index catches up with new rows (and then remembers that it has) on the
    first searches after a write; that one-off work is not what this test counts."""
    client.get(url)
    client.get(url)


@pytest.mark.parametrize("url", ["/", "/?sort=reference", "/search?q=coordination"])
def test_list_pages_do_not_query_per_row(client, auth, url):
    topic = factories.TopicAreaFactory()
    factories.RecommendationFactory(topic=topic)
    auth.login("researcher")
    _warm_up(client, url)
    few = count_queries(client, url)
    for _ in range(12):
        factories.RecommendationFactory(topic=factories.TopicAreaFactory(), addressees=("us_government", "private_sector"))
    _warm_up(client, url)
    many = count_queries(client, url)
    assert few == many, (few, many)


def test_start_from_a_publication_does_not_query_per_earlier_entry(client, auth):
    """The pre-fill of ``/recommendations/new?publication=`` reads the publication's
    entries in a fixed number of queries, however many there are."""
    pub = factories.PublicationFactory(slug="big-report")
    topic = factories.TopicAreaFactory()
    factories.RecommendationFactory(publication=pub, topic=topic)
    auth.login("researcher")
    url = "/recommendations/new?publication=big-report"
    client.get(url)
    few = count_queries(client, url)
    for _ in range(12):
        factories.RecommendationFactory(publication=pub, topic=topic, addressees=("us_government", "private_sector"))
    many = count_queries(client, url)
    assert few == many, (few, many)
