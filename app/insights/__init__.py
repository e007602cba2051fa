"""Insights: the program view (/insights), partner health, the printable report and CSV;
the rollups and their triggers behind them, their readers, and 'flask rollups rebuild'."""


def register_blueprints(app):
    from app.insights import routes

    app.register_blueprint(routes.bp)
