"""The home page and the health check."""

import os

import plotly
from flask import Blueprint, abort, jsonify, render_template, send_from_directory
from flask_login import current_user
from sqlalchemy import text

from app.core.permissions import Access, default_access, membership_required
from app.extensions import db
from app.home.services import home_summary
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
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # the point of the endpoint is to report, not raise
        return jsonify(status="error", database="unavailable", detail=type(error).__name__), 503
    return jsonify(status="ok", database="ok")



PLOTLY_DIR = os.path.join(os.path.dirname(plotly.__file__), "package_data")


@bp.route("/vendor/plotly-<version>.min.js")
def plotly_js(version):
    """plotly.js from the installed plotly package: no CDN, cacheable for a year."""
    if version != plotly.__version__:
        abort(404)
    return send_from_directory(PLOTLY_DIR, "plotly.min.js", mimetype="text/javascript", max_age=31536000)


@bp.app_context_processor
def inject_plotly_url():
    return {"plotly_version": plotly.__version__}
