"""Analysis of feedback text: sentiment (its engines), the loop response, themes (keyword
tags, their pages under /settings/themes) and re-analysis (`flask --app wsgi analysis rerun`)."""


def register_blueprints(app):
    from app.analysis import routes

    app.register_blueprint(routes.bp)
