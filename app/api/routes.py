"""API views: thin wrappers that parse input, call a service and shape JSON."""

from flask import current_app, jsonify, request, url_for
from sqlalchemy.exc import IntegrityError

from app.api import bp
from app.api.auth import requires_scope
from app.api.errors import ApiError
from app.api.idempotency import fingerprint, idempotency_key, remember_response, stored_response
from app.api.openapi import openapi_document as build_openapi_document
from app.api.pagination import InvalidCursor, feedback_page, partners_page
from app.api.resources import feedback_resource, partner_resource
from app.api.schemas import (
    FieldErrors,
    json_object_body,
    matches_item,
    parse_feedback_filters,
    parse_feedback_input,
    parse_limit,
    unknown_parameters,
)
from app.core.errors import ServiceError
from app.core.permissions import get_or_404
from app.extensions import db
from app.feedback.models import FeedbackItem
from app.feedback.services import record_feedback
from app.integrations.models import ApiScope


@bp.after_request
def no_store(response):
    response.headers.setdefault("Cache-Control", "no-store")
    return response


@bp.get("/openapi.json")
def openapi_document():
    response = jsonify(build_openapi_document(current_app.config["BASE_URL"]))
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


def _with_location(response, item_id):
    response.headers["Location"] = url_for("api.get_feedback", feedback_id=item_id)
    return response


def _record(data):
    """(response, created) for a new item; 422 for invalid data, 409 for a conflicting repeat."""
    try:
        item, created = record_feedback(data)
    except ServiceError as error:
        db.session.rollback()
        raise ApiError(
            422, error.message, fields={error.field: error.message} if error.field else None
        ) from error
    if not created and not matches_item(data, item):
        raise ApiError(
            409, "This item was already recorded (same external_id or content) with different values."
        )
    response = jsonify(feedback_resource(item))
    response.status_code = 201 if created else 200
    return _with_location(response, item.id)


def _create_once(payload, key):
    request_fingerprint = fingerprint(payload)
    if key is not None:
        replay = stored_response(key, request_fingerprint)
        if replay is not None:
            return _with_location(replay, replay.json["id"])
    response = _record(parse_feedback_input(payload))
    if key is not None:
        remember_response(key, request_fingerprint, response)
    db.session.commit()
    return response


@bp.post("/feedback")
@requires_scope(ApiScope.WRITE)
def create_feedback():
    payload = json_object_body()
    key = idempotency_key()
    try:
        return _create_once(payload, key)
    except IntegrityError:
        # A concurrent request with the same Idempotency-Key or external_id committed
        # first; on the second try its row is visible and answers this request.
        db.session.rollback()
        return _create_once(payload, key)


def _invalid_cursor():
    return ApiError(422, fields={"cursor": "Not a cursor this API returned."})


@bp.get("/feedback")
@requires_scope(ApiScope.READ)
def list_feedback():
    errors = FieldErrors()
    filters = parse_feedback_filters(request.args, errors)
    limit = parse_limit(request.args, errors)
    errors.raise_if_any()
    try:
        items, next_cursor = feedback_page(filters, limit, request.args.get("cursor"))
    except InvalidCursor as error:
        raise _invalid_cursor() from error
    return jsonify(data=[feedback_resource(item) for item in items], next_cursor=next_cursor)


@bp.get("/feedback/<int:feedback_id>")
@requires_scope(ApiScope.READ)
def get_feedback(feedback_id):
    return jsonify(feedback_resource(get_or_404(FeedbackItem, feedback_id)))


@bp.get("/partners")
@requires_scope(ApiScope.READ)
def list_partners():
    errors = FieldErrors()
    unknown_parameters(request.args, ("limit", "cursor"), errors)
    limit = parse_limit(request.args, errors)
    errors.raise_if_any()
    try:
        partners, next_cursor = partners_page(limit, request.args.get("cursor"))
    except InvalidCursor as error:
        raise _invalid_cursor() from error
    return jsonify(data=[partner_resource(partner) for partner in partners], next_cursor=next_cursor)
