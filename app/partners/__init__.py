from flask import Blueprint

from app.core.permissions import staff_guard

bp = Blueprint("partners", __name__, url_prefix="/partners", template_folder="templates")
bp.before_request(staff_guard)

from app.partners import routes  # noqa: E402,F401
