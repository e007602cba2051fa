"""The audit log: every change to audited rows recorded centrally; admins read and export
it (nobody edits it)."""


def register_blueprints(app):
    from app.audit import routes

    app.register_blueprint(routes.bp)
