"""Access-log lines without secrets: gunicorn's (gunicorn.conf.py names the logger class)
and werkzeug's development server's (wsgi.py installs the filter).

Link tokens travel in paths (/s/<token>, /invitations/<token>, /reset/<token>,
/loop/<token>) and so in request lines and Referer headers; API tokens in Authorization
headers. Every token is `secrets.token_urlsafe(32)`: 43 URL-safe characters. So any run
of 32 or more of those characters is masked wherever it appears, whichever route it is
on (a future token route needs nothing here), and credential headers are masked whole.
A long slug in a path is masked too; that is the price of not missing a token."""

import logging
import re

from gunicorn.glogging import Logger

TOKEN_LIKE = re.compile(r"[A-Za-z0-9_-]{32,}")
MASK = "[masked]"
CREDENTIAL_HEADERS = ("authorization", "proxy-authorization", "cookie", "set-cookie")


def mask_tokens(text):
    """`text` with every token-like run (TOKEN_LIKE) replaced by MASK."""
    return TOKEN_LIKE.sub(MASK, text) if isinstance(text, str) else text


def _masked_atom(name, value):
    # gunicorn names a request header's atom "{name}i", a response header's "{name}o".
    is_header = name.startswith("{") and name[-2:] in ("}i", "}o")
    return MASK if is_header and name[1:-2] in CREDENTIAL_HEADERS else mask_tokens(value)


class TokenMaskingGunicornLogger(Logger):
    """gunicorn's logger; every value an access-log format can use is masked."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {name: _masked_atom(name, value) for name, value in atoms.items()}


class TokenMaskingFilter(logging.Filter):
    """Masks tokens in a record's message and arguments (werkzeug logs the request line
    as an argument: '"%s" %s %s')."""

    def filter(self, record):
        record.msg = mask_tokens(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(mask_tokens(arg) for arg in record.args)
        return True


def mask_tokens_in_werkzeug_log():
    """Install TokenMaskingFilter on werkzeug's logger (the development server's access
    log); installing it twice is harmless."""
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(existing, TokenMaskingFilter) for existing in logger.filters):
        logger.addFilter(TokenMaskingFilter())
