"""Accounts: sign-up and its emailed confirmation, log-in and log-out (server-side
sessions), password reset and change, the account page, and choosing the organisation
to act in."""


def register_blueprints(app):
    from app.auth import login, routes, signup_routes  # noqa: F401  (the user loader; views attach to routes.bp)

    app.register_blueprint(routes.bp)
