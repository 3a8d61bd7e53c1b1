"""The per-track columns of the import format (issue 16): one set per addressee.

Each addressee (a *track*, ``domain.tracks``) has three columns named by its prefix:
``<prefix>_status`` and ``<prefix>_status_date`` (a status entry of that track) and
``<prefix>_agency`` (the agency or ministry the track is narrowed to). The prefixes are
``us``, ``japan``, ``private_sector``, ``multilateral`` and ``other``: e.g. ``us_status``,
``japan_status_date``, ``japan_agency``. The public data set declares the same names in
``domain.partner_fields.PUBLIC_EXPORT``.
"""

from ...domain import tracks as track_rule
from ...models import ADDRESSEES

PREFIXES: dict[str, str] = {
    track_rule.US: "us",
    track_rule.JAPAN: "japan",
    **{key: key for key in ADDRESSEES if key not in track_rule.GOVERNMENTS},
}


def status_column(addressee: str) -> str:
    return f"{PREFIXES[addressee]}_status"


def date_column(addressee: str) -> str:
    return f"{PREFIXES[addressee]}_status_date"


def agency_column(addressee: str) -> str:
    return f"{PREFIXES[addressee]}_agency"


def columns_of(addressee: str) -> tuple[str, str, str]:
    return status_column(addressee), date_column(addressee), agency_column(addressee)


#: Every per-track column, track by track (US, Japan, then the other addressees).
COLUMNS: tuple[str, ...] = tuple(c for key in PREFIXES for c in columns_of(key))
STATUS_COLUMNS = {status_column(key): key for key in PREFIXES}
DATE_COLUMNS = {date_column(key): key for key in PREFIXES}
AGENCY_COLUMNS = {agency_column(key): key for key in PREFIXES}
