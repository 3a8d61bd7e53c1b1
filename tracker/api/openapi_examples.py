"""Example bodies of the OpenAPI document (``tracker.api.openapi``), built from the
fields' examples in ``tracker.domain.partner_fields``; a test validates each against its
schema."""

from ..domain import partner_fields, statuses
from ..domain.tracks import GOVERNMENTS

PUBLIC_STATUSES = [k for k in statuses.KEYS if k != statuses.DRAFT]
EXAMPLE_URL = "https://tracker.example.org/api/v1"


def _example_list(shape: partner_fields.Shape, path: str) -> dict:
    return {"data": [partner_fields.example(shape)], "meta": {"total": 1},
            "links": {"self": EXAMPLE_URL + path}}


def examples() -> dict:
    """Example bodies of every JSON endpoint, from the fields' examples in ``partner_fields``
    (a test validates each against its schema)."""
    ex = partner_fields.example
    page = f"{EXAMPLE_URL}/recommendations?per_page=25"
    change = ex(partner_fields.CHANGE_EVENT)
    return {
        "/recommendations": {
            "data": [ex(partner_fields.RECOMMENDATION)],
            "meta": {"total": 1, "page": 1, "per_page": 25, "pages": 1},
            "links": {"self": page + "&page=1", "first": page + "&page=1", "last": page + "&page=1",
                      "next": None, "prev": None}},
        "/recommendations/{reference}": {"data": ex(partner_fields.RECOMMENDATION_DETAIL)},
        "/recommendations/{reference}/history": _example_list(
            partner_fields.HISTORY_ENTRY, "/recommendations/NEXT-2024-017/history"),
        "/topics": _example_list(partner_fields.TOPIC, "/topics"),
        "/lines-of-effort": _example_list(partner_fields.LINE_OF_EFFORT, "/lines-of-effort"),
        "/events": _example_list(partner_fields.EVENT, "/events"),
        "/publications": _example_list(partner_fields.PUBLICATION, "/publications"),
        "/statuses": _example_list(partner_fields.STATUS, "/statuses"),
        "/changes": {"data": [change], "meta": {"next_cursor": "WzgxMiwiMjAyNC0xMC0wMSIsbnVsbCwiIl0.sig",
                                                "has_more": False, "count": 1},
                     "links": {"self": f"{EXAMPLE_URL}/changes",
                               "next": f"{EXAMPLE_URL}/changes?since=WzgxMi.sig&limit=100"}},
        "/sync": {"data": [
            {"seq": 42, "op": "upsert", "reference": "NEXT-2024-017", "at": "2024-10-01T09:30:00Z",
             "recommendation": ex(partner_fields.RECOMMENDATION_DETAIL)},
            {"seq": 43, "op": "delete", "reference": "NEXT-2024-018", "at": "2024-10-01T09:31:00Z",
             "recommendation": None}],
            "meta": {"next_cursor": "NDM.sig", "has_more": False}},
        "/stats": {"data": {"total": 1, "by_status": _status_counts(),
                            "by_topic": {"supply-chains": _status_counts()},
                            "by_line_of_effort": {"economic-security": _status_counts()},
                            "by_government": {key: _status_counts() for key in GOVERNMENTS}}},
    }


def _status_counts() -> dict:
    return {k: int(k == "in_progress") for k in PUBLIC_STATUSES}


ATOM_EXAMPLE = ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
                "<id>tag:next-tracker,2024:feeds/changes</id>...<entry>"
                "<id>tag:next-tracker,2024:changes/812</id>...</entry></feed>")


SNAPSHOT_EXAMPLE = '{"reference":"NEXT-2024-017",...,"history":[...]}\n{"next_cursor":"NDM.sig"}\n'
