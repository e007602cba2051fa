"""Pages and CSV exports sent compressed (Flask-Compress), but only in answer to requests the
site itself started.

Why the condition (BREACH): a compressed page that holds a secret (the CSRF token) beside text
an attacker chose (a search term echoed in a filter) shrinks a little when the two match, so
someone who sees the encrypted sizes and can make the browser send many such requests can guess
the secret piece by piece. Those requests come from another site, and browsers say so:
`Sec-Fetch-Site: cross-site`. Navigation inside the portal says `same-origin`, a typed address
or bookmark `none`. Anything else, and a browser that holds cookies but sends no such header,
gets the page uncompressed; clients without cookies (the API's token holders) get it compressed."""

from flask import request

from app.extensions import compress

SAFE_ORIGINS = {"same-origin", "none"}


def install(app):
    compress.init_app(app)  # COMPRESS_REGISTER is off (config.py): compress_when_safe decides
    app.after_request(compress_when_safe)


def compress_when_safe(response):
    site = request.headers.get("Sec-Fetch-Site")
    if site in SAFE_ORIGINS or (site is None and not request.cookies):
        return compress.after_request(response)
    return response
