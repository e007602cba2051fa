"""Turning an outbox row into a standard-library EmailMessage, and the header checks."""

import functools
import secrets
from datetime import UTC
from email import errors, headerregistry, policy
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from app.core.models import utcnow
from app.core.validation import as_single_line, single_line_problem


def check_header_value(name, value):
    """Raise ValueError when `value` is not a single-line text (a line break could end the
    header early, app.core.validation.LINE_BREAKING).

    EmailMessage refuses values that split into several lines, but not a trailing
    CR/LF ("Hi\\r\\n" becomes a blank line that ends the headers), so check first."""
    if single_line_problem(value):
        raise ValueError(f"{name} must not contain line breaks or control characters: {value!r}")


def subject_line(subject):
    """The subject as a header can hold it: on one line. Subjects quote names and titles,
    and rows stored before those were checked may hold any line break (U+2028 ...)."""
    return as_single_line(subject)


class _CachingHeaderRegistry(headerregistry.HeaderRegistry):
    """The standard registry builds a new header class on every lookup and parses
    the same values (From, MIME-Version, Content-Type ...) for every message: half
    the cost of building one. Header classes and parsed headers are immutable, so
    reuse them."""

    def __init__(self):
        super().__init__()
        self._classes = {}
        self._parsed = functools.lru_cache(maxsize=512)(super().__call__)

    def __getitem__(self, name):
        key = name.lower()
        if key not in self._classes:
            self._classes[key] = super().__getitem__(name)
        return self._classes[key]

    def __call__(self, name, value):
        return self._parsed(name, value)


# RFC 5322 with CRLF line ends (what SMTP wants), refusing multi-line header values;
# 7bit: non-ASCII bodies are encoded, as not every relay accepts 8BITMIME.
MAIL_POLICY = policy.SMTP.clone(cte_type="7bit", header_factory=_CachingHeaderRegistry())


def _check_single_address(header):
    # A non-ASCII local part is legal (sent with SMTPUTF8); other defects mean garbage.
    defects = [d for d in header.defects if not isinstance(d, errors.NonASCIILocalPartDefect)]
    if defects or len(header.addresses) != 1 or "@" not in header.addresses[0].addr_spec:
        raise ValueError(f"To must be one email address: {str(header)!r}")


def check_recipient(address):
    """Raise ValueError unless `address` is exactly one email address."""
    check_header_value("To", address)
    _check_single_address(MAIL_POLICY.header_factory("To", address))


def check_headers(to_address, kind):
    """Raise ValueError for an address or kind that must not reach an email's headers
    (the subject is made one line instead, subject_line)."""
    check_recipient(to_address)
    check_header_value("Kind", kind)


def message_id(outbox_message, domain):
    """The same Message-ID on every attempt, so a retried message can be recognised."""
    created = outbox_message.created_at
    stamp = created.strftime("%Y%m%d%H%M%S%f") if created else "new"
    return f"<outbox.{outbox_message.id or 'new'}.{stamp}@{domain}>"


def _domain_of(mail_from):
    return parseaddr(mail_from)[1].rpartition("@")[2] or "partnerloop.local"


def build_message(outbox_message, mail_from):
    """A multipart/alternative message (plain text + HTML); ValueError for a bad address
    or kind (checked again here: a row need not have come through enqueue_email)."""
    check_header_value("To", outbox_message.to_address)
    check_header_value("Kind", outbox_message.kind)
    message = EmailMessage(policy=MAIL_POLICY)
    message["From"] = mail_from
    message["To"] = outbox_message.to_address
    _check_single_address(message["To"])
    message["Subject"] = subject_line(outbox_message.subject)
    message["Date"] = format_datetime((outbox_message.created_at or utcnow()).replace(tzinfo=UTC))
    message["Message-ID"] = message_id(outbox_message, _domain_of(mail_from))
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies, please
    message["X-Partnerloop-Kind"] = outbox_message.kind
    message["MIME-Version"] = "1.0"
    boundary = _boundary_for(outbox_message.text_body, outbox_message.html_body)
    message["Content-Type"] = f'multipart/alternative; boundary="{boundary}"'
    message.add_alternative(outbox_message.text_body)
    message.add_alternative(outbox_message.html_body, subtype="html")
    return message


def _boundary_for(*bodies):
    # Chosen here: left to the generator, a boundary costs a regular expression
    # compiled per message plus a re-parse of Content-Type, a fifth of the sender's
    # time. "=" and "-" never occur in quoted-printable or base64 output, so only
    # bodies sent as they are need checking.
    while True:
        boundary = f"==partnerloop-{secrets.token_hex(12)}=="
        if not any(boundary in body for body in bodies):
            return boundary
