"""The app's URL map as the access and page sweeps see it."""

from werkzeug.routing import AnyConverter, IntegerConverter

PUBLIC_ENDPOINTS = {"static", "auth.login", "operations.healthz"}
# The public pages (issue 19): open to everyone, tested by tests/test_public_pages.py.
PUBLIC_BLUEPRINTS = ("public.", "public_ja.", "public_site.")


def staff_rules(app):
    """Every rule a logged-out visitor must not reach: all but static, login, the API and
    the public pages."""
    return [
        rule for rule in app.url_map.iter_rules()
        if rule.endpoint not in PUBLIC_ENDPOINTS and not rule.rule.startswith("/api")
        and not rule.endpoint.startswith(PUBLIC_BLUEPRINTS)
    ]


def build_url(app, rule, known=None) -> str:
    """A URL for ``rule``: real values where ``known`` has them, else any value of the
    right type (the access checks run before the view looks anything up)."""
    known = known or {}
    values = {}
    for name in rule.arguments:
        if name in known:
            values[name] = known[name]
        elif isinstance(rule._converters.get(name), IntegerConverter):
            values[name] = 1
        elif isinstance(rule._converters.get(name), AnyConverter):
            values[name] = sorted(rule._converters[name].items)[0]
        else:
            values[name] = "x"
    with app.test_request_context():
        adapter = app.url_map.bind("localhost")
        methods = rule.methods - {"HEAD", "OPTIONS"}
        return adapter.build(rule.endpoint, values, method=sorted(methods)[0])
