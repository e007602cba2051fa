"""Serving: WhiteNoise answers hashed asset URLs (compressed when the browser accepts it, cached
for a year, immutable) before Flask sees the request; url_for gives templates those URLs; and
every response of a signed-in person says `no-store`, so no cache keeps their pages."""

from flask import current_app, request, session
from whitenoise import WhiteNoise

from app.assets.build import build, endpoint_folder
from app.assets.sources import collect

ONE_YEAR = 365 * 24 * 3600
STATIC_ENDPOINTS = ("static", "bootstrap.static")


def install(app):
    names = build(collect(app), app.config["ASSETS_BUILD_DIR"])
    app.extensions["hashed_assets"] = names
    app.url_defaults(_use_hashed_filename)
    app.after_request(forbid_storing_signed_in_pages)
    app.wsgi_app = _whitenoise(app, app.config["ASSETS_BUILD_DIR"])


def _whitenoise(app, build_dir):
    # Only hashed files live in the build folder, so every file WhiteNoise serves is immutable.
    # Plain names (/static/css/app.css) fall through to Flask's static route, as before.
    server = WhiteNoise(app.wsgi_app, max_age=ONE_YEAR, add_headers_function=_add_headers)
    server.add_files(str(endpoint_folder(build_dir, "static")), prefix=app.static_url_path)
    server.add_files(str(endpoint_folder(build_dir, "bootstrap.static")),
                     prefix=app.blueprints["bootstrap"].static_url_path)
    return server


def _add_headers(headers, _path, _url):
    # A year, as browsers cap it anyway (WhiteNoise's own immutable test would say ten).
    headers["Cache-Control"] = f"max-age={ONE_YEAR}, public, immutable"
    headers["X-Content-Type-Options"] = "nosniff"


def _use_hashed_filename(endpoint, values):
    """url_defaults hook: url_for('static', filename='css/app.css') -> /static/css/app.<hash>.css."""
    if endpoint in STATIC_ENDPOINTS and "filename" in values:
        hashed = current_app.extensions["hashed_assets"].get((endpoint, values["filename"]))
        if hashed:
            values["filename"] = hashed


def forbid_storing_signed_in_pages(response):
    """A signed-in person's pages, exports and JSON carry their tenant's data: no browser or
    proxy cache may keep them (the back button re-asks the server). A response that chose
    `public` itself (the API's OpenAPI document) keeps its choice."""
    if request.endpoint in STATIC_ENDPOINTS or "public" in response.headers.get("Cache-Control", ""):
        return response
    # Flask-Login's session key, not current_user: no user query in a response hook (the
    # database may be why the response is an error). A stale id errs on the side of no-store.
    if session.get("_user_id") is not None:
        response.headers["Cache-Control"] = "no-store"
    return response
