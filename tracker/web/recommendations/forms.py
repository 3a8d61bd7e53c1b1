"""The create/edit form of a recommendation. The same class checks one field as the user
leaves it (``validate_one``) and the whole form on submit."""

import secrets

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ...domain import statuses
from ...domain.tracks import GOVERNMENTS
from ...extensions import db
from ...models import ADDRESSEES, Event, Publication, TopicArea
from ...services import clock
from ...services.recommendations.editing import MAX_TEXT, MAX_TITLE
from ...services.recommendations.records import first_entry_default_date, get_by_reference
from ...services.recommendations.status import MAX_NOTE_LENGTH
from ..forms import strip_filter
from ..i18n import addressee_items, localized, status_info, topic_path

MARKDOWN_HELP = _l("Markdown: *italic*, **bold**, lists, [links](https://…). HTML is not allowed.")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _choices(rows, empty: str | None) -> list[SelectChoice]:
    choices = [SelectChoice("", empty)] if empty is not None else []
    return choices + [SelectChoice(str(value), label) for value, label in rows]


class RecommendationForm(FlaskForm):
    """All content fields. ``first_*`` fields only apply to a new recommendation; ``version``
    and ``seen`` only to an edit (stale-edit detection), ``submission_key`` only to a new
    one (double-submit detection)."""

    title_en = StringField(_l("Title (English)"), filters=[strip_filter], validators=[Length(max=MAX_TITLE)],
                           render_kw={"maxlength": MAX_TITLE})
    title_ja = StringField(_l("Title (Japanese)"), filters=[strip_filter], validators=[Length(max=MAX_TITLE)],
                           render_kw={"maxlength": MAX_TITLE, "lang": "ja"},
                           description=_l("Give at least one of the two titles."))
    text_en = TextAreaField(_l("Text (English)"), filters=[strip_filter], validators=[Length(max=MAX_TEXT)],
                            description=MARKDOWN_HELP, render_kw={"rows": 8})
    text_ja = TextAreaField(_l("Text (Japanese)"), filters=[strip_filter], validators=[Length(max=MAX_TEXT)],
                            description=MARKDOWN_HELP, render_kw={"rows": 8, "lang": "ja"})
    addressees = MultiCheckboxField(_l("Addressees"), choices=[SelectChoice(k, v) for k, v in ADDRESSEES.items()],
                                    default=list(GOVERNMENTS),
                                    validators=[DataRequired(_l("Choose at least one addressee."))],
                                    description=_l("Each addressee is a track with its own status history."))
    priority = BooleanField(_l("Priority recommendation"))
    topic = SelectField(_l("Topic area"), validators=[InputRequired(_l("Choose a topic area.")),
                                                  DataRequired(_l("Choose a topic area."))])
    event = SelectField(_l("Source event"), validators=[Optional()])
    publication = SelectField(_l("Publication"), validators=[Optional()],
                              description=_l("Partners see the recommendation once this is published and it is not a draft."))
    supersedes = StringField(_l("Supersedes / repeats"), filters=[lambda v: v.strip().upper() if v else v],
                             validators=[Optional(), Length(max=40)], render_kw={"placeholder": "NEXT-2024-017"},
                             description=_l("Reference of an earlier recommendation this one replaces or repeats."))
    internal_notes = TextAreaField(_l("Internal notes"), filters=[strip_filter],
                                   validators=[Length(max=MAX_TEXT)], description=_l("Staff only."),
                                   render_kw={"rows": 3})
    first_status = SelectField(_l("First status"), default=statuses.DRAFT,
                               choices=[SelectChoice(s.key, f"{s.label} — {s.definition}") for s in statuses.STATUSES])
    first_effective_on = DateField(_l("Effective date"), validators=[Optional()],
                                   description=_l("Leave blank for the publication's date (today when it has none)."))
    first_note = TextAreaField(_l("Public note"), filters=[strip_filter],
                               validators=[Length(max=MAX_NOTE_LENGTH)], render_kw={"rows": 2},
                               description=_l("Required unless the first status is Draft."))
    version = HiddenField()
    seen = HiddenField()
    submission_key = HiddenField()
    duplicates_seen = HiddenField()  # ids of the duplicates the user was warned about

    def __init__(self, *args, reference: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.reference = reference
        topics = db.session.execute(select(TopicArea)).scalars().all()
        self.topic.choices = _choices(sorted(((t.id, topic_path(t)) for t in topics), key=lambda p: p[1].lower()),
                                      _("Choose a topic area…"))
        events = db.session.execute(select(Event).order_by(Event.starts_on.desc())).scalars()
        self.event.choices = _choices([(e.id, f"{e.starts_on.isoformat()} · {localized(e, 'title')}") for e in events],
                                      _("— none —"))
        pubs = db.session.execute(select(Publication).order_by(Publication.published_on.desc().nullsfirst())).scalars()
        self.publication.choices = _choices([(p.id, localized(p, "title")) for p in pubs], _("— none —"))
        self.addressees.choices = [SelectChoice(k, label) for k, label in addressee_items()]
        self.first_status.choices = [SelectChoice(s.key, f"{status_info(s.key).label} — {status_info(s.key).definition}")
                                     for s in statuses.STATUSES]
        if not self.submission_key.data:
            self.submission_key.data = secrets.token_urlsafe(24)
        self._describe_first_date()

    def _describe_first_date(self) -> None:
        """With a publication chosen, the date hint names the day a blank date stands for
        (``records.first_entry_default_date``)."""
        raw = (self.publication.data or "").strip() if isinstance(self.publication.data, str) else ""
        publication = db.session.get(Publication, int(raw)) if raw.isdigit() and len(raw) < 10 else None
        if publication is None:
            return
        day = first_entry_default_date(publication).isoformat()
        self.first_effective_on.description = _("Leave blank for the publication's date: %(date)s.", date=day)
        self.first_effective_on.render_kw = {"placeholder": day}

    def validate_title_en(self, field):
        # Only on submit: while the user is still typing the other title it would nag.
        if getattr(self, "_whole_form", False) and not field.data and not self.title_ja.data:
            raise ValidationError(_("Give a title in English or Japanese (or both)."))

    def validate_supersedes(self, field):
        if not field.data:
            return
        if self.reference and field.data == self.reference:
            raise ValidationError(_("A recommendation cannot supersede itself."))
        if get_by_reference(field.data) is None:
            raise ValidationError(_("There is no recommendation %(reference)s.", reference=field.data))

    def validate_first_note(self, field):
        if self.reference is None and self.first_status.data != statuses.DRAFT and not field.data:
            raise ValidationError(_("Say what happened (required unless the first status is Draft)."))

    def validate_first_effective_on(self, field):
        if self.reference is None and field.data and field.data > clock.today():
            raise ValidationError(_("The effective date cannot be in the future."))

    def validate(self, extra_validators=None) -> bool:
        self._whole_form = True
        return super().validate(extra_validators)

    def validate_one(self, name: str) -> bool:
        """Check only field ``name`` (its validators and ``validate_<name>``), for the
        on-blur check. :raise KeyError: for an unknown field."""
        field = self[name]
        inline = getattr(type(self), f"validate_{name}", None)
        return field.validate(self, [inline] if inline else [])

    def values(self) -> dict:
        """Form data as service arguments (objects for the related records)."""
        def get(model, raw):
            raw = (raw or "").strip()  # Optional() lets a blank-looking "\r" through
            return db.session.get(model, int(raw)) if raw else None

        return {
            "title_en": self.title_en.data, "title_ja": self.title_ja.data,
            "text_en": self.text_en.data, "text_ja": self.text_ja.data,
            "addressees": list(self.addressees.data or []), "priority": self.priority.data,
            "topic": get(TopicArea, self.topic.data), "event": get(Event, self.event.data),
            "publication": get(Publication, self.publication.data),
            "supersedes": get_by_reference(self.supersedes.data) if self.supersedes.data else None,
            "internal_notes": self.internal_notes.data,
        }
