"""Admin pages: users and roles, and the (read-only) audit log. Only admins get in (``guard_admin``)."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from ...domain import policies
from ...extensions import db
from ...models import ROLES, User
from .. import rendering as web
from ..access import guard_admin
from ..auth.routes import end_user_sessions, find_user_by_email
from ..i18n import role_label
from ..rendering import render

bp = Blueprint("admin", __name__, url_prefix="/admin")
guard_admin(bp)


class UserForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), choices=[SelectChoice(key, label) for key, label in ROLES.items()])
    password = PasswordField(_l("Password"), validators=[Optional(), Length(min=10, max=500)],
                             description=_l("At least 10 characters. Leave empty to keep the current one."))
    active = BooleanField(_l("Active"), default=True)

    def __init__(self, *args, user: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._user = user
        self.role.choices = [SelectChoice(key, role_label(key)) for key in ROLES]

    def validate_email(self, field):
        other = find_user_by_email(field.data)
        if other is not None and other is not self._user:
            raise ValidationError(_("Another user already has this email."))

    def validate(self, extra_validators=None) -> bool:
        # Not a validate_password method: Optional() stops the chain on an empty field.
        ok = super().validate(extra_validators)
        if self._user is None and not self.password.data:
            self.password.errors = [*self.password.errors, _("Set a password for the new user.")]
            ok = False
        return ok


@bp.get("/users")
def users():
    rows = db.session.execute(select(User).order_by(User.role, User.email)).scalars().all()
    return render("admin/users.html", "admin/_users.html", users=rows)


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    form = UserForm()
    if form.validate_on_submit():
        user = User(email=form.email.data.strip().lower(), name=form.name.data.strip(),
                    role=form.role.data, active=form.active.data)
        user.set_password(form.password.data)
        db.session.add(user)
        db.session.commit()
        flash(_("User %(email)s created.", email=user.email), "success")
        return redirect(url_for("admin.users"))
    return render("admin/user_form.html", "admin/_user_form.html", form=form, user=None,
                  status=400 if form.errors else 200)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = UserForm(obj=user, user=user)
    if form.validate_on_submit():
        if not policies.may_change_own_account(current_user, user, form.role.data, form.active.data):
            form.role.errors = ["You cannot remove your own admin rights or deactivate yourself."]
        else:
            user.email = form.email.data.strip().lower()
            user.name = form.name.data.strip()
            user.role = form.role.data
            user.active = form.active.data
            if form.password.data:
                user.set_password(form.password.data)
                end_user_sessions(user)  # a reset password logs out their other sessions
            db.session.commit()
            flash(_("User %(email)s saved.", email=user.email), "success")
            return redirect(url_for("admin.users"))
    has_errors = any(f.errors for f in form)
    return render("admin/user_form.html", "admin/_user_form.html", form=form, user=user,
                  status=400 if has_errors else 200)


@bp.get("/audit")
def audit():
    """The audit log, newest first, 50 a page; filters ``who`` (a user id, or 0 for entries
    with no user), ``type`` (model name), ``action``, ``since`` and ``until`` (UTC days,
    both included). Unknown values are ignored. Read-only: there is no route that changes
    or deletes an entry."""
    from ...services.accounts import audit as audit_log

    object_type = request.args.get("type") or None
    action = request.args.get("action") or None
    if object_type not in (None, *audit_log.OBJECT_TYPES):
        object_type = None
    if action not in (None, *audit_log.ACTIONS):
        action = None
    people = db.session.execute(select(User).order_by(User.name, User.email)).scalars().all()
    who = _audit_who(request.args.get("who"), {u.id for u in people} | {audit_log.SYSTEM_USER})
    since, until = _day(request.args.get("since")), _day(request.args.get("until"))
    page_number = web.page_number(request.args.get("page"))
    page = audit_log.list_entries(object_type=object_type, action=action, user_id=who,
                                  since=since, until=until, page=page_number)
    args = {key: value for key, value in (("who", who), ("type", object_type), ("action", action),
                                           ("since", since and since.isoformat()),
                                           ("until", until and until.isoformat()))
            if value is not None}
    return render("admin/audit.html", "admin/_audit_rows.html", page=page, args=args,
                  object_type=object_type, action=action, who=who, since=since, until=until,
                  people=people, system_user=audit_log.SYSTEM_USER,
                  object_types=audit_log.OBJECT_TYPES, actions=audit_log.ACTIONS)


def _audit_who(raw: str | None, known: set[int]) -> int | None:
    try:
        value = int(raw or "")
    except ValueError:
        return None
    return value if value in known else None


def _day(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw or "")
    except ValueError:
        return None
