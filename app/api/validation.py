"""Reading requests through the contract's models: one 422 naming every field at fault.

The JSON body is read here first (415, 400 and 413 come before any field is looked
at); then a pydantic model of app/api/requests.py validates it, and each pydantic
error becomes a short message under the field's name."""

import enum
import typing

from flask import request
from pydantic import ValidationError

from app.api.errors import ApiError
from app.api.fields import PROBLEM

# Our bodies are flat objects; anything deeper than this is refused before it is used.
MAX_JSON_DEPTH = 20
TOO_DEEP = f"The body nests lists or objects deeper than {MAX_JSON_DEPTH} levels."
UNKNOWN_FIELD = "Unknown field."
UNKNOWN_PARAMETER = "Unknown parameter."
# Messages for pydantic's own error types; the field types of app/api/fields.py raise
# PROBLEM errors whose message is already the one to show.
MESSAGES = {
    "missing": "Required.",
    "int_type": "Must be a whole number.",
    "string_type": "Must be a string.",
    "string_unicode": "Contains invalid Unicode (an unpaired surrogate).",
    "string_too_long": "Must be at most {max_length} characters.",
}


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


def validated(model, data, unknown=UNKNOWN_FIELD):
    """`data` as an instance of `model`, or a 422 whose `fields` name every problem
    (`unknown` is the message for a name the model does not define)."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ApiError(422, fields=field_problems(error, model, unknown)) from None


def query_parameters(model):
    """The request's query string as `model` (a repeated parameter counts once, its first value)."""
    return validated(model, request.args.to_dict(), UNKNOWN_PARAMETER)


def field_problems(error, model, unknown=UNKNOWN_FIELD):
    """{field: message} for a pydantic ValidationError of `model` (the first problem per field)."""
    problems = {}
    for detail in error.errors(include_url=False):
        name = ".".join(str(part) for part in detail["loc"]) or "body"
        problems.setdefault(name, _message(detail, model, unknown))
    return problems


def _message(detail, model, unknown):
    kind = detail["type"]
    if kind == "extra_forbidden":
        return unknown
    if kind == "enum":
        choices = _choices(model, detail["loc"][0])
        if choices:
            return "Must be one of: " + ", ".join(choices) + "."
    if kind == PROBLEM:
        return detail["msg"]
    if kind in MESSAGES:
        return MESSAGES[kind].format(**detail.get("ctx") or {})
    return detail["msg"] + "."


def _choices(model, name):
    field = model.model_fields.get(name)
    if field is None:
        return None
    candidates = typing.get_args(field.annotation) or (field.annotation,)
    for candidate in candidates:
        if isinstance(candidate, type) and issubclass(candidate, enum.Enum):
            return [member.value for member in candidate]
    return None
