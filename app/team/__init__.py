from flask import Blueprint

from app.core.permissions import membership_required

bp = Blueprint("team", __name__, url_prefix="/team", template_folder="templates")
bp.before_request(membership_required)

from app.team import routes  # noqa: E402,F401
