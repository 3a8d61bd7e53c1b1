"""Forms for the status history: record a change, retract a wrong entry."""

import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ...domain import statuses
from ...services import clock
from ...services.recommendations.status import MAX_NOTE_LENGTH
from ..forms import strip_filter


class StatusChangeForm(FlaskForm):
    """To-status (radio buttons with each status's definition), effective date (default
    today), public note (required), internal note, evidence links (one per line).

    The rules (date not in the future, valid links, not already in that status) are the
    status service's; the view attaches its ``RuleViolation`` to the field it names.
    """

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
    # One random key per opened form: a retried submission records one entry.
    submission_key = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.submission_key.data:
            self.submission_key.data = secrets.token_urlsafe(24)

    @classmethod
    def blank_for(cls, current: str | None, wanted: str | None = None) -> "StatusChangeForm":
        """An empty form for a recommendation now in status ``current``: ``wanted`` chosen
        when it is a known status, else the next status of the lifecycle (never Draft by
        accident; nothing chosen after the last one)."""
        form = cls(formdata=None)
        form.to_status.data = wanted if statuses.is_known(wanted) else statuses.next_status(current)
        return form


class RetractForm(FlaskForm):
    """Why a status entry is wrong (required; it is kept in the history)."""

    reason = TextAreaField(
        _l("Reason for retracting"),
        filters=[strip_filter],
        validators=[DataRequired(_l("Say why the entry is wrong.")), Length(max=MAX_NOTE_LENGTH)],
    )
