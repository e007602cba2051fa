"""What an import left: the recent batches and their row errors (page and CSV)."""

import csv
import io

from sqlalchemy import select

from app.core.exports import safe_csv_row
from app.extensions import db
from app.imports.models import ImportBatch, ImportRowError


def recent_batches(limit=50):
    return db.session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit)).all()


def row_errors_page(batch, page=1, per_page=50):
    statement = (select(ImportRowError).where(ImportRowError.batch_id == batch.id)
                 .order_by(ImportRowError.line, ImportRowError.id))
    return db.paginate(statement, page=page, per_page=per_page, error_out=False)


def row_errors_csv(batch):
    """The batch's row errors as CSV text; cells that look like formulas are neutralised."""
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(["line", "field", "value", "error"])
    errors = db.session.execute(
        select(ImportRowError.line, ImportRowError.field, ImportRowError.value, ImportRowError.message)
        .where(ImportRowError.batch_id == batch.id).order_by(ImportRowError.line, ImportRowError.id)
    )
    for row in errors:
        writer.writerow(safe_csv_row(row))
    return output.getvalue()
