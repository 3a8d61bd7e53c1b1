"""Running an import the way the CLI does, for the import tests."""

from tracker.extensions import db
from tracker.services.dataio import importer, tabular


def run(data, filename="recs.csv", *, create_missing=False, dry_run=False, column_map=None):
    """Plan and (unless dry_run or problems) apply and commit; returns the plan and summary."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    plan = importer.plan_import(tabular.read_table(data, filename),
                                create_missing=create_missing, column_map=column_map)
    summary = None
    if plan.ok and not dry_run:
        summary = importer.apply_plan(plan)
        db.session.commit()
    return plan, summary
