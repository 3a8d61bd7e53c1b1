"""Error pages: HTML for the staff side. (The API blueprint answers JSON itself.)"""

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..extensions import db
from .i18n import N_

MESSAGES = {
    400: N_("The request could not be understood."),
    403: N_("You do not have permission to do this."),
    404: N_("There is nothing here. The address may be mistyped, or the record may not exist."),
    405: N_("This action is not allowed here."),
    413: N_("That upload is too large."),
    500: N_("Something went wrong on our side. The error has been logged."),
}


def _page(status: int, message: str | None = None):
    message = message or _(MESSAGES.get(status, N_("Something went wrong.")))
    return render_template("errors/error.html", status=status, message=message), status


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error):
        return _page(400, _("Your form expired or was sent from elsewhere. Reload the page and try again."))

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        if request.path.startswith("/api/"):
            from ..api.errors import http_error_response

            return http_error_response(error)
        response = error.get_response()
        if error.code and error.code >= 400:
            page, status = _page(error.code, None if error.code in MESSAGES else error.description)
            response.set_data(page)
            response.content_type = "text/html; charset=utf-8"
        return response

    @app.errorhandler(500)
    def _server_error(error):
        db.session.rollback()
        if request.path.startswith("/api/"):
            from ..api.errors import server_error_response

            return server_error_response()
        return _page(500)
