"""The fast paths (``tracker.search.fast``) give what plain Whoosh gives.

One corpus of 2,400 recommendations (English and Japanese; frequent terms hold well over
256 postings, so their lists span several 128-posting blocks) is indexed twice: by the
fast segment builder (in two segments, one written by a worker process) and by Whoosh's
own writer. The two indexes must hold the same terms, postings, stored fields, lengths
and columns. Then every query case — words, phrases, boolean queries, wildcards,
Japanese fragments and bigram phrases, one-character and half-width queries, references, filters, facets, each sort, pages,
unranked id lists — runs through the public ``search()`` on both indexes with
``SEARCH_FAST_PATHS`` on and off: the same ids in the same order, totals, scores (within
1e-6), facet counts, highlighted snippets and suggestions as plain Whoosh on the index
plain Whoosh wrote. After updates and removals (deleted documents, a new segment) the
fast and plain paths must still agree on each index.
"""

import math
import os
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from tests.support import factories as f
from tracker import search
from tracker.extensions import db
from tracker.models import Recommendation, RecommendationAddressee
from tracker.search import store, sync
from tracker.search.analyzer import ANALYZER

pytestmark = pytest.mark.slow
# The corpus lives in a database of its own: on SQLite a file beside the session app's; a
# DATABASE_URL (PostgreSQL) run has only one database, which the other tests empty after
# each test. The comparison is of index files and queries: the dialect changes nothing.
own_database = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")),
                                  reason="needs a database of its own (SQLite)")

DOCS = 2400
EN_COMMON = ["alliance", "security", "cooperation", "should", "strengthen", "governments",
             "information", "sharing", "joint", "policy"]
EN_RARE = ["cyber", "space", "supply", "chain", "export", "controls", "semiconductors",
           "resilience", "deterrence", "maritime", "energy", "quantum", "talent", "exchange",
           "research", "critical", "minerals", "satellite", "exercise", "command", "standards",
           "digital", "currency", "undersea", "cable", "biotechnology", "investment",
           "screening", "coast", "guard", "logistics", "interoperability"]
JA_PHRASES = ["輸出管理", "サイバーセキュリティ", "宇宙状況把握", "経済安全保障", "半導体",
              "人材交流", "同盟", "抑止力", "海洋安全保障", "エネルギー安全保障", "情報共有",
              "重要鉱物", "サプライチェーン", "量子技術", "ﾃﾞｰﾀ連携", "ネットワーク", "政策提言",
              "政策協調", "日米"]
JA_GLUE = ["の", "を", "と", "に", "で", "は"]
STATUSES = ["draft", "proposed", "under_consideration", "in_progress", "implemented",
            "not_adopted"]
ADDRESSEES = ["us_government", "government_of_japan", "both_governments", "private_sector",
              "multilateral"]


def _english(rng, n):
    words = []
    for _ in range(n):
        pool = EN_COMMON if rng.random() < 0.45 else EN_RARE
        words.append(rng.choice(pool[: max(2, int(len(pool) * rng.random() ** 0.5))]))
    if rng.random() < 0.2:
        words.insert(rng.randrange(len(words) + 1), "*joint* [exercise](https://example.org/x)")
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words) + 1), "supply chain")
    return " ".join(words).capitalize() + "."


def _japanese(rng, n):
    return "".join(rng.choice(JA_PHRASES) + rng.choice(JA_GLUE) for _ in range(n)) + "。"


def _make_corpus():
    """Topics (with parents and lines), events, publications, then recommendations and
    their addressees inserted as plain rows (no session hooks: the tests build the index)."""
    rng = random.Random(20240515)
    track_rng = random.Random(16)  # apart, so the rest of the corpus stays as it was
    tech = f.LineOfEffortFactory(slug="tech", name_en="Technology", name_ja="技術")
    econ = f.TopicAreaFactory(slug="economic-security", name_en="Economic security",
                              name_ja="経済安全保障", line_of_effort=tech)
    topics = [econ,
              f.TopicAreaFactory(slug="export-controls", name_en="Export controls",
                                 name_ja="輸出管理", parent=econ, line_of_effort=tech),
              f.TopicAreaFactory(slug="space", name_en="Space", name_ja="宇宙"),
              f.TopicAreaFactory(slug="cyber", name_en="Cybersecurity", name_ja="サイバー"),
              f.TopicAreaFactory(slug="maritime", name_en="Maritime security", name_ja="海洋")]
    events = [None, f.EventFactory(title_en="Tokyo dialogue", title_ja="東京対話"),
              f.EventFactory(title_en="Washington roundtable")]
    publications = [None, f.PublicationFactory(title_en="Alliance report 2023"),
                    f.PublicationFactory(title_en="Technology policy brief", title_ja="技術政策")]
    now = datetime.now(UTC).replace(tzinfo=None)
    recs, addressees = [], []
    for i in range(1, DOCS + 1):
        year = 2021 + i % 5
        recs.append({
            "id": i, "reference": f"NEXT-{year}-{i:04d}",
            "title_en": _english(rng, rng.randint(3, 8)) if rng.random() < 0.9 else None,
            "title_ja": _japanese(rng, rng.randint(1, 3)) if rng.random() < 0.6 else None,
            "text_en": _english(rng, rng.randint(5, 60)) if rng.random() < 0.85 else None,
            "text_ja": _japanese(rng, rng.randint(2, 12)) if rng.random() < 0.6 else None,
            "priority": rng.random() < 0.2,
            "topic_id": rng.choice(topics).id,
            "event_id": getattr(rng.choice(events), "id", None),
            "publication_id": getattr(rng.choice(publications), "id", None),
            "status": rng.choice(STATUSES),
            "status_since": date(2021, 1, 1) + timedelta(days=rng.randrange(1500)),
            "created_at": now, "updated_at": now, "version": 1,
            "archived_at": now if rng.random() < 0.01 else None,
        })
        if recs[-1]["title_en"] is None and recs[-1]["title_ja"] is None:
            recs[-1]["title_en"] = "Untitled " + rng.choice(EN_RARE)
        for key in rng.sample(ADDRESSEES, rng.randint(0, 3)):  # each a track with a status
            addressees.append({"recommendation_id": i, "addressee": key,
                               "status": track_rng.choice(STATUSES)})
    db.session.execute(Recommendation.__table__.insert(), recs)
    db.session.execute(RecommendationAddressee.__table__.insert(), addressees)
    db.session.commit()
    return recs


def _case(text="", **kwargs):
    return {"text": text, **kwargs}


CASES = [
    # single words, English and Japanese
    *(_case(w) for w in ["alliance", "security", "cyber", "export", "controlling",
                         "semiconductors", "quantum", "resilience", "maritime", "undersea"]),
    *(_case(w) for w in ["輸出管理", "サイバー", "宇宙", "経済安全保障", "人材交流", "半導体",
                         "日米", "量子"]),
    # several words (all must match), mixed languages, a reference
    _case("supply chain"), _case("export controls semiconductors"),
    _case("space security cooperation"), _case("cyber 輸出管理"), _case("space 宇宙"),
    _case("NEXT-2023-0017"), _case("next-2024-0123"),
    # phrases, including Japanese bigram phrases
    _case('"supply chain"'), _case('"information sharing"'), _case('"joint exercise"'),
    _case('"chain supply"'), _case('"情報共有"'), _case('"宇宙状況把握"'),
    _case("宇宙状況把握の情報共有"),
    # boolean
    _case("cyber OR space"), _case("alliance AND deterrence"), _case("export NOT semiconductors"),
    _case("(cyber OR space) AND resilience"), _case("alliance NOT cyber NOT space"),
    _case("quantum OR maritime OR energy"), _case('"supply chain" OR undersea'),
    _case("同盟 OR 抑止力"), _case("輸出管理 NOT 半導体"), _case("NOT alliance"),
    # wildcards
    _case("semicon*"), _case("resil* OR quant*"),
    # filters, facets
    _case("security", filters={"status": ["in_progress", "implemented"]}),
    _case("alliance", filters={"topic": ["economic-security"]}),
    _case("輸出管理", filters={"line": ["tech"], "priority": ["1"]}),
    _case("", filters={"addressee": ["private_sector"], "year": ["2024"]}),
    _case("cyber", filters={"status": ["draft"], "topic": ["cyber", "space"],
                            "addressee": ["us_government"]}),
    _case("quantum", filters={"status": ["superseded"]}),  # excludes every match
    _case("", filters={"priority": ["1"]}),
    _case("", filters={"track_status": ["government_of_japan:implemented"]}),
    _case("security", filters={"track_status": ["us_government:in_progress",
                                                "us_government:implemented"],
                               "addressee": ["government_of_japan"]}),
    # each sort order, pages
    _case("", sort="newest"), _case("", sort="oldest", page=3, per_page=10),
    _case("security", sort="newest", per_page=50), _case("輸出管理", sort="oldest"),
    _case("alliance", page=2, per_page=10), _case("alliance", page=40, per_page=10),
    _case("cyber OR space", per_page=None), _case("", per_page=None, sort="newest"),
    _case("security", page=5, per_page=7, filters={"status": ["proposed"]}),
    # every match, unranked (the list's and the API's ``q``); the public scope
    _case("alliance", per_page=None, ranked=False, facets=False),
    _case("輸出管理 OR cyber", per_page=None, ranked=False),
    _case("alliance cooperation", scope="public"),
    # "did you mean"
    _case("semicondutors"), _case("allience cooperaton"),
    # Japanese: one character (unigrams), widths (NFKC), phrase highlights
    _case("米"), _case("海"), _case("策"), _case("海 OR 政策"), _case("米 cyber"),
    _case("ﾈｯﾄ"), _case("データ"), _case("ﾃﾞｰﾀ連携"), _case("ＣＹＢＥＲ"), _case("２０２３"),
    _case("政策協"), _case('"政策協調"'), _case("安全保"), _case('"supply chain" 政策'),
]
assert len(CASES) >= 50


def _run(case) -> search.SearchResult:
    args = dict(case)
    return search.search(args.pop("text"), **args)


def _comparable(result: search.SearchResult) -> dict:
    return {"ids": result.ids, "total": result.total, "pages": result.pages,
            "facets": result.facets, "suggestion": result.suggestion,
            "snippets": {k: [(s.field, s.lang, str(s.html)) for s in v]
                         for k, v in result.snippets.items()},
            "scores": len(result.scores), "catching_up": result.catching_up}


def _differences(got: search.SearchResult, want: search.SearchResult) -> list[str]:
    out = []
    a, b = _comparable(got), _comparable(want)
    for key in a:
        if a[key] != b[key]:
            out.append(f"{key}: {str(a[key])[:300]} != {str(b[key])[:300]}")
    for i, (x, y) in enumerate(zip(got.scores, want.scores, strict=False)):
        if not math.isclose(x, y, rel_tol=0, abs_tol=1e-6):
            out.append(f"score of hit {i}: {x} != {y}")
            break
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """``(app, {"fast": index folder built by the fast path, "plain": by Whoosh's writer})``
    on a database of its own (kept for the whole module)."""
    from tests.conftest import make_test_app

    tmp = tmp_path_factory.mktemp("fast-paths")
    app = make_test_app(tmp, SEARCH_SYNC_INTERVAL=3600.0)
    folders = {"fast": str(tmp / "index-fast"), "plain": str(tmp / "index-plain")}
    with app.app_context():
        _make_corpus()
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(sync, "PARALLEL_MIN_DOCS", 0)
            for how, folder in folders.items():
                mp.setitem(app.config, "SEARCH_INDEX_DIR", folder)
                mp.setitem(app.config, "SEARCH_FAST_PATHS", how == "fast")
                assert sync.rebuild(procs=2) == sum(1 for r in db.session.execute(
                    select(Recommendation.id).where(Recommendation.archived_at.is_(None))))
        yield app, folders
        db.session.remove()
        db.engine.dispose()


def _use(app, monkeypatch, folder: str, fast: bool) -> None:
    monkeypatch.setitem(app.config, "SEARCH_INDEX_DIR", folder)
    monkeypatch.setitem(app.config, "SEARCH_FAST_PATHS", fast)


def _all_postings(m):
    while m.is_active():
        yield m.id(), m.weight(), m.value()
        m.next()


def _content(folder: str) -> dict:
    ix = store.open_index_at(store.current_path(Path(folder)))
    with ix.searcher() as searcher:
        reader = searcher.reader()
        postings = {}
        for field, term in reader.all_terms():
            info = reader.term_info(field, term)
            postings[field, term] = (
                info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                info.max_weight(), info.min_id(), info.max_id(),
                list(_all_postings(reader.postings(field, term))))
        return {"postings": postings, "docs": list(reader.all_stored_fields()),
                "lengths": [reader.doc_field_length(d, "text") for d in range(reader.doc_count_all())],
                "dates": list(reader.column_reader("status_date")),
                "field_length": reader.field_length("text"),
                "segments": len(ix._segments())}


@own_database
def test_the_fast_builder_writes_what_whoosh_writes(corpus):
    _app, folders = corpus
    fast, plain = _content(folders["fast"]), _content(folders["plain"])
    assert (fast.pop("segments"), plain.pop("segments")) == (2, 1)
    assert fast["postings"].keys() == plain["postings"].keys()
    for key, value in plain["postings"].items():
        assert fast["postings"][key] == value, key
    assert fast == plain
    frequent = [k for k, v in plain["postings"].items() if k[0] == "text" and v[1] > 256]
    assert len(frequent) >= 10  # lists over several posting blocks
    words = {t.text for w in ("alliance", "security", "輸出管理", "宇宙") for t in ANALYZER(w)}
    assert words <= {t.decode() for _f, t in frequent}


@own_database
@pytest.mark.parametrize("index", ["plain", "fast"])
def test_each_query_gives_what_plain_whoosh_gives(corpus, monkeypatch, index):
    """On the index written by the plain (or the fast) path, each case through the fast
    and the plain query path equals plain Whoosh on the plain-written index."""
    app, folders = corpus
    failures = []
    with app.app_context():
        for case in CASES:
            _use(app, monkeypatch, folders["plain"], fast=False)
            want = _run(case)
            for fast in (False, True) if index == "fast" else (True,):
                _use(app, monkeypatch, folders[index], fast=fast)
                for problem in _differences(_run(case), want):
                    failures.append(f"{case} (index {index}, fast={fast}): {problem}")
            db.session.remove()
    assert not failures, "\n".join(failures[:20])


@own_database
def test_cases_are_not_trivial(corpus, monkeypatch):
    app, folders = corpus
    with app.app_context():
        _use(app, monkeypatch, folders["plain"], fast=False)
        results = [_run(case) for case in CASES]
        db.session.remove()
    assert sum(1 for r in results if r.total > 10) >= 35
    assert sum(1 for r in results if r.snippets) >= 25
    assert sum(1 for r in results if r.total == 0) <= 4
    assert any(r.suggestion for r in results)
    ranked = [r for r, c in zip(results, CASES, strict=True) if c.get("sort", "relevance")
              == "relevance" and r.ids]
    # scores differ within a page (no all-equal ranking that could hide a wrong order)
    assert sum(1 for r in ranked if len(set(r.scores)) > 3) >= 20


@own_database
def test_fast_and_plain_agree_after_updates_and_removals(corpus, monkeypatch):
    """Deleted documents in old segments and a new segment (``sync.apply``)."""
    app, folders = corpus
    failures = []
    with app.app_context():
        rng = random.Random(7)
        changed = rng.sample(range(1, DOCS + 1), 150)
        later = datetime.now(UTC).replace(tzinfo=None) + timedelta(seconds=1)
        for i, rec_id in enumerate(changed):
            values = {"updated_at": later, "title_en": f"Quantum alliance update {i}"}
            if i % 10 == 0:
                values["archived_at"] = later
            table = Recommendation.__table__
            db.session.execute(update(table).where(table.c.id == rec_id).values(**values))
        db.session.commit()
        for how in ("fast", "plain"):
            _use(app, monkeypatch, folders[how], fast=how == "fast")
            sync.apply(changed)
        for how in ("fast", "plain"):
            ix = store.open_index_at(store.current_path(Path(folders[how])))
            with ix.searcher() as searcher:
                assert searcher.reader().has_deletions()
            for case in CASES[::2]:
                _use(app, monkeypatch, folders[how], fast=False)
                want = _run(case)
                _use(app, monkeypatch, folders[how], fast=True)
                for problem in _differences(_run(case), want):
                    failures.append(f"{case} (index {how}, updated): {problem}")
                db.session.remove()
    assert not failures, "\n".join(failures[:20])


def test_another_whoosh_version_falls_back_to_plain_whoosh(app, monkeypatch, caplog):
    """The fast paths check the installed Whoosh when imported: another version than the
    one they were proven against turns them off (with a warning), whatever the setting."""
    import importlib

    import whoosh

    from tracker.search import fast

    assert fast.PROVEN_WHOOSH == fast.INSTALLED_WHOOSH == "2.7.5"  # pyproject.toml's pin
    assert fast.active()
    monkeypatch.setitem(app.config, "SEARCH_FAST_PATHS", False)
    assert not fast.active()
    monkeypatch.setitem(app.config, "SEARCH_FAST_PATHS", True)
    monkeypatch.setattr(whoosh, "versionstring", lambda *a, **k: "2.7.6")
    try:
        importlib.reload(fast)
        assert not fast.USABLE and not fast.active()
        assert "proven against 2.7.5" in caplog.text
        rec = f.RecommendationFactory(title_en="Hypersonic defence cooperation")
        assert search.rebuild() == 1
        assert search.search("hypersonic").ids == [rec.id]
    finally:
        monkeypatch.undo()
        importlib.reload(fast)
    assert fast.USABLE


def test_whoosh_is_pinned_exactly():
    text = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text()
    assert '"Whoosh-Reloaded==2.7.5",' in text
