"""JSON error bodies for the API: {"error", "message", "status"} plus `fields` for 422."""

from flask import jsonify
from pydantic import Field
from werkzeug.exceptions import HTTPException

from app.api import bp
from app.api.fields import Contract
from app.core.error_pages import MESSAGES

TITLES = {
    **{code: title for code, (title, _) in MESSAGES.items()},
    401: "Unauthorized",
    403: "Forbidden",
    409: "Conflict",
    415: "Unsupported media type",
    422: "Validation failed",
}
DEFAULT_MESSAGES = {
    **{code: message for code, (_, message) in MESSAGES.items()},
    401: "Send a valid API token as `Authorization: Bearer <token>`.",
    403: "This token's scopes do not allow this request.",
    404: "No such resource.",
    413: "The request body is larger than allowed.",
    415: "Send the body as JSON with `Content-Type: application/json`.",
    422: "Some fields are not valid.",
}
AUTHENTICATE_HEADER = 'Bearer realm="partnerloop-api"'


class Error(Contract):
    """The body of every error answer."""

    error: str = Field(description="Short title of the status, e.g. `Not found`.")
    message: str
    status: int
    fields: dict[str, str] = Field(
        default_factory=dict,
        description="422 only: a message per field (or query parameter, or header) at fault.",
    )


class ApiError(Exception):
    """An API failure with its status, message and (for 422) per-field messages."""

    def __init__(self, status, message=None, fields=None, headers=None):
        super().__init__(message or DEFAULT_MESSAGES.get(status, ""))
        self.status = status
        self.message = message or DEFAULT_MESSAGES.get(status, "The request failed.")
        self.fields = fields
        self.headers = headers or {}


def unauthorized(message=None, error="invalid_token"):
    header = f'{AUTHENTICATE_HEADER}, error="{error}"' if error else AUTHENTICATE_HEADER
    return ApiError(401, message, headers={"WWW-Authenticate": header})


def error_response(status, message=None, fields=None, headers=None):
    body = Error(
        error=TITLES.get(status, "Error"),
        message=message or DEFAULT_MESSAGES.get(status, ""),
        status=status,
        fields=fields or {},
    )
    response = jsonify(body.model_dump(mode="json", exclude_defaults=True))
    response.status_code = status
    response.headers.update(headers or {})
    return response


@bp.errorhandler(ApiError)
def handle_api_error(error):
    return error_response(error.status, error.message, error.fields, error.headers)


@bp.errorhandler(HTTPException)
def handle_http_exception(error):
    status = error.code or 500
    return error_response(status, DEFAULT_MESSAGES.get(status))
