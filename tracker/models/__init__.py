"""The domain model (DESIGN.md "Domain"). Import models from here."""

from .accounts import EDITOR_ROLES, ROLES, ApiToken, User, hash_token
from .board_tally import BoardTally
from .recommendation import (
    ADDRESSEE_BITS,
    ADDRESSEES,
    ADDRESSEES_JA,
    Recommendation,
    RecommendationAddressee,
    ReferenceCounter,
    StatusChange,
    StatusTimeline,
    Track,
)
from .saved_views import SavedView
from .security import AuditLog, LoginAttempt, UserSession
from .sources import EVENT_KINDS, PUBLICATION_KINDS, Event, Publication
from .sync_state import SyncState
from .taxonomy import LineOfEffort, TopicArea
from .types import UTCDateTime, utcnow
from .versioning import DataVersion

__all__ = [
    "ADDRESSEE_BITS",
    "ADDRESSEES",
    "ADDRESSEES_JA",
    "EDITOR_ROLES",
    "EVENT_KINDS",
    "PUBLICATION_KINDS",
    "ROLES",
    "ApiToken",
    "AuditLog",
    "BoardTally",
    "DataVersion",
    "Event",
    "LineOfEffort",
    "LoginAttempt",
    "Publication",
    "Recommendation",
    "RecommendationAddressee",
    "ReferenceCounter",
    "SavedView",
    "StatusChange",
    "StatusTimeline",
    "SyncState",
    "Track",
    "TopicArea",
    "User",
    "UserSession",
    "UTCDateTime",
    "hash_token",
    "utcnow",
]
