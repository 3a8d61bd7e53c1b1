"""The field limits, in one place: every entry point (forms, import of CSV/XLSX/JSON, the
services the API and CLI call) checks input against these.

- Lengths, in characters, per kind of field.
- The control-character rule: C0 control characters other than tab, newline and carriage
  return are refused everywhere (PostgreSQL cannot store NUL; XML exports and Atom feeds
  cannot carry the others).
- The date range of effective dates: none before ``EARLIEST_DATE``, none after today
  ("today" itself comes from ``services.clock``).
"""

import re
from datetime import date

MAX_REFERENCE = 40
MAX_EXTERNAL_ID = 200
MAX_TITLE = 500
MAX_TEXT = 20_000
MAX_NOTE = 5_000
MAX_URL = 500
MAX_EVIDENCE_URLS = 20
MAX_CATALOG_TITLE = 300
MAX_LOCATION = 200
MAX_DESCRIPTION = 5_000
MAX_SLUG = 80

#: Length limits of the import columns that carry free text (the import format's names).
IMPORT_COLUMNS = {
    "reference": MAX_REFERENCE,
    "external_id": MAX_EXTERNAL_ID,
    "title_en": MAX_TITLE,
    "title_ja": MAX_TITLE,
    "text_en": MAX_TEXT,
    "text_ja": MAX_TEXT,
    "internal_notes": MAX_TEXT,
    "status_note": MAX_NOTE,
    "status_internal_note": MAX_NOTE,
}

EARLIEST_DATE = date(1900, 1, 1)

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def has_control_characters(text: str) -> bool:
    """True when ``text`` holds a character that is refused everywhere."""
    return CONTROL_CHARACTERS.search(text) is not None


def too_long(column: str, text: str) -> int | None:
    """The limit ``text`` exceeds for import ``column``, or None when it fits (or the column
    has no limit)."""
    limit = IMPORT_COLUMNS.get(column)
    return limit if limit is not None and len(text) > limit else None


def effective_date_problem(day: date, today: date) -> str | None:
    """``"too_early"`` or ``"future"`` when ``day`` is outside the allowed range, else None."""
    if day < EARLIEST_DATE:
        return "too_early"
    if day > today:
        return "future"
    return None


# --- Uploaded files (import) --------------------------------------------------------------

#: Data rows in one imported file.
MAX_IMPORT_ROWS = 20_000
#: Columns in one imported file.
MAX_IMPORT_COLUMNS = 64
#: Characters in one cell of an imported file (column limits above are checked per row).
MAX_IMPORT_CELL = 200_000
#: Bytes an ``.xlsx`` may expand to (the upload limit counts compressed bytes).
MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024
#: Nesting depth of an imported JSON document (ours is 4 deep).
MAX_JSON_DEPTH = 8
