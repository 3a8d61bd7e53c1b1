"""Forms for the status history: record a change, retract a wrong entry."""

import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ...domain import statuses
from ...domain.tracks import MAX_AGENCY
from ...services import clock
from ...services.recommendations.status import MAX_NOTE_LENGTH
from ..forms import strip_filter
from ..i18n import addressee_label


class TrackChoices(SelectMultipleField):
    """A checkbox per track. Values are not checked against the choices here: the status
    service names the track the recommendation does not have (``RuleViolation``)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        pass


class StatusChangeForm(FlaskForm):
    """Tracks (a checkbox per track of the recommendation, all checked at first), an
    optional agency, to-status (radio buttons with each status's definition), effective
    date (default today), public note (required), internal note, evidence links (one per
    line). ``confirm_backdate`` and ``backdate_seen`` carry the confirmation of a
    backdating warning (``backdating``).

    The rules (date not in the future, valid links, not already in that status) are the
    status service's; the view attaches its ``RuleViolation`` to the field it names.
    """

    tracks = TrackChoices(_l("Tracks"), choices=[],
                          description=_l("The entry is recorded on each checked track."))
    # Marks a post from this form: then no checked track is an error (other clients that
    # send no tracks at all mean every track).
    tracks_shown = HiddenField()
    agency = StringField(
        _l("Agency or ministry"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=MAX_AGENCY, message=_l("Keep the agency under %(max)d characters."))],
        description=_l("Optional, e.g. METI or Department of Commerce / BIS. Narrows the checked tracks "
                       "to it; leave blank to keep each track's agency."),
        render_kw={"list": "agency-suggestions", "autocomplete": "off"},
    )
    to_status = RadioField(
        _l("New status"),
        choices=[SelectChoice(s.key, s.label) for s in statuses.STATUSES],
        validators=[InputRequired(_l("Choose the new status."))],
    )
    effective_on = DateField(
        _l("Effective date"),
        default=clock.today,
        validators=[InputRequired(_l("Give the date it happened."))],
        description=_l("When it happened in the world; may be in the past, never in the future."),
    )
    public_note = TextAreaField(
        _l("Public note"),
        filters=[strip_filter],
        validators=[DataRequired(_l("A public note is required: say what happened.")),
                    Length(max=MAX_NOTE_LENGTH)],
        description=_l("What happened. Partners can read this note."),
        render_kw={"rows": 3},
    )
    internal_note = TextAreaField(
        _l("Internal note"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=MAX_NOTE_LENGTH)],
        description=_l("Staff only."),
        render_kw={"rows": 2},
    )
    evidence_urls = TextAreaField(
        _l("Evidence links"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=20 * 520)],
        description=_l("One http(s) link per line (press releases, statements, news)."),
        render_kw={"rows": 2, "placeholder": "https://"},
    )
    confirm_backdate = BooleanField(_l("Record it anyway, before the later entry"))
    backdate_seen = HiddenField()
    # One random key per opened form: a retried submission records one entry.
    submission_key = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.submission_key.data:
            self.submission_key.data = secrets.token_urlsafe(24)

    def offer_tracks(self, rec) -> "StatusChangeForm":
        """Offer a checkbox per track of ``rec`` (its addressee's label)."""
        self.tracks.choices = [SelectChoice(t.addressee, addressee_label(t.addressee)) for t in rec.tracks]
        return self

    def chosen_tracks(self) -> list[str] | None:
        """The checked tracks; None (every track) for a post that did not show them."""
        if not self.tracks_shown.data:
            return None
        return [str(t)[:60] for t in (self.tracks.data or [])][:20]

    @classmethod
    def blank_for(cls, rec, wanted: str | None = None) -> "StatusChangeForm":
        """An empty form for ``rec``: every track checked; ``wanted`` chosen when it is a
        known status, else the next status of the lifecycle from the overall status (never
        Draft by accident; nothing chosen after the last one)."""
        form = cls(formdata=None).offer_tracks(rec)
        form.tracks.data = [t.addressee for t in rec.tracks]
        form.to_status.data = wanted if statuses.is_known(wanted) else statuses.next_status(rec.status)
        return form


class RetractForm(FlaskForm):
    """Why a status entry is wrong (required; it is kept in the history)."""

    reason = TextAreaField(
        _l("Reason for retracting"),
        filters=[strip_filter],
        validators=[DataRequired(_l("Say why the entry is wrong.")), Length(max=MAX_NOTE_LENGTH)],
    )
