"""Login and logout (Flask-Login, email and password)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from .extensions import db, login_manager
from .models import User, utcnow
from .web import is_safe_redirect

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.login"
login_manager.login_message = "Please log in to see this page."
login_manager.login_message_category = "info"

WRONG_LOGIN = "Email or password is incorrect."


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    try:
        return db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        return None


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=500)])
    remember = BooleanField("Keep me logged in")


def find_user_by_email(email: str) -> User | None:
    return db.session.execute(
        select(User).where(func.lower(User.email) == email.strip().lower())
    ).scalar_one_or_none()


@bp.route("/login", methods=["GET", "POST"])
def login():
    next_url = request.args.get("next")
    if current_user.is_authenticated:
        return redirect(next_url if is_safe_redirect(next_url) else url_for("recommendations.index"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = find_user_by_email(form.email.data)
        # Same message whether the email is unknown, the password wrong or the user disabled.
        if user is None or not user.active or not user.check_password(form.password.data):
            error = WRONG_LOGIN
        else:
            login_user(user, remember=form.remember.data)
            user.last_login_at = utcnow()
            db.session.commit()
            return redirect(next_url if is_safe_redirect(next_url) else url_for("recommendations.index"))
    elif request.method == "POST":
        error = WRONG_LOGIN if not form.errors.get("csrf_token") else (
            "Your session expired. Please try again."
        )
    status = 200 if error is None else 400
    return render_template("auth/login.html", form=form, error=error, next=next_url), status


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    flash("You have been logged out.", "info")
    return redirect(url_for("auth.login"))
