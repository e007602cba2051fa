"""The home page and the health check."""

from flask import Blueprint, jsonify, render_template
from flask_login import current_user
from sqlalchemy import text

from app.core.permissions import Access, default_access, membership_required
from app.extensions import db
from app.home.services import home_summary
from app.jobs.services.health import jobs_health
from app.tenancy.request import current_membership

bp = Blueprint("home", __name__, template_folder="templates")
# The home page is the landing page for visitors (members get their summary).
default_access(bp, Access.PUBLIC)


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return render_template("home/landing.html")
    guard = membership_required()
    if guard is not None:
        return guard
    return render_template("home/home.html", summary=home_summary(current_membership))


@bp.route("/healthz")
def healthz():
    """503 only when the database is down. A queue outage is "degraded" with 200: the web
    app still takes answers (their jobs wait in the table), and a load balancer must not
    take every web process out for it; monitoring reads "queue" and "jobs_waiting"."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # the point of the endpoint is to report, not raise
        return jsonify(status="error", database="unavailable", detail=type(error).__name__), 503
    jobs = jobs_health()
    return jsonify(status="ok" if jobs["queue"] == "ok" else "degraded", database="ok", **jobs)

