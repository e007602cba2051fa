"""Partner organisations: their pages (list, profile, edit, status), tiers, and the
partner model itself. Deleting a partner is app/lifecycle's."""


def register_blueprints(app):
    from app.partners import routes

    app.register_blueprint(routes.bp)
