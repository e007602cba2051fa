"""CSV imports of feedback (call-center, chat and social-listening exports): upload, column
mapping with guesses and a preview, the import itself with row errors, and results."""


def register_blueprints(app):
    from app.imports import routes

    app.register_blueprint(routes.bp)
