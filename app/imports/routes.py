"""CSV imports of feedback: upload -> map columns and preview -> import -> results."""

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from app.core.errors import ServiceError, back_to
from app.core.forms import commit_or_show
from app.core.list_filters import page_number
from app.core.permissions import Access, default_access, get_or_404
from app.extensions import csrf, db
from app.imports.forms import MappingForm, RunForm, UploadForm
from app.imports.models import ImportBatch, ImportStatus
from app.imports.services import batches as import_service
from app.imports.services import results as import_results
from app.imports.services.files import MAX_COLUMNS
from app.imports.services.rows import FIELDS
from app.imports.tasks import start_import

# Vendor staff only: partner users get a 404 for every route.
bp = Blueprint("imports", __name__, url_prefix="/imports", template_folder="templates")
default_access(bp, Access.STAFF)

RESULT_MESSAGES = {
    ImportStatus.IMPORTED: ("Import finished.", "success"),
    ImportStatus.REJECTED: ("Nothing was imported: some rows are bad (all-or-nothing).", "warning"),
    ImportStatus.FAILED: ("The import failed; nothing was imported.", "danger"),
}


def _upload_limit():
    return current_app.config.get("IMPORT_MAX_UPLOAD_BYTES", import_service.MAX_UPLOAD_BYTES)


def _render_new(form, status=200):
    return render_template("imports/new.html", form=form, limit_mb=_upload_limit() / 1024 / 1024), status


def _too_large_form():
    form = UploadForm(formdata=None)
    form.file.errors = [f"The file is larger than {_upload_limit() / 1024 / 1024:g} MB; split it into smaller files."]
    return form


@bp.route("/")
def index():
    return render_template("imports/index.html", batches=import_results.recent_batches())


# Exempt from the app-wide CSRF check only because that check reads the body before this view
# can raise the size limit; the view runs the same check itself, right after raising it.
@bp.route("/new", methods=["GET", "POST"])
@csrf.exempt
def new():
    request.max_content_length = _upload_limit()  # this route only; the app-wide limit stays lower
    try:
        if request.method == "POST" and current_app.config["WTF_CSRF_ENABLED"]:
            csrf.protect()
        form = UploadForm()
        if form.validate_on_submit():
            return _store_upload(form)
    except RequestEntityTooLarge:
        return _render_new(_too_large_form(), 413)
    return _render_new(form, 422 if form.errors else 200)


def _store_upload(form):
    upload = form.file.data
    batch = commit_or_show(form, lambda: import_service.store_upload(
        upload.filename, upload.read(), form.encoding.data, created_by=current_user._get_current_object()))
    if batch is None:
        return _render_new(form, 422)
    return redirect(url_for("imports.mapping", batch_id=batch.id))


def _preview(batch):
    try:
        return import_service.preview(batch), None
    except ServiceError as error:
        return None, error.message


@bp.route("/<int:batch_id>/mapping", methods=["GET", "POST"])
def mapping(batch_id):
    batch = get_or_404(ImportBatch, batch_id)
    if batch.status == ImportStatus.IMPORTED or batch.is_running:
        return redirect(url_for("imports.show", batch_id=batch.id))
    form = MappingForm(batch)
    if request.method == "GET":
        form.load(batch)
    elif form.validate_on_submit() and commit_or_show(form, lambda: import_service.save_mapping(
            batch, form.mapping(), form.default_source.data, form.date_format.data)) is not None:
        return redirect(url_for("imports.mapping", batch_id=batch.id))
    preview, preview_error = _preview(batch) if not form.errors else (None, None)
    run_form = RunForm(mode="all_or_nothing" if batch.all_or_nothing else "partial")
    return render_template("imports/mapping.html", batch=batch, form=form, fields=FIELDS, preview=preview,
                           preview_error=preview_error, run_form=run_form,
                           max_columns=MAX_COLUMNS), 422 if form.errors else 200


@bp.route("/<int:batch_id>/run", methods=["POST"])
@back_to("imports.show", category="warning")
def run(batch_id):
    batch = get_or_404(ImportBatch, batch_id)
    form = RunForm()
    if not form.validate_on_submit():
        abort(400)
    start_import(batch, form.mode.data == "all_or_nothing", current_user._get_current_object())
    db.session.commit()  # the worker starts the import now
    db.session.refresh(batch)
    if batch.is_finished:  # a quick worker (or the tests, which run jobs at once)
        flash(*RESULT_MESSAGES[batch.status])
    else:
        flash("Import started: this page shows its progress, and you may leave it.", "info")
    return redirect(url_for("imports.show", batch_id=batch.id))


@bp.route("/<int:batch_id>")
def show(batch_id):
    batch = get_or_404(ImportBatch, batch_id)
    if batch.is_running:
        return render_template("imports/running.html", batch=batch, job=batch.job)
    if not batch.is_finished:
        return redirect(url_for("imports.mapping", batch_id=batch.id))
    errors = import_results.row_errors_page(batch, page=page_number(request.args))
    return render_template("imports/show.html", batch=batch, errors=errors)


@bp.route("/<int:batch_id>/errors.csv")
def errors_csv(batch_id):
    batch = get_or_404(ImportBatch, batch_id)
    return Response(import_results.row_errors_csv(batch), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=import-{batch.id}-errors.csv"})
