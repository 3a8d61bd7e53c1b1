"""The domain model (DESIGN.md "Domain"). Import models from here."""

from .accounts import EDITOR_ROLES, ROLES, ApiToken, User, hash_token
from .recommendation import (
    ADDRESSEES,
    ADDRESSEES_JA,
    Recommendation,
    RecommendationAddressee,
    ReferenceCounter,
    StatusChange,
)
from .sources import EVENT_KINDS, PUBLICATION_KINDS, Event, Publication
from .taxonomy import LineOfEffort, TopicArea
from .types import UTCDateTime, utcnow

__all__ = [
    "ADDRESSEES",
    "ADDRESSEES_JA",
    "EDITOR_ROLES",
    "EVENT_KINDS",
    "PUBLICATION_KINDS",
    "ROLES",
    "ApiToken",
    "Event",
    "LineOfEffort",
    "Publication",
    "Recommendation",
    "RecommendationAddressee",
    "ReferenceCounter",
    "StatusChange",
    "TopicArea",
    "User",
    "UTCDateTime",
    "hash_token",
    "utcnow",
]
