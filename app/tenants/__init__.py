"""Tenants (the vendor companies), their memberships, the team page and invitations, and
the settings pages (program elements, categories, the data export and deletion), with
`flask --app wsgi tenant create`."""


def register_blueprints(app):
    from app.tenants import invitation_routes, settings_routes, team_routes

    for module in (team_routes, invitation_routes, settings_routes):
        app.register_blueprint(module.bp)
