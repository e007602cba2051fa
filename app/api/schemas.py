"""Reading API input: the JSON body of a new item and the list query parameters.

Every problem is collected per field and reported together as one 422. Fields the
API does not define (tenant_id, author_id, status ...) are refused, never applied."""

import re
from datetime import UTC, date, datetime

from email_validator import EmailNotValidError, validate_email
from flask import request

from app.api.errors import ApiError
from app.core.models import MAX_ID
from app.core.validation import single_line_problem
from app.feedback.models import Channel, Source
from app.feedback.services import FeedbackFilters, FeedbackInput

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
# Our bodies are flat objects; anything deeper than this is refused before it is used.
MAX_JSON_DEPTH = 20
TOO_DEEP = f"The body nests lists or objects deeper than {MAX_JSON_DEPTH} levels."
LANGUAGE_PATTERN = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
STRING_LIMITS = {
    "text": None,
    "language": 16,
    "external_id": 200,
    "submitter_name": 120,
    "submitter_email": 254,
}
MULTI_LINE_FIELDS = ("text",)  # the others are one line (app.core.validation.LINE_BREAKING)
ID_FIELDS = ("partner_id", "program_element_id", "category_id")
INTEGER_FIELDS = (*ID_FIELDS, "nps", "csat", "rating")
FEEDBACK_FIELDS = ("source", "channel", "given_at", *INTEGER_FIELDS, *STRING_LIMITS)
LIST_PARAMETERS = (
    "partner_id",
    "source",
    "channel",
    "since",
    "until",
    "min_score",
    "max_score",
    "limit",
    "cursor",
)


class FieldErrors(dict):
    """field -> message; raise_if_any() turns them into one 422."""

    def raise_if_any(self):
        if self:
            raise ApiError(422, fields=dict(self))


def json_object_body():
    """The request's JSON object, or 415 (not JSON), 400 (malformed, not an object or
    nested deeper than MAX_JSON_DEPTH), 413."""
    if not request.is_json:
        raise ApiError(415)
    try:
        payload = request.get_json(silent=True)
    except RecursionError:  # the parser stops cleanly at Python's recursion limit
        raise ApiError(400, TOO_DEEP) from None
    if payload is None:
        raise ApiError(400, "The body is not valid JSON.")
    if not isinstance(payload, dict):
        raise ApiError(400, "The body must be a JSON object.")
    if nesting_exceeds(payload, MAX_JSON_DEPTH):
        raise ApiError(400, TOO_DEEP)
    return payload


def nesting_exceeds(value, limit):
    """True when lists and objects in `value` nest deeper than `limit` levels. Iterative:
    later steps (fingerprints, error messages) recurse, so deep values stop here."""
    pending = [(value, 1)]
    while pending:
        current, depth = pending.pop()
        if isinstance(current, dict | list):
            if depth > limit:
                return True
            children = current.values() if isinstance(current, dict) else current
            pending.extend((child, depth + 1) for child in children)
    return False


def _is_valid_unicode(text):
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate escape such as "\ud800"
        return False
    return True


def parse_datetime(value):
    """An ISO 8601 date or date-time as naive UTC (offset-less values are UTC); raises
    ValueError, or OverflowError for an offset that moves it out of years 1-9999."""
    if not isinstance(value, str) or not 10 <= len(value) <= 40:
        raise ValueError(value)
    if len(value) == 10:
        return datetime.combine(date.fromisoformat(value), datetime.min.time())
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def _read_integer(payload, name, errors):
    value = payload.get(name)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        errors[name] = "Must be a whole number."
        return None
    if value is not None and name in ID_FIELDS and not 1 <= value <= MAX_ID:
        # Refused here: the database would fail on an id out of its column's range.
        errors[name] = f"Must be an id from 1 to {MAX_ID}."
        return None
    return value


def _string_problem(name, value, limit):
    if not isinstance(value, str):
        return "Must be a string."
    if not _is_valid_unicode(value):
        return "Contains invalid Unicode (an unpaired surrogate)."
    if limit is not None and len(value) > limit:
        return f"Must be at most {limit} characters."
    if name not in MULTI_LINE_FIELDS and single_line_problem(value):
        return "Must be one line, without line breaks or control characters."
    return None


def _read_string(payload, name, errors):
    value = payload.get(name)
    if value is None:
        return None
    problem = _string_problem(name, value, STRING_LIMITS[name])
    if problem:
        errors[name] = problem
        return None
    return value


def _read_choice(payload, name, enum_cls, errors, default=None):
    value = payload.get(name, default)
    if value is None:
        errors[name] = "Required."
        return None
    try:
        return enum_cls(value)
    except ValueError:
        errors[name] = "Must be one of: " + ", ".join(member.value for member in enum_cls) + "."
        return None


def _read_given_at(payload, errors):
    value = payload.get("given_at")
    if value is None:
        return None
    try:
        return parse_datetime(value)
    except (TypeError, ValueError, OverflowError):
        errors["given_at"] = "Must be an ISO 8601 date-time, e.g. 2024-05-01T09:30:00Z."
        return None


def _check_formats(strings, errors):
    language = strings.get("language")
    if language is not None and not LANGUAGE_PATTERN.match(language):
        errors["language"] = "Must be a language tag such as en or pt-BR."
    email = strings.get("submitter_email")
    if email:
        try:
            validate_email(email, check_deliverability=False)
        except EmailNotValidError:
            errors["submitter_email"] = "Must be an email address."


def parse_feedback_input(payload):
    """A FeedbackInput from a request body (channel defaults to api); raises a 422."""
    errors = FieldErrors({name: "Unknown field." for name in payload if name not in FEEDBACK_FIELDS})
    source = _read_choice(payload, "source", Source, errors)
    channel = _read_choice(payload, "channel", Channel, errors, default=Channel.API.value)
    integers = {name: _read_integer(payload, name, errors) for name in INTEGER_FIELDS}
    strings = {name: _read_string(payload, name, errors) for name in STRING_LIMITS}
    given_at = _read_given_at(payload, errors)
    _check_formats(strings, errors)
    errors.raise_if_any()
    return FeedbackInput(
        source=source,
        channel=channel,
        given_at=given_at,
        **integers,
        text=strings["text"] or "",
        language=strings["language"] or "en",
        external_id=strings["external_id"] or None,
        submitter_name=strings["submitter_name"] or "",
        submitter_email=strings["submitter_email"] or "",
    )


def _query_integer(args, name, errors, low, high):
    value = args.get(name)
    if value is None:
        return None
    if not re.fullmatch(r"-?\d{1,9}", value) or not low <= int(value) <= high:
        errors[name] = f"Must be a whole number from {low} to {high}."
        return None
    return int(value)


def _query_datetime(args, name, errors):
    value = args.get(name)
    if value is None:
        return None
    try:
        return parse_datetime(value)
    except (ValueError, OverflowError):
        errors[name] = "Must be an ISO 8601 date or date-time."
        return None


def _query_choice(args, name, enum_cls, errors):
    value = args.get(name)
    if value is not None and value not in {member.value for member in enum_cls}:
        errors[name] = "Must be one of: " + ", ".join(member.value for member in enum_cls) + "."
        return None
    return value


def unknown_parameters(args, allowed, errors):
    for name in args:
        if name not in allowed:
            errors[name] = "Unknown parameter."


def parse_limit(args, errors):
    limit = _query_integer(args, "limit", errors, 1, MAX_LIMIT)
    return DEFAULT_LIMIT if limit is None else limit


def parse_feedback_filters(args, errors):
    """FeedbackFilters from query parameters; problems are added to `errors`."""
    unknown_parameters(args, LIST_PARAMETERS, errors)
    return FeedbackFilters(
        partner_id=_query_integer(args, "partner_id", errors, 1, MAX_ID),
        source=_query_choice(args, "source", Source, errors),
        channel=_query_choice(args, "channel", Channel, errors),
        since=_query_datetime(args, "since", errors),
        until=_query_datetime(args, "until", errors),
        min_score=_query_integer(args, "min_score", errors, 0, 10),
        max_score=_query_integer(args, "max_score", errors, 0, 10),
    )


def matches_item(data, item):
    """True when `data` describes the stored `item` (a harmless repeat, not a conflict)."""
    wanted = {
        "source": data.source,
        "channel": data.channel,
        "partner_id": data.partner_id,
        "program_element_id": data.program_element_id,
        "category_id": data.category_id,
        "nps": data.nps,
        "csat": data.csat,
        "rating": data.rating,
        "text": data.text,
        "language": data.language,
        "external_id": data.external_id,
        "submitter_name": data.submitter_name,
        "submitter_email": data.submitter_email,
    }
    if data.given_at is not None:  # omitted means "now", which a repeat cannot match
        wanted["given_at"] = data.given_at
    return all(getattr(item, name) == value for name, value in wanted.items())
