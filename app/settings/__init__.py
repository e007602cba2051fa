from flask import Blueprint

from app.core.permissions import admin_guard

bp = Blueprint("settings", __name__, url_prefix="/settings", template_folder="templates")
bp.before_request(admin_guard)

from app.settings import routes  # noqa: E402,F401
