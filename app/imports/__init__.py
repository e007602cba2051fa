from flask import Blueprint

from app.core.permissions import staff_guard

# Vendor staff only: partner users get a 404 for every route (staff_guard).
bp = Blueprint("imports", __name__, url_prefix="/imports", template_folder="templates")
bp.before_request(staff_guard)

from app.imports import routes  # noqa: E402,F401
