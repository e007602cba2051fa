"""The home page and the health check."""

from flask import jsonify, render_template
from flask_login import current_user
from sqlalchemy import text

from app.extensions import db
from app.main import bp
from app.permissions import membership_required
from app.services.home import home_summary
from app.tenancy.request import current_membership


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return render_template("main/landing.html")
    guard = membership_required()
    if guard is not None:
        return guard
    return render_template("main/home.html", summary=home_summary(current_membership))


@bp.route("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # the point of the endpoint is to report, not raise
        return jsonify(status="error", database="unavailable", detail=type(error).__name__), 503
    return jsonify(status="ok", database="ok")


