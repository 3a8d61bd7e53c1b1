"""The partner-field declaration (tracker/domain/partner_fields.py) is the one list of what a
partner sees: the OpenAPI schemas, the API's responses and the public export all follow it."""

import csv
import importlib
import io
import json
from datetime import date

import pytest

from tests.support import factories
from tracker.api.openapi import spec
from tracker.domain import partner_fields as pf
from tracker.extensions import db
from tracker.services.dataio import exporter, import_rows
from tracker.services.recommendations.status import record_status_change, retract_status_change


def schema_keys(name: str) -> list[str]:
    return list(spec()["components"]["schemas"][name]["properties"])


def test_every_declared_shape_is_an_openapi_schema_with_the_same_keys_in_order():
    for name, shape in pf.SHAPES.items():
        assert schema_keys(name) == list(shape.names), name
        assert spec()["components"]["schemas"][name]["required"] == list(shape.names), name


def test_declaration_is_complete_and_well_formed():
    for shape in [*pf.SHAPES.values(), pf.PUBLIC_EXPORT]:
        assert len(set(shape.names)) == len(shape.names), shape.name
        for field in shape.fields:
            assert field.description, (shape.name, field.name)
            assert field.type in pf.TYPES or field.type in pf.SHAPES, (shape.name, field.name)
            assert (field.type == "enum") == (field.enum is not None), (shape.name, field.name)
    assert [f.name for f in pf.RECOMMENDATION.fields if f.bilingual] == ["title", "text"]


def _walk(body: dict, shape: pf.Shape, seen: set) -> None:
    """Assert ``body`` has exactly the declared keys, in order, recursively."""
    assert list(body) == list(shape.names), (shape.name, list(body))
    seen.add(shape.name)
    for field in shape.fields:
        nested = pf.SHAPES.get(field.type)
        value = body[field.name]
        if nested is None or value is None:
            continue
        for item in value if field.many else [value]:
            _walk(item, nested, seen)


def test_api_responses_have_exactly_the_declared_keys(api, api_world):
    w = api_world
    [wrong] = record_status_change(w.r_parent, "not_adopted", date(2024, 7, 1), "Wrong entry.")
    db.session.commit()
    retract_status_change(wrong, "Entered by mistake.", user=factories.UserFactory(role="admin"))
    db.session.commit()
    seen: set = set()
    for item in api.json("/api/v1/recommendations")["data"]:
        _walk(item, pf.RECOMMENDATION, seen)
    _walk(api.json(f"/api/v1/recommendations/{w.r_child.reference}")["data"],
          pf.RECOMMENDATION_DETAIL, seen)
    for entry in api.json(f"/api/v1/recommendations/{w.r_child.reference}/history")["data"]:
        _walk(entry, pf.HISTORY_ENTRY, seen)
    events = api.json("/api/v1/changes")["data"]
    assert {e["kind"] for e in events} == {"change", "retraction"}
    for event in events:
        _walk(event, pf.CHANGE_EVENT, seen)
    for path, shape in (("topics", pf.TOPIC), ("lines-of-effort", pf.LINE_OF_EFFORT),
                        ("events", pf.EVENT), ("publications", pf.PUBLICATION),
                        ("statuses", pf.STATUS)):
        items = api.json(f"/api/v1/{path}")["data"]
        assert items, path
        for item in items:
            _walk(item, shape, seen)
    assert seen == set(pf.SHAPES)  # every declared shape was met in a real response


def test_public_export_columns_are_the_declared_ones(api_world):
    assert exporter.PUBLIC_COLUMNS == list(pf.PUBLIC_EXPORT.names)
    assert set(exporter.PUBLIC_COLUMNS) <= set(import_rows.COLUMNS)  # so it re-imports
    rows = list(csv.DictReader(io.StringIO(exporter.export_public("csv").decode("utf-8-sig"))))
    assert rows and list(rows[0]) == list(pf.PUBLIC_EXPORT.names)
    doc = json.loads(exporter.export_public("json"))
    item = doc["recommendations"][0]
    assert set(item) - {"history"} <= set(pf.PUBLIC_EXPORT.names)


@pytest.fixture
def import_format_with_new_internal_column(monkeypatch):
    """The import format gains an internal column (and the exporter is built again)."""
    monkeypatch.setattr(import_rows, "COLUMNS", (*import_rows.COLUMNS, "internal_risk_score"))
    importlib.reload(exporter)
    yield
    monkeypatch.undo()
    importlib.reload(exporter)


def test_a_new_internal_import_column_never_becomes_public(
        api_world, import_format_with_new_internal_column):
    assert "internal_risk_score" in exporter.STAFF_COLUMNS
    assert exporter.PUBLIC_COLUMNS == list(pf.PUBLIC_EXPORT.names)
    header = exporter.export_public("csv").decode("utf-8-sig").splitlines()[0]
    assert "internal_risk_score" not in header
    assert header.split(",") == list(pf.PUBLIC_EXPORT.names)


def test_serializers_emit_declared_fields_only_and_refuse_an_undeclared_gap():
    from tracker.api.serializers import _build

    shape = pf.Shape("Toy", "A test shape.", (pf.Field("a", "integer", "A."),
                                                  pf.Field("b", "string", "B.")))
    toy = _build(shape, "row", {"b": "row['b']", "a": "row['a']", "secret": "row['secret']"})
    assert list(toy({"a": 1, "b": "x", "secret": "s"}).items()) == [("a", 1), ("b", "x")]
    with pytest.raises(RuntimeError, match="b"):
        _build(shape, "row", {"a": "row['a']"})


def test_every_declared_example_is_valid_against_the_openapi_schema():
    import jsonschema

    document = spec()
    for name, shape in pf.SHAPES.items():
        jsonschema.validate(
            pf.example(shape), {"$ref": f"#/components/schemas/{name}",
                                "components": document["components"]},
            cls=jsonschema.Draft202012Validator, format_checker=jsonschema.FormatChecker(),
        )
