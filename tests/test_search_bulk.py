"""The fast rebuild (``tracker.search.fast.bulk``) writes what Whoosh's own writer would, and a
rebuild split over worker processes finds what a one-process rebuild finds."""

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session
from whoosh import index as whoosh_index

from tests.support import factories as f
from tracker import search
from tracker.extensions import db
from tracker.search import analysis, store, sync
from tracker.search.documents import load_documents
from tracker.search.fast import bulk, tokens

TRICKY = ["The Quick brown fox's e-mail isn’t 'a' test", "輸出管理 A 日 本 の", "ＡＢＣ ｶﾀｶﾅ",
          "", "the of and", "U.S.-Japan 2+2 5G", "İstanbul ß", "Cyber\u3000サイバー攻撃 2024年"]


def test_index_tokens_are_what_the_analyzer_yields():
    for line in TRICKY:
        chain = tuple((t.text, t.pos, t.boost) for t in
                      analysis.ANALYZER(line, positions=True, boosts=True, mode="index"))
        assert tokens.index_tokens(line) == chain, line


def _some_recommendations():
    topic = f.TopicAreaFactory(name_en="Space security", name_ja="宇宙安全保障")
    for i in range(12):
        f.RecommendationFactory(
            title_en=f"Space situational awareness {i} sharing" + " data" * (i % 4),
            title_ja="宇宙状況把握の情報共有", text_ja="両政府は宇宙状況把握を強化すべきである。",
            text_en="The allies should share data on satellites and debris. " * (1 + i % 3),
            topic=topic, priority=i % 2 == 0, addressees=("both_governments", "us_government")[: 1 + i % 2],
            effective_on=date(2023, 1 + i % 12, 1))


def _content(ix) -> dict:
    """Everything a search can read, by recommendation id (documents are numbered in id
    order both ways)."""
    with ix.searcher() as searcher:
        reader = searcher.reader()
        postings = {}
        for field, term in reader.all_terms():
            info = reader.term_info(field, term)
            m = reader.postings(field, term)
            postings[field, term] = (
                info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                info.max_weight(), info.min_id(), info.max_id(), list(_all_postings(m)))
        docs = list(reader.all_stored_fields())
        lengths = [reader.doc_field_length(d, "text") for d in range(reader.doc_count_all())]
        dates = list(reader.column_reader("status_date"))
        return {"postings": postings, "docs": docs, "lengths": lengths, "dates": dates,
                "field_length": reader.field_length("text")}


def _all_postings(m):
    while m.is_active():
        yield m.id(), m.weight(), m.value()
        m.next()


def test_a_built_segment_holds_what_whoosh_writes(app, tmp_path):
    _some_recommendations()
    with Session(db.engine) as session:
        docs = list(load_documents(session))
    plain = store.open_index_at(store.new_generation(tmp_path))
    with plain.writer(limitmb=1) as w:
        for doc in docs:
            w.add_document(**doc)
    built = store.open_index_at(store.new_generation(tmp_path))
    segment, n = bulk.build_part(built, docs)
    bulk.commit(built, [segment])
    assert n == len(docs) == 12
    ours = _content(whoosh_index.open_dir(built.storage.folder))
    assert ours == _content(whoosh_index.open_dir(plain.storage.folder))
    assert ours["postings"] and ours["docs"]


def test_a_rebuild_over_worker_processes_finds_the_same(app, monkeypatch):
    _some_recommendations()
    queries = ["space", "data sharing", "宇宙状況", '"situational awareness"', "satellite debris"]
    sync.rebuild(procs=1)
    one = [search.search(q, per_page=None) for q in queries]
    monkeypatch.setattr(sync, "PARALLEL_MIN_DOCS", 0)
    progress = []
    assert sync.rebuild(progress=progress.append, procs=3) == 12
    assert sum(progress) == 12
    ix = store.open_index(Path(app.config["SEARCH_INDEX_DIR"]))
    assert len(ix._segments()) == 3
    several = [search.search(q, per_page=None) for q in queries]
    assert [(r.ids, r.total, r.facets) for r in several] == [(r.ids, r.total, r.facets) for r in one]
    assert all(r.total for r in one)
    assert search.drift() == {"missing": [], "stale": [], "orphan": []}


def test_a_failing_worker_fails_the_rebuild_and_keeps_the_current_index(app, monkeypatch):
    _some_recommendations()
    sync.rebuild(procs=1)
    base = Path(app.config["SEARCH_INDEX_DIR"])
    before = store.current_path(base)
    folders = sorted(base.glob("gen-*"))
    monkeypatch.setattr(sync, "PARALLEL_MIN_DOCS", 0)
    real = bulk.build
    monkeypatch.setattr(bulk, "build", lambda ix, docs, bounds, _url, progress=None: real(
        ix, docs, bounds, "sqlite:////nonexistent/folder/db.sqlite3", progress))
    try:
        sync.rebuild(procs=2)
    except RuntimeError as exc:
        assert "worker failed" in str(exc)
    else:
        raise AssertionError("the rebuild should fail")
    assert store.current_path(base) == before
    assert sorted(base.glob("gen-*")) == folders  # the unfinished generation is gone
    assert len(set(search.search("space", per_page=None).ids)) == 12
