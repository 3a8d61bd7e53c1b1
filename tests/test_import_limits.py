"""Bounded imports and one set of field limits (issue 21): malformed or oversized files get
a per-file error, never a 500; imported text obeys the same limits as the forms."""

import codecs
import io
import json
import zipfile
from datetime import date

import pytest
from openpyxl import Workbook

from tests.conftest import csrf_token_from
from tests.support import factories
from tests.support.imports import run
from tracker.domain import limits
from tracker.services.dataio import tabular


@pytest.fixture
def topic():
    return factories.TopicAreaFactory(slug="export-controls", name_en="Export controls")


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _replace_part(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(member, content if member.filename == name else source.read(member))
    return out.getvalue()


HEADER = ["title_en", "topic", "status", "status_date", "status_note"]


def _problem(data: bytes, filename: str) -> str:
    with pytest.raises(tabular.FileProblem) as caught:
        tabular.read_table(data, filename)
    return caught.value.message


def test_xlsx_that_expands_to_too_many_rows_is_refused_while_streaming():
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>x</t></is></c></row>'
                   for n in range(1, limits.MAX_IMPORT_ROWS + 100))
    sheet = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             b'spreadsheetml/2006/main"><sheetData>' + rows.encode() + b"</sheetData></worksheet>")
    data = _replace_part(_xlsx([HEADER]), "xl/worksheets/sheet1.xml", sheet)
    assert len(data) < 300_000  # small on the wire, large once expanded
    assert "more than" in _problem(data, "bomb.xlsx")


def test_xlsx_uncompressed_size_is_bounded(monkeypatch):
    monkeypatch.setattr(limits, "MAX_XLSX_UNCOMPRESSED", 2000)
    data = _xlsx([HEADER, *[["A long enough title " * 5, "export-controls"]] * 50])
    assert "expands to more than" in _problem(data, "big.xlsx")


def test_xlsx_with_an_entity_declaration_is_refused():
    sheet = (b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa">]>'
             b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b"<sheetData/></worksheet>")
    data = _replace_part(_xlsx([HEADER]), "xl/worksheets/sheet1.xml", sheet)
    assert "entities" in _problem(data, "entity.xlsx")


def test_xlsx_with_broken_xml_is_a_file_problem():
    data = _replace_part(_xlsx([HEADER, ["x"]]), "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row>")
    assert "not a readable Excel" in _problem(data, "broken.xlsx")


def test_deeply_nested_json_is_a_file_problem():
    assert "nested too deeply" in _problem(b"[" * 100_000 + b"]" * 100_000, "deep.json")
    assert "nested too deeply" in _problem(json.dumps([{"title_en": [[[[[[[[["x"]]]]]]]]]}]).encode(), "d.json")


@pytest.mark.parametrize("history", ['"proposed"', "[1, 2]", '[["a"]]'])
def test_json_history_must_be_a_list_of_objects(history):
    data = ('[{"title_en": "x", "topic": "export-controls", "history": ' + history + "}]").encode()
    assert "history" in _problem(data, "h.json")


def test_imported_text_obeys_the_form_length_limit(topic):
    data = json.dumps([{"title_en": "Giant", "topic": "export-controls", "text_en": "a" * (limits.MAX_TEXT + 1)}])
    plan, _ = run(data, "giant.json")
    assert not plan.ok
    assert any(p.column == "text_en" and str(limits.MAX_TEXT) in p.reason for p in plan.problems)


def test_imported_control_characters_are_refused_per_row(topic):
    plan, _ = run("title_en,topic\nBad\x01title,export-controls\n")
    assert not plan.ok and plan.problems[0].column == "title_en"
    assert "control character" in plan.problems[0].reason


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31"])
def test_imported_status_dates_before_1900_are_refused(topic, day):
    plan, _ = run(f"title_en,topic,status,status_date,status_note\nOld,export-controls,proposed,{day},n\n")
    assert not plan.ok and plan.problems[0].column == "status_date"


def test_status_form_refuses_dates_before_1900(client, auth):
    rec = factories.RecommendationFactory(history=[(date(2024, 1, 5), "under_consideration", "Acknowledged.")])
    auth.login("researcher")
    page = client.get(f"/recommendations/{rec.reference}/status/new")
    response = client.post(f"/recommendations/{rec.reference}/status", data={
        "csrf_token": csrf_token_from(page), "to_status": "in_progress", "effective_on": "0001-01-01",
        "public_note": "Backdated far too far."})
    assert response.status_code == 422  # the form again, with the error next to the date
    assert "1900-01-01" in response.get_data(as_text=True)


def test_upload_of_a_broken_workbook_shows_a_file_error(client, auth):
    auth.login("researcher")
    token = csrf_token_from(client.get("/import"))
    response = client.post("/import", data={"csrf_token": token,
                                            "file": (io.BytesIO(b"PK\x03\x04broken"), "broken.xlsx")})
    assert response.status_code == 400
    assert "not a readable Excel" in response.get_data(as_text=True)


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8], ids=["plain", "bom"])
def test_a_csv_with_mixed_encodings_is_a_clear_file_error(bom):
    """Issue 20: lines pasted from a UTF-8 file and a Shift-JIS file. Before, the file was
    read as Windows-1252 (garbling the Japanese of every line) or, with a BOM, failed with
    an unhandled UnicodeDecodeError."""
    data = bom + (b"title_en,title_ja,topic\n"
                  + "A,輸出管理,t\n".encode()
                  + "B,輸出管理,t\n".encode("cp932"))
    with pytest.raises(tabular.FileProblem) as caught:
        tabular.read_table(data, "mixed.csv")
    assert "mixes text encodings" in caught.value.message
    assert "line(s) 2 are UTF-8, line(s) 3 are not" in caught.value.message


def test_a_consistent_shift_jis_csv_is_still_read():
    data = "title_en,title_ja,topic\nB,輸出管理,t\nC,ﾃﾞｰﾀ,t\n".encode("cp932")
    table = tabular.read_table(data, "sjis.csv")
    assert table.encoding == "cp932" and table.rows[1][1]["title_ja"] == "ﾃﾞｰﾀ"
