"""``?lang=en|ja``: single-language strings instead of ``{"en", "ja"}`` objects, driven by
the bilingual flag of ``domain.partner_fields``; the default stays both languages."""

from tracker.domain import partner_fields


def _bilingual_paths(shape, prefix=()):
    for f in shape.fields:
        if f.bilingual:
            yield (*prefix, f.name)
        elif f.type in partner_fields.SHAPES and not f.many:
            yield from _bilingual_paths(partner_fields.SHAPES[f.type], (*prefix, f.name))


def _at(value, path):
    for key in path:
        if value is None:
            return None
        value = value[key]
    return value


def test_lang_gives_one_string_per_bilingual_field_of_a_recommendation(api, api_world):
    ref = api_world.r_child.reference
    both = api.json(f"/api/v1/recommendations/{ref}")["data"]
    assert both["title"] == {"en": "Coordinate export controls", "ja": "輸出管理の連携"}
    for lang in ("en", "ja"):
        one = api.json(f"/api/v1/recommendations/{ref}?lang={lang}")["data"]
        paths = list(_bilingual_paths(partner_fields.RECOMMENDATION_DETAIL))
        assert ("topic", "line_of_effort", "name") in paths
        for path in paths:
            pair = _at(both, path)
            if pair is not None:
                assert _at(one, path) == (pair[lang] or pair["en" if lang == "ja" else "ja"]), path
        assert one["title"] == both["title"][lang]
        assert one["history"] == both["history"] and one["status"] == both["status"]


def test_lang_on_lists_and_catalog(api, api_world):
    page = api.json("/api/v1/recommendations?lang=ja&sort=reference")
    titles = {r["reference"]: r["title"] for r in page["data"]}
    assert titles[api_world.r_child.reference] == "輸出管理の連携"
    assert "lang=ja" in (page["links"]["first"])
    statuses = api.json("/api/v1/statuses?lang=ja")["data"]
    assert all(isinstance(s["label"], str) for s in statuses)
    assert api.json("/api/v1/statuses")["data"][0]["label"].keys() == {"en", "ja"}
    for path in ("/api/v1/topics", "/api/v1/lines-of-effort", "/api/v1/events", "/api/v1/publications"):
        items = api.json(f"{path}?lang=en")["data"]
        assert items and all(not isinstance(v, dict) for item in items for v in item.values()), path


def test_missing_japanese_falls_back_to_english(api, api_world):
    ref = api_world.r_other.reference  # no Japanese title
    both = api.json(f"/api/v1/recommendations/{ref}")["data"]
    assert both["title"]["ja"] is None
    assert api.json(f"/api/v1/recommendations/{ref}?lang=ja")["data"]["title"] == "Combined command"


def test_a_bad_lang_is_a_400(api, api_world):
    for query in ("lang=fr", "lang=en&lang=ja", "lang="):
        response = api.get(f"/api/v1/recommendations?{query}")
        assert response.status_code == 400, query
        assert response.get_json()["error"]["details"]["parameter"] == "lang"
    assert api.get("/api/v1/feeds/changes.atom?lang=en").status_code == 400
