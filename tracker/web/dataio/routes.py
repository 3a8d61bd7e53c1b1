"""Web pages to import a spreadsheet (upload, preview, confirm, progress) and to export."""

from flask import Blueprint, Response, abort, current_app, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...domain import policies
from ...services.dataio import (
    exporter,
    import_duplicates,
    import_jobs,
    import_rows,
    importer,
    tabular,
)
from ...services.queries.text_search import SearchQueryError
from ..access import editor_required, guard_staff
from ..rendering import render

bp = Blueprint("dataio", __name__)
guard_staff(bp)
PREVIEW_ROWS = 500


def _form(error: str | None = None, status: int = 200):
    return render("data/import.html", "data/_import.html", error=error, status=status,
                  limit_mb=current_app.config["IMPORT_MAX_BYTES"] // (1024 * 1024),
                  accepted=import_rows.accepted_values())


@bp.get("/import")
@editor_required
def import_form():
    return _form()


@bp.post("/import")
@editor_required
def upload():
    """Check the uploaded file and show what the import would do, row by row."""
    limit = current_app.config["IMPORT_MAX_BYTES"]
    if (request.content_length or 0) > limit + 64 * 1024:
        return _form(_("The file is larger than %(num)d MB. Split it into smaller files and import them one by one.",
                       num=limit // (1024 * 1024)), 413)
    file = request.files.get("file")
    if file is None or not file.filename:
        return _form(_("Choose a file to import."), 400)
    data = file.read(limit + 1)
    if len(data) > limit:
        return _form(_("The file is larger than %(num)d MB. Split it into smaller files and import them one by one.",
                       num=limit // (1024 * 1024)), 413)
    try:
        table = tabular.read_table(data, file.filename)
    except tabular.FileProblem as exc:
        return _form(exc.message, 400)
    create_missing = request.form.get("create_missing") == "1"
    authoritative = request.form.get("authoritative") == "1"
    plan = importer.plan_import(table, create_missing=create_missing, authoritative=authoritative,
                                user=current_user._get_current_object())
    token = None
    if plan.ok:
        token = import_jobs.save_upload(data, file.filename, current_user.id, create_missing,
                                        authoritative)
    return render("data/preview.html", plan=plan, token=token, filename=file.filename,
                  preview_rows=PREVIEW_ROWS, authoritative=authoritative,
                  lines=import_rows.lines_of_effort() if plan.to_create.get("topic") else [], status=200 if plan.ok else 422)


def _job(token: str) -> dict:
    state = import_jobs.read_state(token)
    if state is None:
        abort(404)
    if not policies.can_see_import_job(current_user, state["user_id"]):
        abort(403)
    return state


@bp.post("/import/<token>/confirm")
@editor_required
def confirm(token: str):
    """Run a previewed import: now for small files, in the background for large ones. The
    preview's choices for duplicate rows (``duplicate-<row key>``) are kept with the job."""
    state = _job(token)
    if state["state"] != "uploaded":
        return redirect(url_for("dataio.progress", token=token))
    state["topic_lines"] = _topic_lines(request.form)
    decisions = import_duplicates.decisions_from(request.form)
    if decisions:
        state["duplicates"] = decisions
    import_jobs.write_state(token, state)
    return confirm_run(token, state)


def _topic_lines(form) -> dict[str, int]:
    """The preview's choice of line of effort for each topic to be created: pairs of
    ``new_topic`` (name) and ``new_topic_line`` (id) fields; others are ignored."""
    names, lines = form.getlist("new_topic"), form.getlist("new_topic_line")
    return {name: int(line) for name, line in zip(names, lines, strict=False)
            if line.isdigit() and len(line) < 10}


def confirm_run(token: str, state: dict):
    plan = import_jobs.load_plan(token, state)
    if len(plan.items) <= current_app.config["IMPORT_BACKGROUND_ROWS"]:
        import_jobs.run(token, state)
    else:
        import_jobs.start(current_app._get_current_object(), token, state)
    return redirect(url_for("dataio.progress", token=token))


@bp.post("/import/<token>/resume")
@editor_required
def resume(token: str):
    """Run a stalled import again (its worker died): what its committed batches wrote is
    taken back first, then the whole file is imported."""
    state = _job(token)
    if state["state"] == "stalled":
        state = import_jobs.roll_back(token, state)
        return confirm_run(token, state)
    return redirect(url_for("dataio.progress", token=token))


@bp.post("/import/<token>/cancel")
@editor_required
def cancel(token: str):
    """Drop an unconfirmed or stalled import and its upload."""
    state = _job(token)
    if state["state"] in ("uploaded", "stalled"):
        import_jobs.cancel(token, state)
    return redirect(url_for("dataio.progress", token=token))


@bp.get("/import/<token>")
@editor_required
def progress(token: str):
    """The import's progress (polled by htmx while it runs) and, at the end, its result."""
    state = _job(token)
    return render("data/progress.html", "data/_progress.html", job=state, token=token)


EXPORTS = {"csv": "text/csv; charset=utf-8", "xlsx": exporter.FORMATS["xlsx"],
           "json": "application/json; charset=utf-8"}


def _download(body: bytes, kind: str, fmt: str) -> Response:
    response = Response(body, mimetype=EXPORTS[fmt].split(";")[0])
    if fmt != "xlsx":
        response.headers["Content-Type"] = EXPORTS[fmt]
    response.headers["Content-Disposition"] = f'attachment; filename="{exporter.filename(kind, fmt)}"'
    return response


@bp.get("/export")
def export_page():
    return render("data/export.html", "data/_export.html", args=request.args)


@bp.get("/export/recommendations.<fmt>")
def export_staff(fmt: str):
    """The staff list (query params as on ``/``) with internal fields; ``history=1`` for
    one row per status change."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    try:
        body = exporter.export_staff(fmt, request.args, history=request.args.get("history") == "1")
    except SearchQueryError as exc:  # the list shows this message above no results
        return Response(f"{exc}\n", status=400, mimetype="text/plain")
    return _download(body, "recommendations", fmt)


@bp.get("/export/public.<fmt>")
def export_public(fmt: str):
    """The public data set for partners: public recommendations, public fields only."""
    if fmt not in ("csv", "json"):
        abort(404)
    return _download(exporter.export_public(fmt), "public", fmt)
