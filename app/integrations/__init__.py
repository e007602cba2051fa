"""Integrations: tenant API tokens and outgoing webhooks, their admin pages
(tenant admins only) and CLI."""


def register_blueprints(app):
    from app.integrations import routes

    app.register_blueprint(routes.bp)
