"""The data version: one row whose value changes with every write to public API data.

Database triggers (migration ``0008_api_single``) set ``data_version.version`` to a new
random value on every insert, update or delete in the tables the partner API's records are
built from (recommendations, their addressees and status history, topics, lines of
effort, events, publications), in the writing transaction itself. So whatever writes them
— the services, imports, a backup load, SQL typed by hand, another app server — the value
changes when, and only when, that write commits. Readers (``services.data_version``) use
it to know whether a body built earlier is still the truth. Random rather than a counter:
a value never comes back after the table is emptied or in another database.

The row is created by the first write (an empty table means "no version known"). It is
bookkeeping, not data: backups leave it out.
"""

from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class DataVersion(db.Model):
    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger)
