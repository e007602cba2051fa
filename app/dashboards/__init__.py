from flask import Blueprint

from app.core.permissions import membership_required

bp = Blueprint("dashboards", __name__, url_prefix="/insights", template_folder="templates")
bp.before_request(membership_required)

from app.dashboards import routes  # noqa: E402,F401
