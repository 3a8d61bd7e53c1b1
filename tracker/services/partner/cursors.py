"""Opaque, signed cursors for the partner API (``/changes?since=``, ``/recommendations?cursor=``).

A cursor is a small JSON value signed with the app's ``SECRET_KEY`` (itsdangerous'
``URLSafeSerializer``, one salt per kind of cursor), so a partner can hand back only a
cursor this API made: a crafted or edited one fails the signature and is refused with a
``RuleViolation`` naming the parameter (a 400 in the API's error shape), never reaching a
query. Rotating ``SECRET_KEY`` invalidates every cursor handed out (partners start again).
"""

from flask import current_app
from itsdangerous import BadData, URLSafeSerializer

from ..errors import RuleViolation


def _serializer(kind: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"tracker.api.cursor.{kind}")


def sign(kind: str, value) -> str:
    """The opaque cursor text for ``value`` (JSON-serialisable)."""
    return _serializer(kind).dumps(value)


def unsign(kind: str, text: str, parameter: str, hint: str):
    """The value signed in ``text``.

    :raise RuleViolation: (``parameter``) ``text`` is not a ``kind`` cursor this app signed.
    """
    try:
        return _serializer(kind).loads(text)
    except (BadData, ValueError, UnicodeError):
        raise RuleViolation(f"Not a cursor from this API; {hint}", parameter) from None
