"""Follow-ups (/followups: inbox, team view, automation rules, policy), the public
loop-confirmation page (/loop/<token>, no login: the token is the credential) and
the `flask --app wsgi followups escalate|digest` commands."""


def register_blueprints(app):
    from app.followups import cli, public_routes, routes, rule_routes  # noqa: F401  (they attach to routes.bp)

    app.register_blueprint(routes.bp)
    app.register_blueprint(public_routes.loop_bp)
