"""A status entry backdated decades does not make the trend chart grow without bound
(issue 21: one entry dated 0001-01-01 made the trend take 19 s and 5.8 MB for everyone)."""

from datetime import date

from tests.support import factories
from tracker.services.boards import board_history, boards


def test_trend_shows_at_most_twenty_years_and_keeps_month_end_counts():
    pub = factories.PublicationFactory(published_on=date(1900, 1, 1))
    factories.RecommendationFactory(publication=pub, history=[
        (date(1900, 3, 1), "under_consideration", "Acknowledged long ago."),
        (date(2024, 5, 2), "implemented", "Done at last.")])
    factories.RecommendationFactory(publication=pub, history=[
        (date(2024, 1, 5), "under_consideration", "Acknowledged.")])
    taxonomy = boards.Taxonomy.load()
    filters, _ = boards.parse_filters({}, taxonomy)
    data = board_history.trend(date(2024, 6, 30), filters, taxonomy.lines)
    assert len(data.months) == board_history.TREND_MAX_MONTHS
    assert data.months[-1] == "2024-06" and data.months[0] == "2004-07"
    first = {k: v[0] for k, v in data.overall.items() if v[0]}
    last = {k: v[-1] for k, v in data.overall.items() if v[-1]}
    # The 1900 history counts in the first month shown; the second recommendation did not
    # exist before 2024 (its first entry is in force from its own date).
    assert first == {"under_consideration": 1}
    assert last == {"under_consideration": 1, "implemented": 1}


def test_trend_page_with_an_ancient_entry_stays_small(client, auth):
    pub = factories.PublicationFactory(published_on=date(1900, 1, 1))
    factories.RecommendationFactory(publication=pub, history=[
        (date(1900, 1, 2), "in_progress", "Early start.")])
    auth.login("leadership")
    response = client.get("/boards/trend.csv")
    assert response.status_code == 200
    assert response.get_data(as_text=True).count("\n") <= 3 * (board_history.TREND_MAX_MONTHS + 1)
