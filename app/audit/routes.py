"""The audit log page and its CSV and JSON exports (same filters)."""

import csv
import io
import json

from flask import Blueprint, Response, render_template, request

from app.audit import services as audit_service
from app.audit.forms import AuditFilterForm
from app.core.exports import safe_csv_row
from app.core.list_filters import page_number, usable_filters
from app.core.permissions import Access, default_access

bp = Blueprint("audit", __name__, url_prefix="/audit", template_folder="templates")
default_access(bp, Access.ADMIN)


def _filters():
    """The filters of the query string, and their form; invalid ones are ignored (and named)."""
    form = usable_filters(AuditFilterForm(request.args))
    filters = audit_service.AuditFilters(
        kind=form.kind.data or None, object_id=form.object_id.data, actor_id=form.actor_id.data,
        action=form.action.data or None, start=form.start.data, end=form.end.data,
    )
    return filters, form


@bp.route("/")
def index():
    filters, form = _filters()
    pagination = audit_service.audit_page(filters, page=page_number(request.args))
    names = audit_service.reference_names(pagination.items)
    query = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template("audit/index.html", pagination=pagination, form=form,
                           names=names, shown=audit_service.shown_value, query=query)


def _download(body, mimetype, filename):
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f"attachment; filename={filename}"})


@bp.route("/export.csv")
def export_csv():
    entries = audit_service.audit_entries(_filters()[0])
    buffer = io.StringIO()
    csv.writer(buffer).writerows(safe_csv_row(row) for row in audit_service.export_rows(entries))
    return _download(buffer.getvalue(), "text/csv", "audit-log.csv")


@bp.route("/export.json")
def export_json():
    entries = audit_service.audit_entries(_filters()[0])
    return _download(json.dumps(audit_service.export_document(entries), indent=1), "application/json",
                     "audit-log.json")
