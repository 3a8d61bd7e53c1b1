"""THE declaration of what a partner may see: every field of every partner-visible shape.

Everything partner-facing derives from this module, so a field is public only when it is
declared here (an allow-list):

- the JSON of ``/api/v1`` (``tracker.api.serializers`` emits exactly these keys, in this
  order, and fails at import when a declared field has no value getter);
- the OpenAPI schemas (``tracker.api.openapi`` builds each component schema from its shape);
- the columns the partner queries load (``services.public_api``, ``services.public_changes``)
  and so the change feed and the Atom feeds;
- the columns of the public data set (``services.exporter.PUBLIC_COLUMNS`` =
  ``PUBLIC_EXPORT.names``), whatever the import format gains later.

A field's ``type`` is a scalar type (``TYPES``), ``"enum"`` with the name of a closed
vocabulary in ``enum`` (the surfaces resolve the name, e.g. ``"addressee"`` to the model's
keys), or the name of another shape here (a nested object; ``Bilingual`` is the
``{"en", "ja"}`` pair). ``many`` makes it a list of that; ``nullable`` lets it be null.
Pure data: no Flask, no SQL.
"""

from dataclasses import dataclass

TYPES = frozenset({"string", "integer", "boolean", "date", "datetime", "url", "enum"})


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    example: object = None
    nullable: bool = False
    many: bool = False
    enum: str | None = None

    @property
    def bilingual(self) -> bool:
        """An English/Japanese pair (``{"en": ..., "ja": ...}``)."""
        return self.type == "Bilingual"


@dataclass(frozen=True)
class Shape:
    """A partner-visible object: its fields, in the order they are emitted."""

    name: str
    description: str
    fields: tuple[Field, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def extended(self, name: str, description: str, *more: Field) -> "Shape":
        return Shape(name, description, self.fields + more)


F = Field


def _bi(name: str, description: str, en: str, ja: str) -> Field:
    return F(name, "Bilingual", description, {"en": en, "ja": ja})


BILINGUAL = Shape("Bilingual", "A text in English and Japanese; a missing language is null.", (
    F("en", "string", "English.", "Economic security", nullable=True),
    F("ja", "string", "Japanese.", "経済安全保障", nullable=True),
))

LINE_OF_EFFORT_REF = Shape("LineOfEffortRef", "The line of effort a topic belongs to.", (
    F("slug", "string", "Stable identifier.", "economic-security"),
    _bi("name", "Name.", "Economic security", "経済安全保障"),
))

TOPIC_REF = Shape("TopicRef", "The topic of a recommendation.", (
    F("slug", "string", "Stable identifier.", "supply-chains"),
    _bi("name", "Name.", "Supply chains", "サプライチェーン"),
    F("line_of_effort", "LineOfEffortRef", "Its line of effort.",
      {"slug": "economic-security", "name": {"en": "Economic security", "ja": "経済安全保障"}}),
))

EVENT_REF = Shape("EventRef", "The event a recommendation came out of.", (
    F("slug", "string", "Stable identifier.", "roundtable-2024-03"),
    F("kind", "enum", "Kind of event.", "roundtable", enum="event_kind"),
    _bi("title", "Title.", "Economic security roundtable", "経済安全保障円卓会議"),
    F("starts_on", "date", "First day.", "2024-03-12"),
))

PUBLICATION_REF = Shape("PublicationRef", "The publication a recommendation appeared in.", (
    F("slug", "string", "Stable identifier.", "report-2024"),
    F("kind", "enum", "Kind of publication.", "policy_recommendations", enum="publication_kind"),
    _bi("title", "Title.", "Policy recommendations 2024", "政策提言 2024"),
    F("published_on", "date", "Publication date (public from this day on).", "2024-04-01"),
    F("url", "url", "Where to read it.", "https://example.org/report-2024", nullable=True),
))

RECOMMENDATION = Shape("Recommendation", "A public policy recommendation and its current status.", (
    F("reference", "string", "Stable reference.", "NEXT-2024-017"),
    _bi("title", "Title.", "Create a cyber incident channel", "サイバーインシデント共有チャネルの創設"),
    _bi("text", "Full text (Markdown).", "Both governments should ...", "両政府は..."),
    F("status", "enum", "Current status (or the one in force on `as_of`).", "in_progress",
      enum="status"),
    F("status_since", "date", "Day the current status took effect.", "2024-09-30", nullable=True),
    F("addressees", "enum", "Who the recommendation is addressed to.", ["us_government"],
      many=True, enum="addressee"),
    F("priority", "boolean", "Marked as a priority.", True),
    F("topic", "TopicRef", "Topic and its line of effort.", None),
    F("event", "EventRef", "Event it came out of, if any.", None, nullable=True),
    F("publication", "PublicationRef", "Publication it appeared in.", None),
    F("supersedes", "string", "Reference of the public recommendation it replaces.",
      "NEXT-2022-004", nullable=True),
    F("created_at", "datetime", "When it was entered (UTC).", "2024-04-01T09:00:00Z"),
    F("updated_at", "datetime", "Last edit or status change (UTC).", "2024-10-01T12:30:00Z"),
    F("url", "url", "This recommendation in the API.",
      "https://tracker.example.org/api/v1/recommendations/NEXT-2024-017"),
    F("html_url", "url", "Its public page (English; `/ja/public/...` in Japanese).",
      "https://tracker.example.org/public/recommendations/NEXT-2024-017"),
))

HISTORY_ENTRY = Shape("HistoryEntry", "A public status entry in force.", (
    F("id", "integer", "Entry id (recording order).", 812),
    F("status", "enum", "Status set by the entry.", "in_progress", enum="status"),
    F("effective_on", "date", "Day it took effect.", "2024-09-30"),
    F("note", "string", "Public note.", "Announced at the 2+2 meeting."),
    F("evidence_urls", "url", "Sources.", ["https://example.org/statement"], many=True),
    F("recorded_at", "datetime", "When it was recorded (UTC).", "2024-10-01T12:30:00Z"),
))

RECOMMENDATION_DETAIL = RECOMMENDATION.extended(
    "RecommendationDetail", "A recommendation with its public status history.",
    F("history", "HistoryEntry", "Public status history, oldest first.", [], many=True),
)

CHANGE_EVENT = Shape("ChangeEvent", "An event of the public change stream (and the Atom feeds).", (
    F("id", "integer", "Event id (recording order; the stream's order).", 812),
    F("kind", "enum", "`change` (an entry in force) or `retraction`.", "change",
      enum="change_kind"),
    F("recommendation", "string", "Reference of the recommendation.", "NEXT-2024-017"),
    F("status", "enum", "Status set (null for a retraction).", "in_progress", nullable=True,
      enum="status"),
    F("effective_on", "date", "Day it took effect.", "2024-09-30"),
    F("note", "string", "Public note.", "Announced at the 2+2 meeting."),
    F("evidence_urls", "url", "Sources (empty for a retraction).", [], many=True),
    F("retracts", "integer", "Id of the entry a retraction withdraws.", None, nullable=True),
    F("recorded_at", "datetime", "When it was recorded (UTC).", "2024-10-01T12:30:00Z"),
    F("recommendation_url", "url", "The recommendation in the API.",
      "https://tracker.example.org/api/v1/recommendations/NEXT-2024-017"),
))

TOPIC = Shape("Topic", "A topic area with counts of public recommendations.", (
    F("slug", "string", "Stable identifier.", "supply-chains"),
    _bi("name", "Name.", "Supply chains", "サプライチェーン"),
    _bi("description", "Description.", "Critical minerals, ...", "重要鉱物..."),
    F("parent", "string", "Slug of the parent topic.", None, nullable=True),
    F("line_of_effort", "string", "Slug of its line of effort.", "economic-security"),
    F("recommendation_count", "integer", "Public recommendations in this topic.", 7),
    F("recommendation_count_with_subtopics", "integer",
      "Public recommendations here and in its sub-topics (what `?topic=` matches).", 9),
))

LINE_OF_EFFORT = Shape("LineOfEffort", "A line of effort with its count.", (
    F("slug", "string", "Stable identifier.", "economic-security"),
    _bi("name", "Name.", "Economic security", "経済安全保障"),
    _bi("description", "Description.", "Supply chains, ...", "サプライチェーン..."),
    F("recommendation_count", "integer", "Public recommendations in its topics.", 21),
))

EVENT = Shape("Event", "An event with public recommendations or publications.", (
    F("slug", "string", "Stable identifier.", "roundtable-2024-03"),
    F("kind", "enum", "Kind of event.", "roundtable", enum="event_kind"),
    _bi("title", "Title.", "Economic security roundtable", "経済安全保障円卓会議"),
    F("starts_on", "date", "First day.", "2024-03-12"),
    F("ends_on", "date", "Last day, if more than one.", None, nullable=True),
    F("location", "string", "Where.", "Tokyo", nullable=True),
    F("line_of_effort", "string", "Slug of its line of effort.", None, nullable=True),
    F("recommendation_count", "integer", "Public recommendations from it.", 5),
))

PUBLICATION = Shape("Publication", "A published publication with its count.", (
    F("slug", "string", "Stable identifier.", "report-2024"),
    F("kind", "enum", "Kind of publication.", "policy_recommendations", enum="publication_kind"),
    _bi("title", "Title.", "Policy recommendations 2024", "政策提言 2024"),
    F("published_on", "date", "Publication date.", "2024-04-01"),
    F("url", "url", "Where to read it.", None, nullable=True),
    F("authors", "string", "Authors.", "NEXT study group", nullable=True),
    F("event", "string", "Slug of its event.", None, nullable=True),
    F("recommendation_count", "integer", "Public recommendations in it.", 12),
))

STATUS = Shape("Status", "A status of the lifecycle, in order.", (
    F("key", "enum", "Key used everywhere in the API.", "in_progress", enum="status"),
    F("order", "integer", "Position in the lifecycle.", 3),
    F("state", "enum", "`open` or `closed`.", "open", enum="state"),
    _bi("label", "Label.", "In progress", "実施中"),
    _bi("definition", "Definition.", "Work has started ...", "取り組みが始まっている..."),
))

# The partner-visible shapes, in the order the OpenAPI document lists them.
SHAPES: dict[str, Shape] = {s.name: s for s in (
    BILINGUAL, LINE_OF_EFFORT_REF, TOPIC_REF, EVENT_REF, PUBLICATION_REF, RECOMMENDATION,
    HISTORY_ENTRY, RECOMMENDATION_DETAIL, CHANGE_EVENT, TOPIC, LINE_OF_EFFORT, EVENT,
    PUBLICATION, STATUS,
)}

# Closed vocabularies a field may name in ``enum`` whose values are fixed here; the others
# ("status", "addressee", "event_kind", "publication_kind") come from the models.
VOCABULARIES = {"state": ("open", "closed"), "change_kind": ("change", "retraction")}

# The per-track columns of the public data set, one set per addressee (the import format's
# ``services.dataio.track_columns``): the track's status entry on the row and its agency.
TRACK_COLUMN_PREFIXES = (
    ("us", "the US government"), ("japan", "the Government of Japan"),
    ("private_sector", "the private sector"), ("multilateral", "multilateral bodies"),
    ("other", "other addressees"),
)


def _track_columns() -> tuple[Field, ...]:
    out: list[Field] = []
    for prefix, who in TRACK_COLUMN_PREFIXES:
        gov = prefix in ("us", "japan")
        out += [
            F(f"{prefix}_status", "enum", f"Status of the track of {who} set by the entry (blank: "
              "no entry of this track on the row).", "in_progress" if gov else None,
              nullable=True, enum="status"),
            F(f"{prefix}_status_date", "date", f"Day it took effect for {who}.",
              "2024-09-30" if gov else None, nullable=True),
            F(f"{prefix}_agency", "string", f"Agency or ministry the track of {who} is "
              "narrowed to.", {"us": "Department of Commerce / BIS", "japan": "METI"}.get(prefix),
              nullable=True),
        ]
    return tuple(out)


# The public data set (CSV/JSON export for partners): one row per public status entry, in
# the import format's column names, so it re-imports unchanged. Internal columns of the
# import format (external id, internal notes, internal status notes) are absent by design.
PUBLIC_EXPORT = Shape("PublicExportRow", "A row of the public data set.", (
    F("reference", "string", "Stable reference.", "NEXT-2024-017"),
    F("title_en", "string", "Title (English).", "Create a cyber incident channel"),
    F("title_ja", "string", "Title (Japanese).", "サイバーインシデント共有チャネルの創設",
      nullable=True),
    F("text_en", "string", "Full text, Markdown (English).", "Both governments should ..."),
    F("text_ja", "string", "Full text, Markdown (Japanese).", "両政府は...", nullable=True),
    F("addressees", "string", "Addressee keys, `; `-separated.", "us_government; private_sector"),
    F("priority", "boolean", "Marked as a priority.", True),
    F("topic", "string", "Topic slug.", "supply-chains"),
    F("event", "string", "Event slug.", "roundtable-2024-03", nullable=True),
    F("publication", "string", "Publication slug.", "report-2024"),
    F("supersedes", "string", "Reference it replaces.", None, nullable=True),
    *_track_columns(),
    F("status_note", "string", "Public note (of every status on the row).",
      "Announced at the 2+2 meeting."),
    F("evidence_urls", "string", "Sources, space-separated.", "https://example.org/statement"),
))


def example(shape: Shape) -> dict:
    """An example of ``shape`` from its fields' examples (a non-null nested object without
    one is built from its own shape). Tests validate it against the OpenAPI schema."""
    result = {}
    for f in shape.fields:
        value = f.example
        if value is None and not f.nullable and f.type in SHAPES:
            value = example(SHAPES[f.type])
            value = [value] if f.many else value
        result[f.name] = value
    return result
