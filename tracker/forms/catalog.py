"""Forms for events, publications and topic areas (the catalog)."""

from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, Optional, Regexp, ValidationError

from ..extensions import db
from ..models import EVENT_KINDS, PUBLICATION_KINDS, Event, LineOfEffort, TopicArea
from . import strip_filter

SLUG = [Optional(), Length(max=80), Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$",
                                           message="Use lower-case letters, digits and hyphens.")]
SLUG_HELP = "Used in addresses and filters. Leave empty to make one from the English title."


def _options(rows, empty=None):
    return ([SelectChoice("", empty)] if empty else []) + [SelectChoice(str(v), label) for v, label in rows]


def _lines():
    return db.session.execute(select(LineOfEffort.id, LineOfEffort.name_en).order_by(LineOfEffort.position)).all()


class EventForm(FlaskForm):
    title_en = StringField("Title (English)", filters=[strip_filter], validators=[Length(max=300)])
    title_ja = StringField("Title (Japanese)", filters=[strip_filter], validators=[Length(max=300)],
                           render_kw={"lang": "ja"})
    slug = StringField("Slug", filters=[strip_filter], validators=SLUG, description=SLUG_HELP)
    kind = SelectField("Kind", choices=[SelectChoice(k, v) for k, v in EVENT_KINDS.items()])
    starts_on = DateField("Date", validators=[DataRequired("Give the date.")])
    ends_on = DateField("Last day", validators=[Optional()], description="For events of several days.")
    location = StringField("Location", filters=[strip_filter], validators=[Length(max=200)])
    line_of_effort = SelectField("Line of effort", validators=[Optional()])
    description_en = TextAreaField("Description", filters=[strip_filter], validators=[Length(max=5000)],
                                   description="No participant names: roundtables are not-for-attribution.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.line_of_effort.choices = _options(_lines(), "— none —")

    def validate_title_en(self, field):
        if not field.data and not self.title_ja.data:
            raise ValidationError("Give a title in English or Japanese.")

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError("The last day cannot be before the first.")


class PublicationForm(FlaskForm):
    title_en = StringField("Title (English)", filters=[strip_filter], validators=[Length(max=300)])
    title_ja = StringField("Title (Japanese)", filters=[strip_filter], validators=[Length(max=300)],
                           render_kw={"lang": "ja"})
    slug = StringField("Slug", filters=[strip_filter], validators=SLUG, description=SLUG_HELP)
    kind = SelectField("Kind", choices=[SelectChoice(k, v) for k, v in PUBLICATION_KINDS.items()])
    published_on = DateField("Publication date", validators=[Optional()],
                             description="Empty or in the future: its recommendations are not public yet.")
    url = StringField("Address (URL)", filters=[strip_filter],
                      validators=[Optional(), Length(max=500), URL(message="Give a full http(s) address.")])
    authors = StringField("Authors", filters=[strip_filter], validators=[Length(max=500)])
    event = SelectField("Event", validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        events = db.session.execute(select(Event).order_by(Event.starts_on.desc())).scalars()
        self.event.choices = _options([(e.id, f"{e.starts_on} · {e.title}") for e in events], "— none —")

    def validate_title_en(self, field):
        if not field.data and not self.title_ja.data:
            raise ValidationError("Give a title in English or Japanese.")

    def validate_url(self, field):
        if field.data and not field.data.lower().startswith(("http://", "https://")):
            raise ValidationError("Give a full http(s) address.")


class TopicForm(FlaskForm):
    name_en = StringField("Name (English)", filters=[strip_filter],
                          validators=[DataRequired("Give the English name."), Length(max=200)])
    name_ja = StringField("Name (Japanese)", filters=[strip_filter], validators=[Length(max=200)],
                          render_kw={"lang": "ja"})
    slug = StringField("Slug", filters=[strip_filter], validators=SLUG, description=SLUG_HELP)
    parent = SelectField("Parent topic", validators=[Optional()])
    line_of_effort = SelectField("Line of effort", validators=[DataRequired("Choose a line of effort.")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        topics = db.session.execute(select(TopicArea)).scalars().all()
        self.parent.choices = _options(sorted(((t.id, t.path_en) for t in topics), key=lambda p: p[1]), "— none (top level) —")
        self.line_of_effort.choices = _options(_lines(), "Choose…")
