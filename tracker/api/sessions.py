"""No cookie session under ``/api/``: partners authenticate with tokens, and no API answer
depends on the browser session. Opening (verifying the signed cookie) and saving it cost
a large share of a cached answer; an API request gets Flask's null session instead (which
reads as empty; no endpoint under ``/api/`` writes to it). The human page ``/api`` keeps
the normal session (its layout shows who is logged in).
"""

from flask.sessions import SecureCookieSessionInterface

API_PREFIX = "/api/"


class ApiSessionInterface(SecureCookieSessionInterface):
    """The signed-cookie session, except for requests under ``/api/``."""

    def open_session(self, app, request):
        if request.path.startswith(API_PREFIX):
            return self.null_session_class()
        return super().open_session(app, request)


def install(app) -> None:
    """Use ``ApiSessionInterface`` when ``app`` has Flask's default session interface."""
    if type(app.session_interface) is SecureCookieSessionInterface:
        app.session_interface = ApiSessionInterface()
