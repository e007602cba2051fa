from flask import Blueprint

from app.core.permissions import membership_required

bp = Blueprint("ideas", __name__, url_prefix="/ideas", template_folder="templates")
bp.before_request(membership_required)
# The public roadmap needs no login: its own blueprint, without the guard.
roadmap_bp = Blueprint("roadmap", __name__, template_folder="templates")

from app.ideas import routes  # noqa: E402,F401
