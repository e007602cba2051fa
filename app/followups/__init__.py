"""Follow-ups (/followups: inbox, team view, automation rules, policy), the public
loop-confirmation page (/loop/<token>, no login: the token is the credential) and
the `flask --app wsgi followups escalate|digest` commands."""

from flask import Blueprint

from app.core.permissions import membership_required

bp = Blueprint("followups", __name__, url_prefix="/followups", template_folder="templates")
bp.before_request(membership_required)
loop_bp = Blueprint("loop", __name__, template_folder="templates", cli_group=None)

from app.followups import cli, public_routes, routes, rule_routes  # noqa: E402,F401


def register_blueprints(app):
    app.register_blueprint(bp)
    app.register_blueprint(loop_bp)
