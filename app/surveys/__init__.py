"""Surveys: the builder and campaigns (staff and partner admins, under /surveys), and
the public response pages (/s/<token>, no login: the token is the credential)."""

from flask import Blueprint, abort

from app.core.permissions import is_partner_admin, is_staff, membership_required


def surveys_guard():
    """Vendor staff and partner admins; partner members do not learn the area exists."""
    redirect_response = membership_required()
    if redirect_response is not None:
        return redirect_response
    if not (is_staff() or is_partner_admin()):
        abort(404)
    return None


bp = Blueprint("surveys", __name__, url_prefix="/surveys", template_folder="templates")
bp.before_request(surveys_guard)

public_bp = Blueprint("survey_public", __name__, template_folder="templates", cli_group=None)

from app.surveys import cli, public_routes, routes  # noqa: E402,F401


def register_blueprints(app):
    app.register_blueprint(bp)
    app.register_blueprint(public_bp)
