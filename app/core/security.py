"""Response headers every page gets, the request body limits, and the local-redirect check."""

import io
from urllib.parse import urlsplit

from flask import Request, current_app
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # plotly positions its SVG with style attributes; scripts stay strict.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def add_security_headers(response):
    headers = response.headers
    hsts = current_app.config.get("STRICT_TRANSPORT_SECURITY")
    if hsts:  # production only: browsers then refuse plain HTTP to this host
        headers.setdefault("Strict-Transport-Security", hsts)
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    return response


class FieldCountingFormParser(FormDataParser):
    """Werkzeug's form parser, with MAX_FORM_PARTS applied to urlencoded bodies too.

    Werkzeug counts the parts of multipart bodies only; a 3 MB urlencoded body of a million
    empty fields cost 2 s of CPU to parse, before CSRF or a rate limit could refuse it.
    Counting the separators first makes such a body a 413 within milliseconds."""

    def _parse_urlencoded(self, stream, mimetype, content_length, options):
        body = stream.read()
        if self.max_form_parts is not None and body.count(b"&") >= self.max_form_parts:
            raise RequestEntityTooLarge(f"A form may have at most {self.max_form_parts:,} fields.")
        return super()._parse_urlencoded(io.BytesIO(body), mimetype, content_length, options)


class LimitedRequest(Request):
    """A request whose form obeys the body limits, and keeps refusing once it refused: the
    refused body has been read, so a second look (the view after a rate limiter's key
    function) would otherwise find an empty form instead of the 413."""

    form_data_parser_class = FieldCountingFormParser

    def _load_form_data(self):
        refused = self.__dict__.get("_form_refused")
        if refused is not None:
            raise refused
        try:
            super()._load_form_data()
        except RequestEntityTooLarge as error:
            self.__dict__["_form_refused"] = error
            raise


def install_request_limits(app):
    """Parse every request's form with the field count limit (MAX_FORM_PARTS)."""
    app.request_class = LimitedRequest


def is_safe_local_path(target):
    """True for a path on this site ("/partners?x=1"), false for anything that leaves it."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc
