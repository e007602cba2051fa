"""Partner organisations: their pages (list, profile, edit, status), tiers, the lists of
regions and verticals, and the partner model itself. Deleting a partner is app/lifecycle's."""


def register_blueprints(app):
    from app.partners import list_routes, routes  # noqa: F401  (list_routes' views attach to routes.bp)

    app.register_blueprint(routes.bp)
