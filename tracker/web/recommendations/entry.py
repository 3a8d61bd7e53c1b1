"""Faster entry on the create form: "start from a publication", "save and add another",
and the duplicate-title warning (the views are in ``edit``).

- ``GET /recommendations/new?publication=<slug or id>`` pre-fills publication, event, topic
  (and so line of effort) and addressees from the publication's earlier entries
  (``services.recommendations.prefill``). ``event``, ``topic`` and ``addressees`` given in
  the address win over those guesses: "save and add another" sends the user back to a new
  form with the values just saved.
- A title that matches one already in the same publication (``domain.duplicates``) is not
  saved at once: the form comes back with a warning linking to the match; saving again
  (the form then carries the ids it warned about in ``duplicates_seen``) saves it.
"""

from flask import request, url_for

from ...services.recommendations import duplicates, prefill

KEPT = ("publication", "event", "topic")


def initial_for_new(args) -> dict:
    """Initial data of a new form from the address (see the module docstring)."""
    data: dict = {}
    publication = prefill.find_publication(args.get("publication"))
    if publication is not None:
        data = {k: v for k, v in prefill.from_publication(publication).items() if v}
    for name in ("event", "topic"):
        raw = (args.get(name) or "").strip()
        if raw.isascii() and raw.isdigit() and len(raw) < 10:
            data[name] = int(raw)
    if args.getlist("addressees"):
        data["addressees"] = args.getlist("addressees")[:10]
    return {k: (str(v) if k in KEPT else v) for k, v in data.items()}


def another_url(form) -> str:
    """The new form again, with the fields "save and add another" keeps."""
    params = {name: form[name].data for name in KEPT if form[name].data}
    return url_for("recommendations.new", **params, addressees=list(form.addressees.data or []))


def wants_another() -> bool:
    return request.form.get("then") == "another"


def unconfirmed_duplicates(form) -> list:
    """The recommendations the new one's title duplicates, unless the form was already
    warned about every one of them (then saving again saves)."""
    raw = (form.publication.data or "").strip()
    publication_id = int(raw) if raw.isdigit() else None
    found = duplicates.find(form.title_en.data, form.title_ja.data, publication_id)
    seen = set((form.duplicates_seen.data or "").split(","))
    if all(str(rec.id) in seen for rec in found):
        return []
    form.duplicates_seen.data = ",".join(str(rec.id) for rec in found)
    return found
