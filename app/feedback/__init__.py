"""The feedback store: every item from partners, customers and staff, on every channel;
the pages where partners give feedback and staff record, read and annotate it."""


def register_blueprints(app):
    from app.feedback import routes

    app.register_blueprint(routes.bp)
