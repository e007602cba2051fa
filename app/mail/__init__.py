"""Email: a durable outbox written in the caller's transaction, and an SMTP sender."""

# app.models imports app.mail.models; loading the models first keeps `import app.mail...`
# working on its own (a script or a test importing the sender before anything else).
import app.models  # noqa: F401
from app.mail.outbox import enqueue_email  # noqa: F401


def register_blueprints(app):
    from app.mail import routes

    app.register_blueprint(routes.bp)
