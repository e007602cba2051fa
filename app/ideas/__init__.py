"""The ideas board: everyone in the tenant posts, votes and comments; staff run the status
pipeline, merge duplicates and promote feedback; the optional public roadmap."""


def register_blueprints(app):
    from app.ideas import routes

    app.register_blueprint(routes.bp)
    app.register_blueprint(routes.roadmap_bp)
