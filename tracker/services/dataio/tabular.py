"""Reading and writing spreadsheets: CSV in the encodings Excel produces, ``.xlsx`` and JSON.

Reading gives a ``Table`` (headers and rows of text, with their spreadsheet row numbers);
writing takes headers and rows of values. Cells that a spreadsheet would run as a formula
are escaped on the way out (prefixed with ``'``) and unescaped on the way in.
"""

import codecs
import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _

from ...domain import limits

# OWASP's list of characters that make a spreadsheet treat a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TEXT_EXTENSIONS = {"csv", "tsv", "txt"}
EXTENSIONS = TEXT_EXTENSIONS | {"xlsx", "json"}


class FileProblem(Exception):
    """The file as a whole cannot be read; ``message`` says why, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """Rows of a file. ``rows`` pairs each spreadsheet row number (the header is row 1)
    with a ``{header: text}`` mapping; empty rows are left out."""

    headers: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    encoding: str | None = None


def escape_formula(value):
    """A cell value that no spreadsheet will execute: text starting like a formula gets a
    leading ``'``. Other values pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unescape_formula(text: str) -> str:
    """Undo ``escape_formula`` (only a ``'`` followed by a formula character is removed)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def read_table(data: bytes, filename: str) -> Table:
    """Parse an uploaded file by its extension.

    :raise FileProblem: for a type we do not read, an empty file, or unreadable content.
    """
    ext = extension(filename)
    if ext not in EXTENSIONS:
        raise FileProblem(
            _("“%(name)s” is not a file we can import: use CSV (.csv, .txt, .tsv), "
              "Excel (.xlsx) or JSON (.json).", name=filename)
        )
    if not data.strip():
        raise FileProblem(_("The file is empty."))
    if ext == "xlsx":
        table = _read_xlsx(data)  # streamed, bounded (see _read_xlsx)
    elif ext == "json":
        table = _read_json(data)
    else:
        table = _read_csv(data)
    if not table.rows:
        raise FileProblem(_("The file has a header row but no data rows."))
    return table


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was in: UTF-16 or UTF-8 when marked by a BOM (Excel's
    "Unicode text" is UTF-16 with tabs), UTF-8, then Shift-JIS (cp932, Excel's default on
    Japanese Windows), then Windows-1252 (Excel's Western default).

    :raise FileProblem: for mixed encodings (``_refuse_mixed``) or none of these."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:  # marked UTF-8, but some lines are not
            _refuse_mixed(data)
            raise FileProblem(_("The file is marked as UTF-8 but is not; save it again as "
                                "“CSV UTF-8”.")) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    _refuse_mixed(data)
    for encoding in ("cp932", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise FileProblem(_("The file's text encoding is not one we recognise; save it as CSV UTF-8."))


def _refuse_mixed(data: bytes) -> None:
    """A file that is not UTF-8 as a whole but has lines that are (non-ASCII text that
    decodes as UTF-8) next to lines that are not: text pasted together from a UTF-8 file
    and a Shift-JIS or Windows-1252 one. Decoding it either way would garble one part.

    :raise FileProblem: naming the first lines of each kind.
    """
    utf8, other = [], []
    data = data.removeprefix(codecs.BOM_UTF8)
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            other.append(number)
        else:
            utf8.append(number)
    if utf8 and other:
        raise FileProblem(_(
            "The file mixes text encodings: line(s) %(utf8)s are UTF-8, line(s) %(other)s are "
            "not (Shift-JIS or Windows-1252?). Nothing was imported; save the whole file again "
            "as “CSV UTF-8”.", utf8=_lines(utf8), other=_lines(other)))


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:5]))
    return shown + (" …" if len(numbers) > 5 else "")


def _read_csv(data: bytes) -> Table:
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileProblem(_("This looks like a binary file, not CSV text."))
    text, encoding = decode_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max(("\t", ",", ";"), key=first_line.count)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise FileProblem(_("The CSV could not be read: %(error)s.", error=exc)) from exc
    return _table(records, encoding)


def _check_xlsx_package(data: bytes) -> None:
    """Refuse a workbook that would expand past ``MAX_XLSX_UNCOMPRESSED`` or whose XML
    declares a DTD or entities (entity expansion is never needed by a real workbook)."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        members = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileProblem(_("This is not a readable Excel (.xlsx) workbook.")) from exc
    if sum(m.file_size for m in members) > limits.MAX_XLSX_UNCOMPRESSED:
        raise FileProblem(_("This workbook expands to more than %(mb)d MB; split it into smaller files.",
                            mb=limits.MAX_XLSX_UNCOMPRESSED // (1024 * 1024)))
    for member in members:
        if member.filename.endswith((".xml", ".rels")):
            with package.open(member) as part:
                head = part.read(4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise FileProblem(_("This workbook declares XML entities, which are not allowed."))


def _read_xlsx(data: bytes) -> Table:
    """The first sheet, read in openpyxl's streaming (read-only) mode and stopped as soon
    as it passes the row limit, so a small file that expands to millions of rows costs
    no more than the limit."""
    from openpyxl import load_workbook

    _check_xlsx_package(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken package or XML
        raise FileProblem(_("This is not a readable Excel (.xlsx) workbook.")) from exc
    records = []
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True, max_col=limits.MAX_IMPORT_COLUMNS + 1):
            cells = [_cell_text(v) for v in row]
            while cells and not cells[-1]:
                cells.pop()  # streaming pads every row to max_col
            records.append(cells)
            if len(records) > limits.MAX_IMPORT_ROWS + 1:
                break
    except FileProblem:
        raise
    except Exception as exc:  # broken sheet XML shows only while streaming
        raise FileProblem(_("This is not a readable Excel (.xlsx) workbook.")) from exc
    finally:
        book.close()
    return _table(records, None)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_json(data: bytes) -> Table:
    """Our own JSON export: ``{"recommendations": [{..., "history": [...]}]}``; each
    history entry becomes a row (the recommendation's fields repeated)."""
    try:
        doc = json.loads(decode_text(data)[0])
    except RecursionError as exc:
        raise FileProblem(_("This JSON is nested too deeply.")) from exc
    except ValueError as exc:
        raise FileProblem(_("This is not valid JSON: %(error)s.", error=exc)) from exc
    if _depth(doc) > limits.MAX_JSON_DEPTH:
        raise FileProblem(_("This JSON is nested too deeply."))
    items = doc.get("recommendations") if isinstance(doc, dict) else doc
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise FileProblem(_('The JSON must be a list of recommendations, or {"recommendations": [...]}.'))
    records: list[dict] = []
    for number, item in enumerate(items, start=1):
        history = item.get("history") or [{}]
        if not isinstance(history, list) or not all(isinstance(e, dict) for e in history):
            raise FileProblem(_("Recommendation %(n)d: “history” must be a list of objects.", n=number))
        if any(isinstance(v, dict) or (isinstance(v, list) and any(isinstance(x, dict | list) for x in v))
               for part in (item, *history) for k, v in part.items() if k != "history"):
            raise FileProblem(_("Recommendation %(n)d: a field holds an object; fields hold text, "
                                "numbers, yes/no or a list of texts.", n=number))
        base = {k: v for k, v in item.items() if k != "history"}
        if item.get("history"):  # the history is the history; the item's statuses sum it up
            base = {k: v for k, v in base.items() if not k.endswith(("status", "status_date"))}
        for entry in history:
            records.append({**base, **{_JSON_ENTRY_KEYS.get(k, k): v for k, v in entry.items()}})
    headers = list(dict.fromkeys(h for rec in records for h in rec))
    rows = [[_json_text(rec.get(h)) for h in headers] for rec in records]
    return _table([headers, *rows], "json")


# Keys of a JSON history entry -> import columns (an entry's ``addressee`` or ``tracks``:
# the tracks its status is on).
_JSON_ENTRY_KEYS = {"date": "status_date", "note": "status_note", "addressee": "tracks"}


def _depth(value, level: int = 1) -> int:
    """Nesting depth of a parsed JSON value (a scalar is 1), without recursing deeper than
    one past the limit."""
    if level > limits.MAX_JSON_DEPTH or not isinstance(value, dict | list):
        return level
    children = value.values() if isinstance(value, dict) else value
    return max((_depth(child, level + 1) for child in children), default=level)


def _json_text(value) -> str:
    """JSON values as cell text; JSON has no formulas, so text is escaped like an export."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return escape_formula(str(value))


def _table(records: list[list[str]], encoding: str | None) -> Table:
    records = [r for r in records]
    while records and not any(str(c).strip() for c in records[0]):
        records.pop(0)
    if not records:
        raise FileProblem(_("The file is empty."))
    if len(records) > limits.MAX_IMPORT_ROWS + 1:
        raise FileProblem(_("The file has more than %(n)d rows; split it into smaller files.",
                            n=limits.MAX_IMPORT_ROWS))
    if max(map(len, records)) > limits.MAX_IMPORT_COLUMNS:
        raise FileProblem(_("The file has more than %(n)d columns.", n=limits.MAX_IMPORT_COLUMNS))
    if any(len(str(c)) > limits.MAX_IMPORT_CELL for r in records for c in r):
        raise FileProblem(_("A cell holds more than %(n)d characters.", n=limits.MAX_IMPORT_CELL))
    headers = [str(h).strip() for h in records[0]]
    table = Table(headers=headers, encoding=encoding)
    for number, record in enumerate(records[1:], start=2):
        if not any(str(c).strip() for c in record):
            continue
        values = {h: (record[i] if i < len(record) else "") for i, h in enumerate(headers) if h}
        table.rows.append((number, values))
    return table


# --- Writing ---------------------------------------------------------------------------


def _out(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return escape_formula(str(value))


def write_csv(headers: list[str], rows) -> bytes:
    """UTF-8 with a BOM (so Excel opens Japanese text correctly), comma-separated."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_out(v) for v in row])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def write_xlsx(headers: list[str], rows, title: str = "Recommendations") -> bytes:
    """One sheet, every cell stored as text (formula-looking text escaped, never a formula)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.append(headers)
    for row in rows:
        sheet.append([_out(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
