from flask import Blueprint

from app.core.permissions import membership_required

bp = Blueprint("feedback", __name__, url_prefix="/feedback", template_folder="templates")
bp.before_request(membership_required)

from app.feedback import routes  # noqa: E402,F401
