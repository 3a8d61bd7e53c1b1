"""A Whoosh commit that fails does not leave the index lock taken (every later write would
wait for the lock timeout and then fail)."""

import pytest
from whoosh.writing import SegmentWriter

from tracker.search import store


def test_a_failed_commit_releases_the_index_lock(tmp_path, monkeypatch):
    generation = store.new_generation(tmp_path)
    store.make_current(tmp_path, generation)
    ix = store.open_index(tmp_path)

    def broken_commit(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(SegmentWriter, "commit", broken_commit)
    with pytest.raises(OSError), store.writer(ix, timeout=0.2):
        pass
    monkeypatch.undo()
    with store.writer(ix, timeout=0.2) as w:  # would raise IndexBusy with the lock still held
        assert w is not None
