"""API views: thin wrappers that read input through the contract, call a service and shape JSON.

Each view is registered with `operation()`, which also documents it (app/api/operations.py)."""

from flask import jsonify, url_for
from sqlalchemy.exc import IntegrityError

from app.api import bp
from app.api.auth import requires_scope
from app.api.errors import ApiError
from app.api.idempotency import (
    HEADER_PARAMETER,
    fingerprint,
    idempotency_key,
    remember_response,
    stored_response,
)
from app.api.operations import Success, operation
from app.api.pagination import InvalidCursor, feedback_page, partners_page
from app.api.requests import FeedbackInput, FeedbackQuery, PageQuery, matches_item
from app.api.resources import (
    Feedback,
    FeedbackList,
    Partner,
    PartnerList,
    feedback_resource,
    page_resource,
)
from app.api.validation import json_object_body, query_parameters, validated
from app.core.errors import ServiceError
from app.core.permissions import get_or_404
from app.extensions import db
from app.feedback.models import FeedbackItem
from app.feedback.services import record_feedback
from app.integrations.models import ApiScope

LOCATION = ("Location",)
CREATED = {
    "201": Success(
        "Created. An item with text answers with `analysis: pending`: its labels follow in the background.",
        Feedback,
        headers=LOCATION,
    ),
    "200": Success(
        "A repeat of a stored item (same external_id and values; as it is now), or a replay for a repeated "
        "Idempotency-Key (the original answer, unchanged: it may still say `pending`).",
        Feedback,
    ),
}


@bp.after_request
def no_store(response):
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def _with_location(response, item_id):
    response.headers["Location"] = url_for("api.get_feedback", feedback_id=item_id)
    return response


def _record(data):
    """(response, created) for a new item; 422 for invalid data, 409 for a conflicting repeat."""
    try:
        # Stored now, analysed by a job after the commit ("analysis": "pending" until then).
        item, created = record_feedback(data, defer_analysis=True)
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
    response = _record(validated(FeedbackInput, payload).feedback_input())
    if key is not None:
        remember_response(key, request_fingerprint, response)
    db.session.commit()
    return response


@operation(
    "post",
    "/feedback",
    CREATED,
    errors=(400, 401, 403, 409, 413, 415, 422, 429),
    body=FeedbackInput,
    headers=(HEADER_PARAMETER,),
)
@requires_scope(ApiScope.WRITE)
def create_feedback():
    """Record a feedback item (scope: write)."""
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


@operation(
    "get",
    "/feedback",
    {"200": Success("A page of items.", FeedbackList)},
    errors=(401, 403, 422, 429),
    query=FeedbackQuery,
)
@requires_scope(ApiScope.READ)
def list_feedback():
    """Feedback items, newest first (scope: read)."""
    query = query_parameters(FeedbackQuery)
    try:
        items, next_cursor = feedback_page(query.filters(), query.limit, query.cursor)
    except InvalidCursor as error:
        raise _invalid_cursor() from error
    return jsonify(page_resource(FeedbackList, [Feedback.of(item) for item in items], next_cursor))


@operation(
    "get",
    "/feedback/<int:feedback_id>",
    {"200": Success("The item.", Feedback)},
    errors=(401, 403, 404, 429),
)
@requires_scope(ApiScope.READ)
def get_feedback(feedback_id):
    """One feedback item (scope: read)."""
    return jsonify(feedback_resource(get_or_404(FeedbackItem, feedback_id)))


@operation(
    "get",
    "/partners",
    {"200": Success("A page of partners.", PartnerList)},
    errors=(401, 403, 422, 429),
    query=PageQuery,
)
@requires_scope(ApiScope.READ)
def list_partners():
    """The tenant's partners, oldest first (scope: read)."""
    query = query_parameters(PageQuery)
    try:
        partners, next_cursor = partners_page(query.limit, query.cursor)
    except InvalidCursor as error:
        raise _invalid_cursor() from error
    return jsonify(page_resource(PartnerList, [Partner.of(partner) for partner in partners], next_cursor))
