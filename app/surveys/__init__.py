"""Surveys: the builder and campaigns (staff and partner admins, under /surveys), partner
pulse surveys, the public response pages (/s/<token>, no login: the token is the
credential), results, the tenant's survey settings, and `flask --app wsgi surveys ...`."""


def register_blueprints(app):
    from app.surveys import cli, public_routes, routes  # noqa: F401  (the commands attach to routes.bp)

    app.register_blueprint(routes.bp)
    app.register_blueprint(public_routes.public_bp)
