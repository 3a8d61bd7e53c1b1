"""A partner's mirror kept by ``/api/v1/sync`` (and ``/snapshot``), and the full crawl it
must always equal."""

import json


class Mirror:
    """Applies the log in order: upsert stores the record, delete drops it. Checks that
    sequence numbers only grow over the whole walk (nothing comes twice under one number)."""

    def __init__(self, api, limit: int = 3, lang: str | None = None):
        self.api, self.limit, self.lang = api, limit, lang
        self.cursor = ""
        self.records: dict[str, dict] = {}
        self.last_seq = 0
        self.events = 0

    def _url(self) -> str:
        url = f"/api/v1/sync?cursor={self.cursor}&limit={self.limit}"
        return url + (f"&lang={self.lang}" if self.lang else "")

    def pull(self) -> int:
        """Follow the log to its end; returns the number of calls."""
        for calls in range(1, 1000):
            body = self.api.json(self._url())
            for event in body["data"]:
                assert event["seq"] > self.last_seq, (event["seq"], self.last_seq)
                self.last_seq = event["seq"]
                self.events += 1
                if event["op"] == "upsert":
                    assert event["recommendation"]["reference"] == event["reference"]
                    self.records[event["reference"]] = event["recommendation"]
                else:
                    assert event["recommendation"] is None
                    self.records.pop(event["reference"], None)
            self.cursor = body["meta"]["next_cursor"]
            if not body["meta"]["has_more"]:
                return calls
        raise AssertionError("the log never ended")

    def load_snapshot(self) -> None:
        response = self.api.get("/api/v1/snapshot" + (f"?lang={self.lang}" if self.lang else ""))
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        lines = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
        assert lines[-1] == {"next_cursor": response.headers["Sync-Cursor"]}
        self.records = {r["reference"]: r for r in lines[:-1]}
        self.cursor = lines[-1]["next_cursor"]


def crawl(api, lang: str | None = None) -> dict[str, dict]:
    """Every public recommendation as ``/api/v1/recommendations/{ref}`` returns it."""
    suffix = f"?lang={lang}" if lang else ""
    refs, page = [], 1
    while True:
        body = api.json(f"/api/v1/recommendations?per_page=100&page={page}")
        refs += [r["reference"] for r in body["data"]]
        if page >= body["meta"]["pages"]:
            break
        page += 1
    return {ref: api.json(f"/api/v1/recommendations/{ref}{suffix}")["data"] for ref in refs}


def assert_mirrors(api, mirror: Mirror, step: str = "") -> None:
    mirror.pull()
    expected = crawl(api, mirror.lang)
    assert sorted(mirror.records) == sorted(expected), step
    for ref, record in expected.items():
        assert mirror.records[ref] == record, (step, ref)
