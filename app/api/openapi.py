"""The OpenAPI 3.1 document, served at /api/v1/openapi.json, generated from the contract.

Schemas come from the pydantic models (pydantic's JSON Schema is the dialect OpenAPI
3.1 uses), paths from the operations the views registered (app/api/operations.py).
Written by hand here is only what no model holds: the title, the security scheme,
what each error status means, and the webhook's signature headers.
tests/api/test_openapi.py checks real responses against the document."""

from flask import current_app, jsonify
from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, models_json_schema

from app.api import routes  # noqa: F401  (its views register the operations described here)
from app.api.errors import Error
from app.api.fields import Id
from app.api.operations import OPERATIONS, Success, operation
from app.api.requests import FeedbackInput
from app.api.resources import FEEDBACK_CREATED, WebhookEvent
from app.integrations.services.webhooks import SIGNATURE_HEADER, TIMESTAMP_HEADER

JSON = "application/json"
SCHEMAS = "#/components/schemas/"
DESCRIPTION = (
    "Record and read partner and customer feedback. Errors are JSON objects "
    "with `error`, `message` and `status` (and `fields` for 422)."
)
# (component name, description, response headers) of each error status.
ERRORS = {
    400: ("BadRequest", "Malformed JSON, a body that is not an object, or a malformed header.", ()),
    401: ("Unauthorized", "Missing, unknown or revoked token.", ("WWW-Authenticate",)),
    403: ("Forbidden", "The token lacks the scope this request needs.", ()),
    404: ("NotFound", "No such resource in the token's tenant.", ()),
    409: ("Conflict", "The external_id (or identical content) exists with different values.", ()),
    413: ("TooLarge", "The body is larger than allowed.", ()),
    415: ("UnsupportedMediaType", "The body is not sent as application/json.", ()),
    422: ("ValidationFailed", "Invalid fields or parameters; see `fields`.", ()),
    429: ("TooManyRequests", "Rate limit of the token exceeded; retry later.", ()),
}


class _Schemas(GenerateJsonSchema):
    """pydantic's generator without a title on every property (names say it already)."""

    def field_title_should_be_set(self, schema):
        return False


def _component_schemas(operations):
    """(JSON Schema of each model by (model, mode), components' schemas by name)."""
    models = {(FeedbackInput, "validation"), (Error, "serialization"), (WebhookEvent, "serialization")}
    for op in operations:
        models.update((model, "validation") for model in (op.body, op.query) if model)
        models.update((s.model, "serialization") for s in op.successes.values() if s.model)
    refs, defs = models_json_schema(
        sorted(models, key=lambda pair: pair[0].__name__),
        ref_template=SCHEMAS + "{model}",
        schema_generator=_Schemas,
    )
    return refs, defs.get("$defs", {})


def _without_null(schema):
    """A query parameter's schema: a missing parameter is how a client says "none"."""
    schema = {key: value for key, value in schema.items() if key not in ("default", "description")}
    if "anyOf" in schema:
        branches = [branch for branch in schema.pop("anyOf") if branch != {"type": "null"}]
        schema = {**schema, **branches[0]} if len(branches) == 1 else {**schema, "anyOf": branches}
    return schema


def _query_parameters(schema):
    parameters = []
    for name, field_schema in schema["properties"].items():
        parameter = {"name": name, "in": "query", "required": False, "schema": _without_null(field_schema)}
        if "default" in field_schema and field_schema["default"] is not None:
            parameter["schema"]["default"] = field_schema["default"]
        if "description" in field_schema:
            parameter["description"] = field_schema["description"]
        parameters.append(parameter)
    return parameters


def _path_parameter(name):
    return {"name": name, "in": "path", "required": True, "schema": TypeAdapter(Id).json_schema()}


def _success(answer, refs):
    schema = refs[(answer.model, "serialization")] if answer.model else {"type": "object"}
    response = {"description": answer.description, "content": {JSON: {"schema": schema}}}
    if answer.headers:
        response["headers"] = {name: {"schema": {"type": "string"}} for name in answer.headers}
    return response


def _operation(op, refs, defs):
    described = {"operationId": _camel(op.endpoint), "summary": op.summary}
    if op.public:
        described["security"] = []
    parameters = [_path_parameter(name) for name in op.path_parameters] + list(op.headers)
    if op.query:
        parameters += _query_parameters(defs[op.query.__name__])
    if parameters:
        described["parameters"] = parameters
    if op.body:
        schema = refs[(op.body, "validation")]
        described["requestBody"] = {"required": True, "content": {JSON: {"schema": schema}}}
    responses = {status: _success(answer, refs) for status, answer in op.successes.items()}
    responses.update({str(status): {"$ref": f"#/components/responses/{ERRORS[status][0]}"} for status in op.errors})
    described["responses"] = responses
    return described


def _camel(name):
    first, *rest = name.split("_")
    return first + "".join(part.capitalize() for part in rest)


def _error_responses():
    responses = {}
    for name, description, headers in ERRORS.values():
        response = {"description": description, "content": {JSON: {"schema": {"$ref": SCHEMAS + "Error"}}}}
        if headers:
            response["headers"] = {header: {"schema": {"type": "string"}} for header in headers}
        responses[name] = response
    return responses


def _webhooks():
    def header(name, pattern, description):
        schema = {"type": "string", "pattern": pattern}
        return {"name": name, "in": "header", "required": True, "schema": schema, "description": description}

    signature = header(
        SIGNATURE_HEADER, "^sha256=[0-9a-f]{64}$", "HMAC-SHA256 of the timestamp, a dot and the raw body, in hex."
    )
    timestamp = header(TIMESTAMP_HEADER, "^[0-9]+$", "Unix time of this attempt.")
    return {
        FEEDBACK_CREATED: {
            "post": {
                "summary": "A feedback item was recorded in the tenant.",
                "parameters": [signature, timestamp],
                "requestBody": {"required": True, "content": {JSON: {"schema": {"$ref": SCHEMAS + "WebhookEvent"}}}},
                "responses": {"2XX": {"description": "Received. Anything else (or no answer) is retried."}},
            },
        },
    }


def _paths(refs, defs):
    paths = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method] = _operation(op, refs, defs)
    for op in OPERATIONS:  # query models became parameters; they are no schemas of their own
        if op.query:
            defs.pop(op.query.__name__, None)
    return paths


def openapi_document(base_url):
    """The whole document; `base_url` is where the app is served."""
    refs, defs = _component_schemas(OPERATIONS)
    paths = _paths(refs, defs)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Partnerloop API", "version": "1.0.0", "description": DESCRIPTION},
        "servers": [{"url": f"{base_url}/api/v1"}],
        "security": [{"bearerAuth": []}],
        "paths": paths,
        "webhooks": _webhooks(),
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A tenant API token (scopes: read, write).",
                }
            },
            "schemas": defs,
            "responses": _error_responses(),
        },
    }


@operation(
    "get",
    "/openapi.json",
    {"200": Success("The OpenAPI document.")},
    public=True,
    endpoint="openapi_document",
)
def serve_openapi_document():
    """This document (no token needed)."""
    response = jsonify(openapi_document(current_app.config["BASE_URL"]))
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
