"""Static assets: the app's own files, Bootstrap-Flask's and the plotly.js bundle, copied under
content-hashed names, compressed ahead of time (gzip and Brotli), served by WhiteNoise with a
year of immutable caching; `url_for('static', ...)` answers the hashed URL. See docs/page-weight.md."""


def register(app):
    from app.assets import compression, serving
    from app.assets.cli import assets_cli

    serving.install(app)
    # Flask runs after_request hooks last-registered first: the request hooks registered later
    # in create_app (security headers, audit) run before compression; those of the extensions
    # registered earlier run after it and only add headers.
    compression.install(app)
    app.cli.add_command(assets_cli)
