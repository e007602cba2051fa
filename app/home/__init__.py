"""The home page (landing page for visitors, the signed-in person's summary), the health
check and the chart library's script."""


def register_blueprints(app):
    from app.home import routes

    app.register_blueprint(routes.bp)
