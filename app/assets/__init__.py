"""Static assets: the app's own files, Bootstrap-Flask's and the plotly.js bundle, copied under
content-hashed names, compressed ahead of time (gzip and Brotli), served by WhiteNoise with a
year of immutable caching; `url_for('static', ...)` answers the hashed URL. See docs/page-weight.md."""


def register(app):
    from app.assets.cli import assets_cli
    from app.assets.serving import install

    install(app)
    app.cli.add_command(assets_cli)
