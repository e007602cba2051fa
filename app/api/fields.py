"""The API contract's field types: each one validates, documents and names its problem.

A type here is an `Annotated` pydantic type that carries its rule (range, length,
pattern), the JSON Schema that openapi.json shows for it, and the message a client
reads when a value breaks the rule. Ranges and formats come from app/feedback/constants.py,
the definitions the model, forms, imports and surveys use too."""

import re
from datetime import UTC, date, datetime
from typing import Annotated

from email_validator import EmailNotValidError, validate_email
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    PlainSerializer,
    PlainValidator,
    StrictInt,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from app.core.models import MAX_ID
from app.core.validation import single_line_problem
from app.feedback.constants import LANGUAGE_EXAMPLES, LANGUAGE_PATTERN, MAX_LANGUAGE_LENGTH, SCORE_RANGES

MOMENT_PROBLEM = "Must be an ISO 8601 date or date-time, e.g. 2024-05-01T09:30:00Z."
ONE_LINE_PROBLEM = "Must be one line, without line breaks or control characters."
PROBLEM = "contract_problem"  # the pydantic error type of the rules below
# Query strings carry text: a number there is an optional minus and at most 9 digits.
_QUERY_INTEGER = re.compile(r"-?\d{1,9}")


class Contract(BaseModel):
    """Base of every request and response model: unknown fields are refused, and the
    documented schema says so (additionalProperties: false)."""

    model_config = ConfigDict(extra="forbid")


def _problem(message):
    # Errors of this type carry the message the client reads (app/api/validation.py).
    return PydanticCustomError(PROBLEM, message)


def _bounded(low, high, noun, from_query=False):
    """An int from `low` to `high`, strict in JSON bodies (no "9", 7.0 or true), parsed
    from digits in query strings; one message for any value outside the rule."""
    message = f"Must be {noun} from {low} to {high}."

    def in_range(value):
        if not low <= value <= high:
            raise _problem(message)
        return value

    def from_digits(value):
        if not isinstance(value, str) or not _QUERY_INTEGER.fullmatch(value):
            raise _problem(message)
        return int(value)

    schema = WithJsonSchema({"type": "integer", "minimum": low, "maximum": high})
    if from_query:
        return Annotated[int, PlainValidator(lambda value: in_range(from_digits(value))), schema]
    return Annotated[StrictInt, AfterValidator(in_range), schema]


def score(name, from_query=False):
    """The type of the `nps`, `csat` or `rating` field: its range from SCORE_RANGES."""
    return _bounded(*SCORE_RANGES[name], "a whole number", from_query)


def score_between(low, high, from_query=False):
    return _bounded(low, high, "a whole number", from_query)


Id = _bounded(1, MAX_ID, "an id")  # refused here: the database would fail on an id beyond its column
QueryId = _bounded(1, MAX_ID, "an id", from_query=True)


def _one_line(value):
    if single_line_problem(value):
        raise _problem(ONE_LINE_PROBLEM)
    return value


def limited_text(max_length=None, one_line=True):
    """A string of at most `max_length` characters (pydantic refuses unpaired surrogates),
    one line unless `one_line` is false."""
    text = Annotated[str, StringConstraints(max_length=max_length)]
    return Annotated[text, AfterValidator(_one_line)] if one_line else text


def _language(value):
    if not re.fullmatch(LANGUAGE_PATTERN, value):
        raise _problem(f"Must be a language tag such as {LANGUAGE_EXAMPLES}.")
    return value


Language = Annotated[
    str,
    StringConstraints(max_length=MAX_LANGUAGE_LENGTH),
    AfterValidator(_language),
    WithJsonSchema({"type": "string", "maxLength": MAX_LANGUAGE_LENGTH, "pattern": LANGUAGE_PATTERN}),
]


def _email(value):
    if value:  # empty means "not given"
        try:
            validate_email(value, check_deliverability=False)
        except EmailNotValidError:
            raise _problem("Must be an email address.") from None
    return value


def email(max_length):
    """An email address kept as sent (pydantic's EmailStr would normalise it)."""
    return Annotated[
        limited_text(max_length),
        AfterValidator(_email),
        WithJsonSchema({"type": "string", "maxLength": max_length, "format": "email"}),
    ]


def parse_moment(value):
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


def _moment(value):
    try:
        return parse_moment(value)
    except (TypeError, ValueError, OverflowError):
        raise _problem(MOMENT_PROBLEM) from None


# Input: an ISO 8601 date or date-time, stored as naive UTC.
Moment = Annotated[
    datetime,
    PlainValidator(_moment),
    WithJsonSchema({"type": "string", "description": "ISO 8601 date-time (without an offset: UTC) or date."}),
]


def iso_datetime(value):
    """A stored naive-UTC datetime as RFC 3339 with a Z (None stays None)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")


# Output: a stored naive-UTC datetime shown as RFC 3339 with a Z.
UtcDateTime = Annotated[
    datetime,
    PlainSerializer(iso_datetime, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]

