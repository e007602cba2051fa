from flask import Blueprint

from app.core.permissions import staff_guard

# Theme management is the vendor staff's analysis tool: partner users get 404.
bp = Blueprint("themes", __name__, url_prefix="/settings/themes", template_folder="templates")
bp.before_request(staff_guard)

from app.themes import routes  # noqa: E402,F401
