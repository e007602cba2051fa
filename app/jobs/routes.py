"""The jobs page: the tenant's background work, its progress (live, by polling), errors,
who started it; cancel and retry. Staff only."""

from flask import Blueprint, flash, jsonify, redirect, render_template, url_for
from flask_login import current_user

from app.core.errors import back_to
from app.core.permissions import Access, default_access, get_or_404
from app.extensions import db
from app.jobs.models import Job
from app.jobs.services import submit as job_service

bp = Blueprint("jobs", __name__, url_prefix="/jobs", template_folder="templates")
default_access(bp, Access.STAFF)


@bp.route("/")
def index():
    return render_template("jobs/index.html", jobs=job_service.recent_jobs(),
                           failed_analyses=job_service.failed_item_analysis_count())


@bp.route("/<int:job_id>")
def show(job_id):
    return render_template("jobs/show.html", job=get_or_404(Job, job_id))


@bp.route("/<int:job_id>/progress.json")
def progress(job_id):
    """What the page's polling script reads (app/static/js/job-progress.js)."""
    job = get_or_404(Job, job_id)
    return jsonify(id=job.id, state=job.state.value, done=job.progress_done, total=job.progress_total,
                   percent=job.percent, finished=job.is_finished, result=job.result, error=job.error)


@bp.route("/<int:job_id>/cancel", methods=["POST"])
@back_to("jobs.show")
def cancel(job_id):
    job = get_or_404(Job, job_id)
    job_service.cancel(job)
    db.session.commit()
    flash("Cancelled." if job.is_finished else "The job stops at its next progress report.", "success")
    return redirect(url_for("jobs.show", job_id=job.id))


@bp.route("/<int:job_id>/retry", methods=["POST"])
@back_to("jobs.show")
def retry(job_id):
    job = get_or_404(Job, job_id)
    job_service.retry(job)
    db.session.commit()
    flash("Queued again.", "success")
    return redirect(url_for("jobs.show", job_id=job.id))


@bp.route("/analysis-rerun", methods=["POST"])
def rerun_analysis():
    """Re-analyse every feedback item of the tenant with the current engine, as a job."""
    job = job_service.submit("analysis.rerun", "Re-analyse all feedback", started_by=current_user)
    db.session.commit()
    flash("Re-analysis started: this page shows its progress.", "success")
    return redirect(url_for("jobs.show", job_id=job.id))


@bp.route("/analyses/retry", methods=["POST"])
def retry_failed_analyses():
    """Run again the failed analyses of single items (their items show "Analysing…")."""
    count = job_service.retry_failed_item_analyses()
    db.session.commit()
    flash(f"Queued again the analysis of {count} item{'s' if count != 1 else ''}." if count
          else "Nothing to run again: no item analysis has failed.", "info")
    return redirect(url_for("jobs.index"))
