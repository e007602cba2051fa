"""The OpenAPI 3.1 description of the API, served at /api/v1/openapi.json.

tests/api/test_openapi.py validates this document and checks real responses,
successes and errors, against it, so it has to say exactly what the API does."""

from app.api.idempotency import HEADER as IDEMPOTENCY_HEADER
from app.api.schemas import DEFAULT_LIMIT, MAX_ID, MAX_LIMIT
from app.feedback.models import Channel, FeedbackStatus, LoopResponse, SentimentLabel, Source
from app.partners.models import PartnerStatus

JSON = "application/json"


def _ref(kind, name):
    return {"$ref": f"#/components/{kind}/{name}"}


def _nullable(schema_type, **extra):
    return {"type": [schema_type, "null"], **extra}


def _enum(enum_cls, nullable=False):
    values = [member.value for member in enum_cls]
    return (
        {"type": ["string", "null"], "enum": [*values, None]}
        if nullable
        else {"type": "string", "enum": values}
    )


def _id(nullable=False):
    return {"type": ["integer", "null"] if nullable else "integer", "minimum": 1, "maximum": MAX_ID}


def _score(low, high):
    return {"type": ["integer", "null"], "minimum": low, "maximum": high}


def _error_response(description, extra_headers=None):
    response = {"description": description, "content": {JSON: {"schema": _ref("schemas", "Error")}}}
    if extra_headers:
        response["headers"] = extra_headers
    return response


FEEDBACK_INPUT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["source"],
    "properties": {
        "source": _enum(Source),
        "channel": {**_enum(Channel), "default": Channel.API.value},
        "partner_id": {**_id(nullable=True), "description": "A partner of the token's tenant."},
        "program_element_id": _id(nullable=True),
        "category_id": _id(nullable=True),
        "nps": _score(0, 10),
        "csat": _score(1, 5),
        "rating": _score(1, 5),
        "text": _nullable("string", maxLength=100_000, description="Any Unicode except NUL; stored exactly."),
        "language": _nullable(
            "string", maxLength=16, pattern=r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$", default="en"
        ),
        "given_at": _nullable(
            "string",
            description=(
                "ISO 8601 date-time (without an offset it is UTC) or date; not in the future. Default: now."
            ),
        ),
        "external_id": _nullable(
            "string",
            maxLength=200,
            description=(
                "Your id for the item. A repeat with the same values returns the stored item (200); "
                "with different values it is a 409."
            ),
        ),
        "submitter_name": _nullable("string", maxLength=120),
        "submitter_email": _nullable("string", maxLength=254, format="email"),
    },
}

FEEDBACK = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "id",
        "source",
        "channel",
        "status",
        "partner_id",
        "program_element_id",
        "category_id",
        "nps",
        "csat",
        "rating",
        "text",
        "language",
        "link_url",
        "given_at",
        "recorded_at",
        "external_id",
        "submitter_name",
        "submitter_email",
        "anonymous",
        "sentiment",
        "loop_response",
    ],
    "properties": {
        "id": {"type": "integer"},
        "source": _enum(Source),
        "channel": _enum(Channel),
        "status": _enum(FeedbackStatus),
        "partner_id": _nullable("integer"),
        "program_element_id": _nullable("integer"),
        "category_id": _nullable("integer"),
        "nps": _score(0, 10),
        "csat": _score(1, 5),
        "rating": _score(1, 5),
        "text": {"type": "string"},
        "language": {"type": "string"},
        "link_url": {"type": "string"},
        "given_at": {"type": "string", "format": "date-time"},
        "recorded_at": {"type": "string", "format": "date-time"},
        "external_id": _nullable("string"),
        "submitter_name": {"type": "string", "description": "Empty for anonymous items."},
        "submitter_email": {"type": "string", "description": "Empty for anonymous items."},
        "anonymous": {
            "type": "boolean",
            "description": "Always false: anonymous survey answers are never listed or returned one by one.",
        },
        "sentiment": {
            "type": "object",
            "additionalProperties": False,
            "required": ["score", "label"],
            "properties": {"score": _nullable("number"), "label": _enum(SentimentLabel, nullable=True)},
        },
        "loop_response": _enum(LoopResponse, nullable=True),
    },
}

PARTNER = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "name", "status", "tier", "region", "vertical", "created_at"],
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "status": _enum(PartnerStatus),
        "tier": _nullable("string"),
        "region": {"type": "string"},
        "vertical": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"},
    },
}

ERROR = {
    "type": "object",
    "additionalProperties": False,
    "required": ["error", "message", "status"],
    "properties": {
        "error": {"type": "string", "description": "Short title of the status, e.g. `Not found`."},
        "message": {"type": "string"},
        "status": {"type": "integer"},
        "fields": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "422 only: a message per field (or query parameter, or header) at fault.",
        },
    },
}


def _list_of(item_schema_name):
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["data", "next_cursor"],
        "properties": {
            "data": {"type": "array", "items": _ref("schemas", item_schema_name)},
            "next_cursor": _nullable(
                "string", description="Pass as `cursor` for the next page; null on the last."
            ),
        },
    }


WEBHOOK_EVENT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "type", "created_at", "data"],
    "properties": {
        "id": {
            "type": "string",
            "description": "Unique per event; the same on every retry. Deduplicate on it.",
        },
        "type": {"type": "string", "enum": ["feedback.created"]},
        "created_at": {"type": "string", "format": "date-time"},
        "data": _ref("schemas", "Feedback"),
    },
}


def _query(name, schema, description):
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


PARAMETERS = {
    "Limit": _query(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
        "Items per page.",
    ),
    "Cursor": _query("cursor", {"type": "string"}, "The `next_cursor` of the previous page."),
    "PartnerId": _query("partner_id", _id(), "Only items about this partner."),
    "Source": _query("source", _enum(Source), "Only items from this source."),
    "Channel": _query("channel", _enum(Channel), "Only items from this channel."),
    "Since": _query("since", {"type": "string"}, "ISO 8601 date or date-time: given at or after it."),
    "Until": _query("until", {"type": "string"}, "ISO 8601 date or date-time: given before it."),
    "MinScore": _query(
        "min_score",
        {"type": "integer", "minimum": 0, "maximum": 10},
        "Score (NPS, else CSAT, else rating) at least this.",
    ),
    "MaxScore": _query(
        "max_score",
        {"type": "integer", "minimum": 0, "maximum": 10},
        "Score (NPS, else CSAT, else rating) at most this.",
    ),
    "FeedbackId": {"name": "feedback_id", "in": "path", "required": True, "schema": _id()},
    "IdempotencyKey": {
        "name": IDEMPOTENCY_HEADER,
        "in": "header",
        "required": False,
        "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
        "description": "Repeat the request safely: the same key and body return the original response.",
    },
}

RESPONSES = {
    "BadRequest": _error_response("Malformed JSON, a body that is not an object, or a malformed header."),
    "Unauthorized": _error_response(
        "Missing, unknown or revoked token.",
        {
            "WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer challenge."},
        },
    ),
    "Forbidden": _error_response("The token lacks the scope this request needs."),
    "NotFound": _error_response("No such resource in the token's tenant."),
    "Conflict": _error_response("The external_id (or identical content) exists with different values."),
    "TooLarge": _error_response("The body is larger than allowed."),
    "UnsupportedMediaType": _error_response("The body is not sent as application/json."),
    "ValidationFailed": _error_response("Invalid fields or parameters; see `fields`."),
    "TooManyRequests": _error_response("Rate limit of the token exceeded; retry later."),
}


def _responses(ok_status, ok_description, ok_schema, *errors):
    table = {ok_status: {"description": ok_description, "content": {JSON: {"schema": ok_schema}}}}
    codes = {
        "400": "BadRequest",
        "401": "Unauthorized",
        "403": "Forbidden",
        "404": "NotFound",
        "409": "Conflict",
        "413": "TooLarge",
        "415": "UnsupportedMediaType",
        "422": "ValidationFailed",
        "429": "TooManyRequests",
    }
    table.update({code: _ref("responses", codes[code]) for code in errors})
    return table


def _create_feedback_operation():
    responses = _responses(
        "201", "Created.", _ref("schemas", "Feedback"), "400", "401", "403", "409", "413", "415", "422", "429"
    )
    responses["201"]["headers"] = {"Location": {"schema": {"type": "string"}}}
    responses["200"] = {
        "description": "A repeat of a stored item (same external_id and values), "
        "or a replay for a repeated Idempotency-Key.",
        "content": {JSON: {"schema": _ref("schemas", "Feedback")}},
    }
    return {
        "operationId": "createFeedback",
        "summary": "Record a feedback item (scope: write).",
        "parameters": [_ref("parameters", "IdempotencyKey")],
        "requestBody": {"required": True, "content": {JSON: {"schema": _ref("schemas", "FeedbackInput")}}},
        "responses": responses,
    }


def _paths():
    filters = ["PartnerId", "Source", "Channel", "Since", "Until", "MinScore", "MaxScore", "Limit", "Cursor"]
    return {
        "/feedback": {
            "post": _create_feedback_operation(),
            "get": {
                "operationId": "listFeedback",
                "summary": "Feedback items, newest first (scope: read).",
                "parameters": [_ref("parameters", name) for name in filters],
                "responses": _responses(
                    "200", "A page of items.", _ref("schemas", "FeedbackList"), "401", "403", "422", "429"
                ),
            },
        },
        "/feedback/{feedback_id}": {
            "get": {
                "operationId": "getFeedback",
                "summary": "One feedback item (scope: read).",
                "parameters": [_ref("parameters", "FeedbackId")],
                "responses": _responses(
                    "200", "The item.", _ref("schemas", "Feedback"), "401", "403", "404", "429"
                ),
            },
        },
        "/partners": {
            "get": {
                "operationId": "listPartners",
                "summary": "The tenant's partners, oldest first (scope: read).",
                "parameters": [_ref("parameters", "Limit"), _ref("parameters", "Cursor")],
                "responses": _responses(
                    "200", "A page of partners.", _ref("schemas", "PartnerList"), "401", "403", "422", "429"
                ),
            },
        },
        "/openapi.json": {
            "get": {
                "operationId": "openapiDocument",
                "summary": "This document (no token needed).",
                "security": [],
                "responses": {
                    "200": {
                        "description": "The OpenAPI document.",
                        "content": {JSON: {"schema": {"type": "object"}}},
                    }
                },
            },
        },
    }


def _webhooks():
    signature = {
        "name": "X-Partnerloop-Signature",
        "in": "header",
        "required": True,
        "schema": {"type": "string", "pattern": "^sha256=[0-9a-f]{64}$"},
        "description": "HMAC-SHA256 of the raw body under the endpoint's secret, in hex.",
    }
    timestamp = {
        "name": "X-Partnerloop-Timestamp",
        "in": "header",
        "required": True,
        "schema": {"type": "string", "pattern": "^[0-9]+$"},
        "description": "Unix time of this attempt.",
    }
    return {
        "feedback.created": {
            "post": {
                "summary": "A feedback item was recorded in the tenant.",
                "parameters": [signature, timestamp],
                "requestBody": {
                    "required": True,
                    "content": {JSON: {"schema": _ref("schemas", "WebhookEvent")}},
                },
                "responses": {"2XX": {"description": "Received. Anything else (or no answer) is retried."}},
            },
        },
    }


def openapi_document(base_url):
    """The whole document; `base_url` is where the app is served."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Partnerloop API",
            "version": "1.0.0",
            "description": "Record and read partner and customer feedback. Errors are JSON objects "
            "with `error`, `message` and `status` (and `fields` for 422).",
        },
        "servers": [{"url": f"{base_url}/api/v1"}],
        "security": [{"bearerAuth": []}],
        "paths": _paths(),
        "webhooks": _webhooks(),
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A tenant API token (scopes: read, write).",
                }
            },
            "schemas": {
                "FeedbackInput": FEEDBACK_INPUT,
                "Feedback": FEEDBACK,
                "Partner": PARTNER,
                "FeedbackList": _list_of("Feedback"),
                "PartnerList": _list_of("Partner"),
                "Error": ERROR,
                "WebhookEvent": WEBHOOK_EVENT,
            },
            "parameters": PARAMETERS,
            "responses": RESPONSES,
        },
    }
