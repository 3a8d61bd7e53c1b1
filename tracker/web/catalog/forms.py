"""Forms for events, publications and topic areas (the catalog)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, Optional, Regexp, ValidationError

from ...extensions import db
from ...models import EVENT_KINDS, PUBLICATION_KINDS, Event, LineOfEffort, TopicArea
from ..forms import strip_filter
from ..i18n import event_kind_label, localized, publication_kind_label, topic_path

SLUG = [Optional(), Length(max=80), Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$",
                                           message=_l("Use lower-case letters, digits and hyphens."))]
SLUG_HELP = _l("Used in addresses and filters. Leave empty to make one from the English title.")


def _options(rows, empty=None):
    return ([SelectChoice("", empty)] if empty else []) + [SelectChoice(str(v), label) for v, label in rows]


def _lines():
    lines = db.session.execute(select(LineOfEffort).order_by(LineOfEffort.position)).scalars()
    return [(line.id, localized(line, "name")) for line in lines]


class EventForm(FlaskForm):
    title_en = StringField(_l("Title (English)"), filters=[strip_filter], validators=[Length(max=300)])
    title_ja = StringField(_l("Title (Japanese)"), filters=[strip_filter], validators=[Length(max=300)],
                           render_kw={"lang": "ja"})
    slug = StringField(_l("Slug"), filters=[strip_filter], validators=SLUG, description=SLUG_HELP)
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k, v) for k, v in EVENT_KINDS.items()])
    starts_on = DateField(_l("Date"), validators=[DataRequired(_l("Give the date."))])
    ends_on = DateField(_l("Last day"), validators=[Optional()], description=_l("For events of several days."))
    location = StringField(_l("Location"), filters=[strip_filter], validators=[Length(max=200)])
    line_of_effort = SelectField(_l("Line of effort"), validators=[Optional()])
    description_en = TextAreaField(_l("Description"), filters=[strip_filter], validators=[Length(max=5000)],
                                   description=_l("No participant names: roundtables are not-for-attribution."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.line_of_effort.choices = _options(_lines(), _("— none —"))
        self.kind.choices = [SelectChoice(k, event_kind_label(k)) for k in EVENT_KINDS]

    def validate_title_en(self, field):
        if not field.data and not self.title_ja.data:
            raise ValidationError(_("Give a title in English or Japanese."))

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_("The last day cannot be before the first."))


class PublicationForm(FlaskForm):
    title_en = StringField(_l("Title (English)"), filters=[strip_filter], validators=[Length(max=300)])
    title_ja = StringField(_l("Title (Japanese)"), filters=[strip_filter], validators=[Length(max=300)],
                           render_kw={"lang": "ja"})
    slug = StringField(_l("Slug"), filters=[strip_filter], validators=SLUG, description=SLUG_HELP)
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k, v) for k, v in PUBLICATION_KINDS.items()])
    published_on = DateField(_l("Publication date"), validators=[Optional()],
                             description=_l("Empty or in the future: its recommendations are not public yet."))
    url = StringField(_l("Address (URL)"), filters=[strip_filter],
                      validators=[Optional(), Length(max=500), URL(message=_l("Give a full http(s) address."))])
    authors = StringField(_l("Authors"), filters=[strip_filter], validators=[Length(max=500)])
    event = SelectField(_l("Event"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        events = db.session.execute(select(Event).order_by(Event.starts_on.desc())).scalars()
        self.event.choices = _options([(e.id, f"{e.starts_on} · {localized(e, 'title')}") for e in events], _("— none —"))
        self.kind.choices = [SelectChoice(k, publication_kind_label(k)) for k in PUBLICATION_KINDS]

    def validate_title_en(self, field):
        if not field.data and not self.title_ja.data:
            raise ValidationError(_("Give a title in English or Japanese."))

    def validate_url(self, field):
        if field.data and not field.data.lower().startswith(("http://", "https://")):
            raise ValidationError(_("Give a full http(s) address."))


class TopicForm(FlaskForm):
    name_en = StringField(_l("Name (English)"), filters=[strip_filter],
                          validators=[DataRequired(_l("Give the English name.")), Length(max=200)])
    name_ja = StringField(_l("Name (Japanese)"), filters=[strip_filter], validators=[Length(max=200)],
                          render_kw={"lang": "ja"})
    slug = StringField(_l("Slug"), filters=[strip_filter], validators=SLUG, description=SLUG_HELP)
    parent = SelectField(_l("Parent topic"), validators=[Optional()])
    line_of_effort = SelectField(_l("Line of effort"), validators=[DataRequired(_l("Choose a line of effort."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        topics = db.session.execute(select(TopicArea)).scalars().all()
        self.parent.choices = _options(sorted(((t.id, topic_path(t)) for t in topics), key=lambda p: p[1]),
                                       _("— none (top level) —"))
        self.line_of_effort.choices = _options(_lines(), _("Choose…"))
