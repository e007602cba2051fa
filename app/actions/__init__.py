"""Actions ("did it work?"): staff record program changes and compare the feedback
of their scope before and after."""


def register_blueprints(app):
    from app.actions import routes

    app.register_blueprint(routes.bp)
