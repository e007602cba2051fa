from flask import Blueprint

from app.extensions import login_manager

bp = Blueprint("auth", __name__, template_folder="templates")

# Pages behind @login_required send anonymous visitors to log in, then back.
login_manager.login_view = "auth.login"
login_manager.login_message_category = "info"

from app.auth import routes, sessions, signup_routes  # noqa: E402,F401
