"""Staff users and partner API tokens."""

import hashlib
import secrets
from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..domain import policies
from ..domain.policies import EDITOR_ROLES  # noqa: F401  (re-exported)
from ..extensions import db
from .types import UTCDateTime, utcnow

ROLES = {
    "admin": "Admin",
    "researcher": "Researcher",
    "leadership": "Leadership",
}
# Roles allowed to change data: ``policies.EDITOR_ROLES``.


class User(UserMixin, db.Model):
    """A staff member. ``email`` is stored lower-case; the password only as a hash."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def can_edit(self) -> bool:
        return policies.can_edit(self)

    @property
    def is_admin(self) -> bool:
        return policies.can_admin(self)

    def set_password(self, password: str) -> None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


def hash_token(token: str) -> str:
    """SHA-256 of a token; tokens are long random strings, so no salt or slow hash is needed."""
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(db.Model):
    """A partner's bearer token. The token itself is shown once and stored only hashed."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    partner: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    created_by = relationship("User")

    @classmethod
    def issue(cls, partner: str) -> tuple["ApiToken", str]:
        """A new token for ``partner`` and its plain text (to show once; not stored)."""
        plain = "nxt_" + secrets.token_urlsafe(32)
        return cls(partner=partner, token_hash=hash_token(plain), prefix=plain[:12]), plain

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def __repr__(self) -> str:
        return f"<ApiToken {self.prefix} {self.partner}>"
